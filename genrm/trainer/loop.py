"""The training loop shared by `tiny` and `lora`: AdamW + warmup/cosine, length-bucketed epochs,
validation with early stopping, checkpoints that resume exactly, and the JSON-lines progress protocol.

A kind plugs in through `Task` (what a batch is, its loss, how to evaluate); this file knows nothing
about bytes, tokenizers or ONNX.
"""
from __future__ import annotations

import logging
import math
import os
import time
from dataclasses import dataclass, field
from typing import Any, Protocol, Sequence

import torch

from .config import TrainConfig
from .errors import InputError, emit

log = logging.getLogger("genrm.trainer")

CHECKPOINT = "checkpoint.pt"
# Fields that must match for a checkpoint to be resumed (the rest, e.g. epochs or patience, may change).
RESUME_MUST_MATCH = ("kind", "seed", "context_length", "d_model", "n_layer", "n_head", "section_markers", "conv_kernel", "section_pool",
                     "strip_prefix", "loss_over", "batch_size", "base_model", "lora_r")


class Task(Protocol):
    model: torch.nn.Module

    def epoch_batches(self, epoch: int) -> Sequence[Any]:
        """The batches of `epoch` (0-based), in order; must be a pure function of (seed, epoch)."""

    def batch_size_of(self, batch: Any) -> int: ...

    def loss(self, batch: Any) -> torch.Tensor:
        """Weighted mean loss of a batch (model is in train mode)."""

    def evaluate(self) -> dict[str, Any] | None:
        """{'val_loss': float, 'val_accuracy': float, ...} on the validation rows; None without them."""


@dataclass
class State:
    step: int = 0
    epoch: int = 0  # 0-based epoch in progress
    batch_in_epoch: int = 0  # batches of `epoch` already done
    best_val: float = math.inf
    best_step: int = 0
    best_eval: dict[str, Any] | None = None
    bad_evals: int = 0
    stopped_early: bool = False
    train_seconds: float = 0.0
    examples_seen: int = 0
    epoch_loss_sum: float = 0.0  # training loss of the epoch in progress (for train_loss)
    epoch_loss_n: int = 0
    train_loss: float | None = None  # mean training loss of the last finished epoch
    last_eval: dict[str, Any] | None = None
    history: list[dict[str, Any]] = field(default_factory=list)


def trainable(model: torch.nn.Module) -> dict[str, torch.nn.Parameter]:
    return {n: p for n, p in model.named_parameters() if p.requires_grad}


def make_optimizer(model: torch.nn.Module, cfg: TrainConfig) -> torch.optim.Optimizer:
    params = trainable(model)
    # Decay matrices only (nanoGPT): not norms, biases or embeddings.
    def decays(n: str, p: torch.Tensor) -> bool:
        return p.dim() >= 2 and not any(e in n for e in ("wte", "wpe", "wse", "embed"))

    decay = [p for n, p in params.items() if decays(n, p)]
    rest = [p for n, p in params.items() if not decays(n, p)]
    groups = [{"params": decay, "weight_decay": cfg.weight_decay}, {"params": rest, "weight_decay": 0.0}]
    return torch.optim.AdamW(groups, lr=cfg.lr, betas=(cfg.beta1, cfg.beta2))


def lr_at(step: int, total: int, cfg: TrainConfig) -> float:
    if step < cfg.warmup_steps:
        return cfg.lr * (step + 1) / cfg.warmup_steps
    span = max(1, total - cfg.warmup_steps)
    progress = min(1.0, (step - cfg.warmup_steps) / span)
    floor = cfg.lr * cfg.min_lr_ratio
    return floor + 0.5 * (cfg.lr - floor) * (1 + math.cos(math.pi * progress))


def _snapshot(model: torch.nn.Module) -> dict[str, torch.Tensor]:
    return {n: p.detach().clone() for n, p in trainable(model).items()}


def _restore(model: torch.nn.Module, snap: dict[str, torch.Tensor]) -> None:
    params = trainable(model)
    with torch.no_grad():
        for n, t in snap.items():
            params[n].copy_(t)


def _save_checkpoint(path: str, payload: dict[str, Any]) -> None:
    tmp = path + ".tmp"
    torch.save(payload, tmp)
    os.replace(tmp, path)  # never leave a half-written checkpoint behind


@dataclass
class FitResult:
    state: State
    halted: bool
    initial: dict[str, torch.Tensor]
    total_steps: int


