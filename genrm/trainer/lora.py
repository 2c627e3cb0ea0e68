"""The `lora` kind: a local Hugging Face causal LM + a peft LoRA adapter, trained on the same JSONL.

Loss on the completion tokens only (prompt tokens are masked with -100), rows weighted by `weight`.
bf16 on GPU, fp32 on CPU; the adapter is saved for vLLM (`adapter_model.safetensors` +
`adapter_config.json`) with `genrm_config.json` beside it (verdict token ids, template version,
metrics). The loop, progress lines, checkpoints and early stopping are loop.py's, as for `tiny`.

transformers/peft are imported lazily: the `tiny` kind must work on machines without them.
"""
from __future__ import annotations

import inspect
import json
import logging
import os
import random
import time
from typing import Any, Sequence

import torch
from torch.nn import functional as F

from .config import TrainConfig
from .data import VERDICTS, Row, bucketed_batches, sorted_batches
from .errors import InputError, MissingDependencyError, emit
from .metrics import training_metrics
from .truncate import fit_to_tokens

log = logging.getLogger("genrm.trainer")
GENRM_CONFIG = "genrm_config.json"
IGNORE = -100


def _imports():
    try:
        import peft
        import transformers
    except ImportError as e:
        raise MissingDependencyError(f"the lora kind needs transformers and peft ({e}); the tiny kind does not") from e
    return transformers, peft


def pick_device(cfg: TrainConfig) -> torch.device:
    if cfg.device == "cuda" or (cfg.device == "auto" and torch.cuda.is_available()):
        if not torch.cuda.is_available():
            raise InputError("device cuda asked for, but torch sees no GPU")
        return torch.device("cuda")
    if cfg.device not in ("auto", "cpu"):
        raise InputError(f"unknown device {cfg.device!r}: auto, cpu or cuda")
    return torch.device("cpu")


def pick_dtype(cfg: TrainConfig, device: torch.device) -> torch.dtype:
    if cfg.precision == "fp32":
        return torch.float32
    if cfg.precision == "bf16":
        return torch.bfloat16
    if cfg.precision != "auto":
        raise InputError(f"unknown precision {cfg.precision!r}: auto, bf16 or fp32")
    return torch.bfloat16 if device.type == "cuda" and torch.cuda.is_bf16_supported() else torch.float32


def load_base(cfg: TrainConfig, device: torch.device, dtype: torch.dtype):
    transformers, _ = _imports()
    if not cfg.base_model or not os.path.isdir(cfg.base_model):
        raise InputError(f"base_model must be a local Hugging Face model folder, got {cfg.base_model!r}")
    tok = transformers.AutoTokenizer.from_pretrained(cfg.base_model, local_files_only=True)
    if tok.pad_token_id is None:
        if tok.eos_token_id is None:
            raise InputError(f"{cfg.base_model}: the tokenizer has neither a pad nor an eos token")
        tok.pad_token = tok.eos_token
    # transformers 5 renamed torch_dtype to dtype; ask for whichever this version has.
    params = inspect.signature(transformers.PreTrainedModel.from_pretrained).parameters
    kw = {"dtype": dtype} if "dtype" in params or int(transformers.__version__.split(".")[0]) >= 5 else {"torch_dtype": dtype}
    model = transformers.AutoModelForCausalLM.from_pretrained(cfg.base_model, local_files_only=True, **kw)
    return tok, model.to(device)


def verdict_first_tokens(tok) -> list[int]:
    """The first token id of each verdict completion (' better', ' same', ' worse')."""
    from .data import VERDICTS as V

    ids = [tok(" " + v, add_special_tokens=False)["input_ids"][0] for v in V]
    if len(set(ids)) < 3:
        log.warning("verdict completions share a first token (%s): accuracy reads that token ambiguously", ids)
    return ids


