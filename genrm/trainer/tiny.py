"""The `tiny` kind: byte-tokenised rows -> TinyGPT -> loss on the verdict token only.

Ties data.py (bytes, batches) and model.py (TinyGPT) into the loop's Task interface, and evaluates
validation loss, accuracy and the confusion matrix.
"""
from __future__ import annotations

import random
from typing import Any, Sequence

import torch
from torch.nn import functional as F

from .config import TrainConfig
from .errors import InputError
from .data import VERDICT_TOKEN_IDS, VERDICTS, Row, bucketed_batches, encode_prompt, sorted_batches
from .model import TinyConfig, TinyGPT, collate

VERDICT_IDS = [VERDICT_TOKEN_IDS[v] for v in VERDICTS]


def tiny_config(cfg: TrainConfig) -> TinyConfig:
    return TinyConfig(context_length=cfg.context_length, d_model=cfg.d_model, n_layer=cfg.n_layer, n_head=cfg.n_head, dropout=cfg.dropout,
                      section_markers=cfg.markers(), conv_kernel=cfg.conv_kernel, section_pool=cfg.section_pool, strip_prefix=cfg.strip_prefix)


class Encoded:
    def __init__(self, rows: Sequence[Row], context_length: int, strip_prefix: str = "") -> None:
        self.ids = [encode_prompt(r.prompt, context_length, strip_prefix) for r in rows]
        self.lengths = [len(s) for s in self.ids]
        self.targets = torch.tensor([VERDICT_IDS[r.label] for r in rows], dtype=torch.long)
        self.labels = torch.tensor([r.label for r in rows], dtype=torch.long)
        self.weights = torch.tensor([r.weight for r in rows], dtype=torch.float32)
        self.truncated = sum(1 for r in rows if len(r.prompt.encode("utf-8")) - len(strip_prefix.encode("utf-8")) > context_length - 1)

    def __len__(self) -> int:
        return len(self.ids)

    def batch(self, idx: list[int]) -> dict[str, torch.Tensor]:
        ids, lengths = collate([self.ids[i] for i in idx])
        t = torch.tensor(idx, dtype=torch.long)
        return {"ids": ids, "lengths": lengths, "targets": self.targets[t], "labels": self.labels[t], "weights": self.weights[t]}


def weighted_ce(logits: torch.Tensor, targets: torch.Tensor, weights: torch.Tensor) -> torch.Tensor:
    per_row = F.cross_entropy(logits, targets, reduction="none")
    return (per_row * weights).sum() / weights.sum().clamp_min(1e-12)


def warm_start(model: TinyGPT, folder: str) -> None:
    """Loads a trained model's weights (a recalibration fine-tunes its parent instead of starting over,
    so what the parent knew about content is kept). Refuses another shape with a message."""
    from .export_onnx import load_model

    try:
        parent, _ = load_model(folder)
    except (OSError, KeyError, ValueError, RuntimeError) as e:
        raise InputError(f"init_from {folder}: cannot load a tiny model there ({e})") from e
    mine, theirs = model.state_dict(), parent.state_dict()
    wrong = [k for k in mine if k not in theirs or theirs[k].shape != mine[k].shape]
    if wrong:
        raise InputError(f"init_from {folder}: another model shape (differs in {', '.join(wrong[:3])}); use the parent's context length, width, layers and heads")
    model.load_state_dict(theirs)


class TinyTask:
    def __init__(self, cfg: TrainConfig, train: Sequence[Row], val: Sequence[Row]) -> None:
        self.cfg = cfg
        torch.manual_seed(cfg.seed)
        self.model = TinyGPT(tiny_config(cfg))
        if cfg.init_from:
            warm_start(self.model, cfg.init_from)
        self.train = Encoded(train, cfg.context_length, cfg.strip_prefix)
        self.val = Encoded(val, cfg.context_length, cfg.strip_prefix) if val else None

    def epoch_batches(self, epoch: int) -> list[list[int]]:
        rng = random.Random(self.cfg.seed * 100_003 + epoch)
        return bucketed_batches(self.train.lengths, self.cfg.batch_size, self.cfg.bucket_batches, rng)

    def batch_size_of(self, batch: list[int]) -> int:
        return len(batch)

    def loss(self, batch: list[int]) -> torch.Tensor:
        b = self.train.batch(batch)
        # Loss on the completion (the verdict token) only: the LM head runs at the last prompt position.
        if self.cfg.loss_over == "vocab":
            return weighted_ce(self.model.next_token_logits(b["ids"], b["lengths"]), b["targets"], b["weights"])
        return weighted_ce(self.model.verdict_logits(b["ids"], b["lengths"]), b["labels"], b["weights"])

    @torch.no_grad()
    def evaluate(self) -> dict[str, Any] | None:
        if self.val is None:
            return None
        return evaluate_encoded(self.model, self.val, self.cfg.batch_size * 2, self.cfg.loss_over)


@torch.no_grad()
def evaluate_encoded(model: TinyGPT, data: Encoded, batch_size: int, loss_over: str = "verdicts") -> dict[str, Any]:
    model.eval()
    loss_sum = weight_sum = 0.0
    confusion = [[0, 0, 0] for _ in VERDICTS]  # [true][predicted]
    correct = 0
    for idx in sorted_batches(data.lengths, batch_size):
        b = data.batch(idx)
        if loss_over == "vocab":
            logits = model.next_token_logits(b["ids"], b["lengths"])
            per_row = F.cross_entropy(logits, b["targets"], reduction="none")
            verdict = logits[:, VERDICT_IDS]
        else:
            verdict = model.verdict_logits(b["ids"], b["lengths"])
            per_row = F.cross_entropy(verdict, b["labels"], reduction="none")
        loss_sum += float((per_row * b["weights"]).sum())
        weight_sum += float(b["weights"].sum())
        pred = verdict.argmax(dim=1)
        for t, p in zip(b["labels"].tolist(), pred.tolist()):
            confusion[t][p] += 1
            correct += int(t == p)
    return {
        "val_loss": loss_sum / max(weight_sum, 1e-12),
        "val_accuracy": correct / max(1, len(data)),
        "val_confusion": confusion,
        "n_val": len(data),
    }


@torch.no_grad()
def verdict_probs(model: TinyGPT, prompts: Sequence[str], batch_size: int = 64) -> list[list[float]]:
    """PyTorch reference probabilities [better, same, worse] per prompt (parity checks against ONNX)."""
    model.eval()
    seqs = [encode_prompt(p, model.cfg.context_length, model.cfg.strip_prefix) for p in prompts]
    out: list[list[float]] = [[]] * len(seqs)
    for idx in sorted_batches([len(s) for s in seqs], batch_size):
        ids, lengths = collate([seqs[i] for i in idx])
        probs = torch.softmax(model.verdict_logits(ids, lengths), dim=-1)
        for i, row in zip(idx, probs.tolist()):
            out[i] = row
    return out
