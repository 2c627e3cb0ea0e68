"""The lora kind on a tiny, randomly initialised Hugging Face causal LM written to a temp folder.

Runs when `transformers`, `peft` and `tokenizers` import (GPU machines; CPU works too, slowly), and is
skipped with the reason printed otherwise. The missing-dependency path is tested everywhere.
"""
import json
import os
import sys
import tempfile
import unittest

from genrm.trainer.tests.helpers import run_main, toy_rows, write_jsonl

try:
    import peft  # noqa: F401
    import tokenizers
    import transformers

    HF_REASON = ""
except ImportError as e:  # pragma: no cover - depends on the machine
    HF_REASON = f"transformers/peft/tokenizers not importable ({e}): the lora kind is not exercised on this machine"


def write_tiny_hf_model(folder: str, rows: list[dict]) -> None:
    """A word-level tokenizer over the toy data's words and a 2-layer Llama with random weights."""
    words = sorted({w for r in rows for w in (r["prompt"] + r["completion"]).split()})
    vocab = {"<pad>": 0, "<unk>": 1, "<s>": 2, "</s>": 3, **{w: i + 4 for i, w in enumerate(words)}}
    tok = tokenizers.Tokenizer(tokenizers.models.WordLevel(vocab=vocab, unk_token="<unk>"))
    tok.pre_tokenizer = tokenizers.pre_tokenizers.WhitespaceSplit()
    fast = transformers.PreTrainedTokenizerFast(tokenizer_object=tok, unk_token="<unk>", pad_token="<pad>", bos_token="<s>", eos_token="</s>")
    fast.save_pretrained(folder)
    config = transformers.LlamaConfig(vocab_size=len(vocab), hidden_size=64, intermediate_size=128, num_hidden_layers=2, num_attention_heads=4,
                                      num_key_value_heads=4, max_position_embeddings=128, pad_token_id=0, bos_token_id=2, eos_token_id=3)
    transformers.LlamaForCausalLM(config).save_pretrained(folder)


class LoraTest(unittest.TestCase):
    @unittest.skipIf(HF_REASON, HF_REASON)
    def test_trains_an_adapter_on_a_tiny_random_model(self):
        with tempfile.TemporaryDirectory() as tmp:
            rows = toy_rows(96)
            base = os.path.join(tmp, "base")
            write_tiny_hf_model(base, rows)
            data = write_jsonl(os.path.join(tmp, "toy.jsonl"), rows)
            out = os.path.join(tmp, "out")
            code, events = run_main(["--kind", "lora", "--base-model", base, "--data", data, "--out-dir", out, "--epochs", "2",
                                     "--batch-size", "8", "--lr", "1e-3", "--lora-r", "4", "--max-length", "64", "--log-every", "2"])
            self.assertEqual(code, 0, events[-1:])
            metrics = events[-1]
            self.assertEqual(metrics["type"], "metrics")
            self.assertEqual(metrics["kind"], "lora")
            self.assertGreater(metrics["weight_change"], 0.0)
            self.assertTrue(any(e["type"] == "progress" for e in events))
            for f in ("adapter_config.json", "genrm_config.json"):
                self.assertTrue(os.path.exists(os.path.join(out, f)), f)
            self.assertTrue(any(n.startswith("adapter_model") for n in os.listdir(out)))
            with open(os.path.join(out, "genrm_config.json")) as fh:
                cfg = json.load(fh)
            self.assertEqual(len(set(cfg["verdict_first_token_ids"].values())), 3)
            print(f"\n[lora] device {metrics['device']} {metrics['dtype']}: {metrics['steps']} steps, "
                  f"{metrics['ex_per_s']:.1f} ex/s, val_accuracy {metrics.get('val_accuracy')}", file=sys.stderr)

    def test_without_transformers_the_job_fails_early_saying_what_is_missing(self):
        if not HF_REASON:
            self.skipTest("transformers and peft are installed here")
        with tempfile.TemporaryDirectory() as tmp:
            data = write_jsonl(os.path.join(tmp, "toy.jsonl"), toy_rows(30))
            code, events = run_main(["--kind", "lora", "--base-model", tmp, "--data", data, "--out-dir", os.path.join(tmp, "out")])
            self.assertNotEqual(code, 0)
            self.assertEqual(events[-1]["type"], "error")
            self.assertIn("transformers and peft", events[-1]["message"])


if __name__ == "__main__":
    unittest.main()