class LoraTask:
    def __init__(self, cfg: TrainConfig, train: Sequence[Row], val: Sequence[Row]) -> None:
        _, peft = _imports()
        self.cfg = cfg
        self.device = pick_device(cfg)
        self.dtype = pick_dtype(cfg, self.device)
        torch.manual_seed(cfg.seed)
        self.tok, base = load_base(cfg, self.device, self.dtype)
        targets: Any = cfg.lora_target_modules
        if targets != "all-linear":
            targets = [t.strip() for t in targets.split(",") if t.strip()]
        if cfg.init_from:
            # Warm start (a recalibration): keep training the parent version's adapter, its rank and targets.
            if not os.path.isfile(os.path.join(cfg.init_from, "adapter_config.json")):
                raise InputError(f"init_from {cfg.init_from}: no LoRA adapter there (adapter_config.json missing)")
            self.model = peft.PeftModel.from_pretrained(base, cfg.init_from, is_trainable=True)
        else:
            lcfg = peft.LoraConfig(r=cfg.lora_r, lora_alpha=cfg.lora_alpha, lora_dropout=cfg.lora_dropout, target_modules=targets, task_type="CAUSAL_LM")
            self.model = peft.get_peft_model(base, lcfg)
        self.verdict_ids = verdict_first_tokens(self.tok)
        self.eos = self.tok.eos_token_id
        self.train = [self._encode(r) for r in train]
        self.val = [self._encode(r) for r in val]
        self.train_lengths = [len(e["ids"]) for e in self.train]
        self.val_rows = list(val)

    def _encode(self, row: Row) -> dict[str, Any]:
        p = self.tok(row.prompt, add_special_tokens=True)["input_ids"]
        c = self.tok(row.completion, add_special_tokens=False)["input_ids"]
        if self.eos is not None:
            c = c + [self.eos]  # teaches the model to stop after the verdict
        room = self.cfg.max_length - len(c)
        if room < 1:
            raise InputError(f"line {row.line}: completion alone exceeds max_length {self.cfg.max_length}")
        if len(p) > room:
            # The serving rule (truncate.py, a port of genrm/truncate.ts) with the largest byte budget
            # that fits; only text that is not a rendered judge prompt keeps its end (the verdict tag).
            fitted = fit_to_tokens(row.prompt, room, lambda s: len(self.tok(s, add_special_tokens=True)["input_ids"]))
            if fitted is not None:
                p = self.tok(fitted, add_special_tokens=True)["input_ids"]
            else:
                p = p[len(p) - room :]
        return {"ids": p + c, "labels": [IGNORE] * len(p) + c, "prompt_len": len(p), "label": row.label, "weight": row.weight}

    def _collate(self, rows: list[dict[str, Any]]) -> dict[str, torch.Tensor]:
        T = max(len(r["ids"]) for r in rows)
        pad = self.tok.pad_token_id
        ids = torch.full((len(rows), T), pad, dtype=torch.long)
        labels = torch.full((len(rows), T), IGNORE, dtype=torch.long)
        mask = torch.zeros((len(rows), T), dtype=torch.long)
        for i, r in enumerate(rows):
            n = len(r["ids"])
            ids[i, :n] = torch.tensor(r["ids"])
            labels[i, :n] = torch.tensor(r["labels"])
            mask[i, :n] = 1
        d = self.device
        return {
            "ids": ids.to(d),
            "labels": labels.to(d),
            "mask": mask.to(d),
            "prompt_len": torch.tensor([r["prompt_len"] for r in rows], device=d),
            "label": torch.tensor([r["label"] for r in rows], device=d),
            "weight": torch.tensor([r["weight"] for r in rows], dtype=torch.float32, device=d),
        }

    def epoch_batches(self, epoch: int) -> list[list[int]]:
        rng = random.Random(self.cfg.seed * 100_003 + epoch)
        return bucketed_batches(self.train_lengths, self.cfg.batch_size, self.cfg.bucket_batches, rng)

    def batch_size_of(self, batch: list[int]) -> int:
        return len(batch)

    def _row_losses(self, b: dict[str, torch.Tensor]) -> tuple[torch.Tensor, torch.Tensor]:
        """Per-row mean completion-token loss, and the [B, V] logits at each row's last prompt token."""
        logits = self.model(input_ids=b["ids"], attention_mask=b["mask"]).logits
        shift_logits = logits[:, :-1, :].float()
        shift_labels = b["labels"][:, 1:]
        tok_loss = F.cross_entropy(shift_logits.reshape(-1, shift_logits.shape[-1]), shift_labels.reshape(-1), ignore_index=IGNORE, reduction="none")
        tok_loss = tok_loss.view(shift_labels.shape)
        n_tok = (shift_labels != IGNORE).sum(dim=1).clamp_min(1)
        per_row = tok_loss.sum(dim=1) / n_tok
        rows = torch.arange(logits.shape[0], device=logits.device)
        at_verdict = logits[rows, b["prompt_len"] - 1].float()
        return per_row, at_verdict

    def loss(self, batch: list[int]) -> torch.Tensor:
        b = self._collate([self.train[i] for i in batch])
        per_row, _ = self._row_losses(b)
        return (per_row * b["weight"]).sum() / b["weight"].sum().clamp_min(1e-12)

    @torch.no_grad()
    def evaluate(self) -> dict[str, Any] | None:
        if not self.val:
            return None
        self.model.eval()
        loss_sum = weight_sum = 0.0
        correct = 0
        confusion = [[0, 0, 0] for _ in VERDICTS]
        for idx in sorted_batches([len(e["ids"]) for e in self.val], self.cfg.batch_size):
            b = self._collate([self.val[i] for i in idx])
            per_row, at_verdict = self._row_losses(b)
            loss_sum += float((per_row * b["weight"]).sum())
            weight_sum += float(b["weight"].sum())
            pred = at_verdict[:, self.verdict_ids].argmax(dim=1)
            for t, p in zip(b["label"].tolist(), pred.tolist()):
                confusion[t][p] += 1
                correct += int(t == p)
        return {"val_loss": loss_sum / max(weight_sum, 1e-12), "val_accuracy": correct / len(self.val), "val_confusion": confusion, "n_val": len(self.val)}


