"""The metrics a finished training reports (metrics.json, the `metrics` event), built in one place for
every kind so the platform reads the same keys from a tiny model and a LoRA adapter; each kind adds its
own keys through `extra`."""

from __future__ import annotations

from typing import Any, Sequence

from .config import TrainConfig
from .data import Row, label_counts


def training_metrics(kind: str, cfg: TrainConfig, result: Any, model: Any, train: Sequence[Row], val: Sequence[Row],
                     params: int, final_eval: dict[str, Any] | None, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """`result` is loop.fit's outcome; `model` the trained module (for the weight change from the start)."""
    from .loop import weight_change

    s = result.state
    metrics: dict[str, Any] = {
        "kind": kind,
        "steps": s.step,
        "total_steps": result.total_steps,
        "epochs": s.epoch,
        "stopped_early": s.stopped_early,
        "best_step": s.best_step if val else s.step,
        "train_loss": s.train_loss,
        "n_train": len(train),
        "n_val": len(val),
        "label_counts": label_counts(train),
        "params": params,
        "ex_per_s": s.examples_seen / s.train_seconds if s.train_seconds else 0.0,
        "train_seconds": s.train_seconds,
        "weight_change": weight_change(model, result.initial),
        **(extra or {}),
        "template_version": cfg.template_version,
        "history": [{k: v for k, v in h.items() if k != "val_confusion"} for h in s.history],
    }
    if final_eval:
        metrics.update({k: final_eval[k] for k in ("val_loss", "val_accuracy", "val_confusion")})
    return metrics