def fit(task: Task, cfg: TrainConfig) -> FitResult:
    model = task.model
    opt = make_optimizer(model, cfg)
    steps_per_epoch = len(task.epoch_batches(0))
    total_steps = steps_per_epoch * cfg.epochs
    ckpt_path = os.path.join(cfg.out_dir, CHECKPOINT)
    state = State()
    initial = _snapshot(model)
    best = None

    if cfg.resume and os.path.exists(ckpt_path):
        ck = torch.load(ckpt_path, map_location="cpu")
        saved = ck["config"]
        clash = [k for k in RESUME_MUST_MATCH if saved.get(k) != getattr(cfg, k)]
        if clash:
            raise InputError(f"cannot resume {ckpt_path}: config differs in {', '.join(clash)}")
        _restore(model, ck["params"])
        opt.load_state_dict(ck["optimizer"])
        torch.set_rng_state(ck["torch_rng"])
        state = State(**ck["state"])
        initial = ck["initial"]
        best = ck["best"]
        log.info("resumed from %s at step %d (epoch %d, batch %d)", ckpt_path, state.step, state.epoch + 1, state.batch_in_epoch)
    elif os.path.exists(ckpt_path):
        log.warning("%s exists but --resume was not given: starting over", ckpt_path)

    def checkpoint() -> None:
        _save_checkpoint(
            ckpt_path,
            {
                "config": cfg.to_dict(),
                "params": _snapshot(model),
                "optimizer": opt.state_dict(),
                "torch_rng": torch.get_rng_state(),
                "state": state.__dict__,
                "initial": initial,
                "best": best,
            },
        )
        emit({"type": "checkpoint", "step": state.step, "path": ckpt_path})

    def run_eval(epoch: int) -> bool:
        """Evaluates, updates early stopping; True when training should stop."""
        nonlocal best
        result = task.evaluate()
        model.train()
        if result is None:
            return False
        state.last_eval = result
        val = result["val_loss"]
        improved = val < state.best_val - cfg.min_delta
        if improved:
            state.best_val, state.best_step, state.best_eval, state.bad_evals = val, state.step, result, 0
            best = _snapshot(model)
        else:
            state.bad_evals += 1
        state.history.append({"step": state.step, "epoch": epoch + 1, "train_loss": epoch_train_loss(), **result})
        emit({"type": "progress", "epoch": epoch + 1, "step": state.step, "total_steps": total_steps, "loss": interval_loss(),
              "val_loss": val, "val_accuracy": result.get("val_accuracy"), "ex_per_s": rate(), "lr": current_lr})
        log.info("step %d: val_loss %.4f val_acc %.3f%s", state.step, val, result.get("val_accuracy", float("nan")),
                 " (best)" if improved else f" ({state.bad_evals}/{cfg.patience} without improvement)")
        if cfg.patience and state.bad_evals >= cfg.patience:
            state.stopped_early = True
            return True
        return False

    interval = {"loss": 0.0, "n": 0, "ex": 0, "t": 0.0}
    last_loss = math.nan

    def interval_loss() -> float:
        return interval["loss"] / interval["n"] if interval["n"] else last_loss

    def epoch_train_loss() -> float | None:
        if state.epoch_loss_n:
            return state.epoch_loss_sum / state.epoch_loss_n
        return state.train_loss

    def rate() -> float:
        return state.examples_seen / state.train_seconds if state.train_seconds > 0 else 0.0

    current_lr = cfg.lr
    steps_this_run = 0
    halted = False
    model.train()
    while state.epoch < cfg.epochs and not state.stopped_early and not halted:
        epoch = state.epoch
        batches = task.epoch_batches(epoch)
        while state.batch_in_epoch < len(batches):
            batch = batches[state.batch_in_epoch]
            t0 = time.perf_counter()
            current_lr = lr_at(state.step, total_steps, cfg)
            for g in opt.param_groups:
                g["lr"] = current_lr
            loss = task.loss(batch)
            if not torch.isfinite(loss):
                raise RuntimeError(f"loss is {loss.item()} at step {state.step}: lower lr or check the data")
            opt.zero_grad(set_to_none=True)
            loss.backward()
            if cfg.grad_clip > 0:
                torch.nn.utils.clip_grad_norm_(trainable(model).values(), cfg.grad_clip)
            opt.step()
            dt = time.perf_counter() - t0
            n = task.batch_size_of(batch)
            state.step += 1
            state.batch_in_epoch += 1
            state.train_seconds += dt
            state.examples_seen += n
            steps_this_run += 1
            last_loss = loss.item()
            state.epoch_loss_sum += last_loss
            state.epoch_loss_n += 1
            interval["loss"] += last_loss
            interval["n"] += 1
            interval["ex"] += n
            interval["t"] += dt
            if state.step % cfg.log_every == 0:
                emit({"type": "progress", "epoch": epoch + 1, "step": state.step, "total_steps": total_steps,
                      "loss": interval_loss(), "ex_per_s": interval["ex"] / interval["t"], "lr": current_lr})
                interval = {"loss": 0.0, "n": 0, "ex": 0, "t": 0.0}
            end_of_epoch = state.batch_in_epoch == len(batches)
            if end_of_epoch:
                state.train_loss = state.epoch_loss_sum / state.epoch_loss_n
                state.epoch_loss_sum, state.epoch_loss_n = 0.0, 0
                state.epoch += 1
                state.batch_in_epoch = 0
            evaluated = False
            if (cfg.eval_every and state.step % cfg.eval_every == 0) or (not cfg.eval_every and end_of_epoch):
                evaluated = True
                if run_eval(epoch):
                    checkpoint()
                    break
            if evaluated or (cfg.checkpoint_every and state.step % cfg.checkpoint_every == 0) or end_of_epoch:
                checkpoint()
            if cfg.halt_after_steps and steps_this_run >= cfg.halt_after_steps and state.epoch < cfg.epochs:
                if not evaluated and not end_of_epoch:
                    checkpoint()
                halted = True
                break
            if end_of_epoch:
                break

    if best is not None and not halted:
        _restore(model, best)  # export the weights with the best validation loss, not the last ones
    return FitResult(state=state, halted=halted, initial=initial, total_steps=total_steps)


def weight_change(model: torch.nn.Module, initial: dict[str, torch.Tensor]) -> float:
    """||theta - theta_0|| / ||theta_0|| over trainable tensors: > 0 proves training moved the weights."""
    num = den = 0.0
    for n, p in trainable(model).items():
        num += float((p.detach() - initial[n]).pow(2).sum())
        den += float(initial[n].pow(2).sum())
    return math.sqrt(num) / math.sqrt(den) if den > 0 else math.sqrt(num)