def run(cfg: TrainConfig, train: Sequence[Row], val: Sequence[Row]) -> dict[str, Any] | None:
    """Trains and saves the adapter; returns the metrics, or None when halted (--halt-after-steps)."""
    from .loop import fit

    task = LoraTask(cfg, train, val)
    n_trainable = sum(p.numel() for p in task.model.parameters() if p.requires_grad)
    log.info("lora: base %s on %s (%s), %d trainable params, %d train rows, %d val rows",
             cfg.base_model, task.device, str(task.dtype).replace("torch.", ""), n_trainable, len(train), len(val))
    result = fit(task, cfg)
    if result.halted:
        emit({"type": "halted", "step": result.state.step, "total_steps": result.total_steps})
        return None
    final_eval = task.evaluate()
    t0 = time.perf_counter()
    task.model.save_pretrained(cfg.out_dir)  # adapter_model.safetensors + adapter_config.json
    metrics = training_metrics("lora", cfg, result, task.model, train, val, n_trainable, final_eval,
                               extra={"device": task.device.type, "dtype": str(task.dtype).replace("torch.", "")})
    genrm = {
        "format": "genrm-lora/1",
        "kind": "lora",
        "base_model": os.path.abspath(cfg.base_model),
        "template_version": cfg.template_version,
        "verdicts": list(VERDICTS),
        "verdict_first_token_ids": dict(zip(VERDICTS, task.verdict_ids)),
        "max_length": cfg.max_length,
        "metrics": {k: v for k, v in metrics.items() if k != "history"},
    }
    with open(os.path.join(cfg.out_dir, GENRM_CONFIG), "w", encoding="utf-8") as fh:
        json.dump(genrm, fh, indent=2)
    metrics["export_seconds"] = time.perf_counter() - t0
    return metrics
