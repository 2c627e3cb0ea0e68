"""The tiny kind end to end, on a toy task that trains in seconds on 2 CPU cores."""
import json
import os
import tempfile
import unittest

import torch

from genrm.trainer.export_onnx import load_model
from genrm.trainer.model import TinyConfig, TinyGPT, collate
from genrm.trainer.tests.helpers import FAST, run_cli, run_main, toy_rows, write_jsonl


class ModelTest(unittest.TestCase):
    def test_last_position_path_equals_the_full_forward(self):
        torch.manual_seed(0)
        m = TinyGPT(TinyConfig(context_length=64, d_model=32, n_layer=3, n_head=4, section_pool=True)).eval()
        ids, lengths = collate([[257, 1, 2, 3, 4, 5, 6], [257, 9, 9], [257, 7, 7, 7, 7]])
        fast = m.last_hidden(ids, lengths)
        full = m.full_hidden(ids, lengths)[torch.arange(3), lengths - 1]
        self.assertLess(float((fast - full).abs().max()), 1e-5)

    def test_padding_does_not_change_a_rows_verdict(self):
        torch.manual_seed(0)
        m = TinyGPT(TinyConfig(context_length=64, d_model=32, n_layer=2, n_head=2, section_pool=True)).eval()
        alone = m.verdict_logits(*collate([[257, 5, 6]]))
        padded = m.verdict_logits(*collate([[257, 5, 6], [257] + [1] * 40]))[:1]
        self.assertLess(float((alone - padded).abs().max()), 1e-5)


class TinyTrainingTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.data = write_jsonl(os.path.join(cls.tmp.name, "toy.jsonl"), toy_rows(480))

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def train(self, name, *extra):
        out = os.path.join(self.tmp.name, name)
        code, events = run_main(["--data", self.data, "--out-dir", out, "--epochs", "5", *FAST, *extra])
        return out, code, events

    def test_loss_falls_weights_move_and_artifacts_are_written(self):
        out, code, events = self.train("learn")
        self.assertEqual(code, 0)
        progress = [e for e in events if e["type"] == "progress"]
        metrics = events[-1]
        self.assertEqual(metrics["type"], "metrics")
        for key in ("epoch", "step", "total_steps", "loss", "ex_per_s"):
            self.assertIn(key, progress[0])
        self.assertLess(progress[-1]["loss"], 0.5 * progress[0]["loss"])
        self.assertGreater(metrics["val_accuracy"], 0.9)
        self.assertGreater(metrics["weight_change"], 0.05)
        for f in ("model.onnx", "config.json", "metrics.json", "model.pt", "checkpoint.pt"):
            self.assertTrue(os.path.exists(os.path.join(out, f)), f)
        with open(os.path.join(out, "config.json")) as fh:
            config = json.load(fh)
        self.assertEqual(config["max_prompt_bytes"], 95)
        self.assertEqual(config["verdict_token_ids"], {"better": 258, "same": 259, "worse": 260})
        self.assertAlmostEqual(config["metrics"]["val_accuracy"], metrics["val_accuracy"])
        with open(os.path.join(out, "metrics.json")) as fh:
            self.assertEqual(json.load(fh)["steps"], metrics["steps"])

    def test_same_seed_same_weights_other_seed_other_weights(self):
        a, _, _ = self.train("seed-a", "--epochs", "1", "--no-export-onnx")
        b, _, _ = self.train("seed-b", "--epochs", "1", "--no-export-onnx")
        c, _, _ = self.train("seed-c", "--epochs", "1", "--no-export-onnx", "--seed", "7")
        wa, wb, wc = (load_model(d)[0].state_dict() for d in (a, b, c))
        self.assertTrue(all(torch.equal(wa[k], wb[k]) for k in wa))
        self.assertFalse(all(torch.equal(wa[k], wc[k]) for k in wa))

    def test_resume_after_a_halt_gives_the_uninterrupted_weights(self):
        whole, code, _ = self.train("whole", "--epochs", "2", "--no-export-onnx")
        self.assertEqual(code, 0)
        part, code, events = self.train("part", "--epochs", "2", "--no-export-onnx", "--halt-after-steps", "17")
        self.assertEqual(code, 0)
        self.assertEqual(events[-1]["type"], "halted")
        self.assertFalse(os.path.exists(os.path.join(part, "model.pt")))
        _, code, events = self.train("part", "--epochs", "2", "--no-export-onnx", "--resume")
        self.assertEqual(code, 0)
        self.assertEqual(events[-1]["type"], "metrics")
        self.assertGreater(events[0]["step"], 17)  # continued, not restarted
        w1, w2 = load_model(whole)[0].state_dict(), load_model(part)[0].state_dict()
        self.assertTrue(all(torch.equal(w1[k], w2[k]) for k in w1))


class BadInputTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.tmp.cleanup()

    def expect_refusal(self, rows, pattern, *extra):
        data = write_jsonl(os.path.join(self.tmp.name, "d.jsonl"), rows)
        proc = run_cli(["--data", data, "--out-dir", os.path.join(self.tmp.name, "o"), *extra])
        self.assertEqual(proc.returncode, 2, proc.stderr[-2000:])
        lines = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
        self.assertEqual(len(lines), 1)
        self.assertEqual(lines[0]["type"], "error")
        self.assertRegex(lines[0]["message"], pattern)

    def test_empty_dataset(self):
        self.expect_refusal([], "empty dataset")

    def test_unknown_kind(self):
        self.expect_refusal(toy_rows(10), "unknown kind 'huge'", "--kind", "huge")

    def test_single_label_class(self):
        self.expect_refusal(toy_rows(20, classes=("better",)), "single label class")

    def test_missing_file(self):
        data = os.path.join(self.tmp.name, "nope.jsonl")
        proc = run_cli(["--data", data, "--out-dir", os.path.join(self.tmp.name, "o")])
        self.assertEqual(proc.returncode, 2)
        self.assertIn("cannot read", json.loads(proc.stdout)["message"])


if __name__ == "__main__":
    unittest.main()
