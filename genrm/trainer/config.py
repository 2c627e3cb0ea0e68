"""Every knob of the GenRM trainer, in one dataclass (nanoGPT style).

A run is configured by, in increasing priority: these defaults, a JSON file (`--config run.json`, keys =
field names) and command-line flags (`--d-model 64`, one flag per field, generated from this file).
Keep the help strings accurate: `--help` and README.md are built from them. Nothing here imports torch.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
from dataclasses import dataclass, field
from typing import Any

KINDS = ("tiny", "lora")


def knob(default: Any, help: str) -> Any:  # noqa: A002 - "help" mirrors argparse
    return field(default=default, metadata={"help": help})


@dataclass
class TrainConfig:
    # ---- run -------------------------------------------------------------------------------------
    kind: str = knob("tiny", "tiny = byte-level transformer from scratch (ONNX export); lora = HF model + peft LoRA")
    data: str = knob("", "training JSONL: {prompt, completion: ' better'|' same'|' worse', weight?, group?}")
    val_data: str = knob("", "optional validation JSONL; when empty, validation is split off `data` by group")
    out_dir: str = knob("", "output folder: checkpoint, metrics.json, model.onnx/config.json or the LoRA adapter")
    resume: bool = knob(False, "continue from out_dir/checkpoint.pt when it exists (same config required)")
    seed: int = knob(1337, "seed for init, split, shuffling and dropout; same seed + data + threads = same weights")
    threads: int = knob(0, "torch intra-op threads; 0 = $OMP_NUM_THREADS or all cores")
    template_version: str = knob("v1", "genrm/template.ts TEMPLATE_VERSION the prompts were rendered with (recorded)")

    # ---- data ------------------------------------------------------------------------------------
    val_fraction: float = knob(0.1, "share of groups (prompt ids) held out for validation; 0 = no validation")
    max_examples: int = knob(0, "use only the first N training rows (0 = all); for smoke tests")
    bucket_batches: int = knob(16, "length bucketing: sort pools of this many batches by length, then shuffle batches")

    # ---- tiny model (GPT-2 shaped, byte vocabulary) ------------------------------------------------
    context_length: int = knob(512, "tokens per sequence (BOS + prompt bytes); prompts must be rendered with maxBytes = context_length - 1")
    d_model: int = knob(128, "embedding width")
    n_layer: int = knob(2, "transformer blocks")
    n_head: int = knob(4, "attention heads (d_model must divide by it)")
    dropout: float = knob(0.0, "dropout in attention/MLP/embeddings during training")
    conv_kernel: int = knob(4, "causal depthwise convolution width over byte embeddings (local n-grams); 0 = off")
    init_from: str = knob("", "start from a trained version instead of random: tiny, its model folder (model.pt + config.json, same shape); lora, its adapter folder (adapter_config.json, same base model)")
    section_pool: bool = knob(True, "add a learned summary of each template section's mean hidden state at the verdict position")
    strip_prefix: str = knob(
        "Judge the candidate answer against the reference answer for the prompt.\n",
        "constant prompt head the byte tokeniser drops (genrm/template.ts v1 HEADER); '' = keep every byte",
    )
    loss_over: str = knob("verdicts", "verdicts = softmax over the 3 verdict tokens (what is served); vocab = over all 261 tokens")
    section_markers: str = knob(
        '["\\n### Reference\\n", "\\n### Candidate\\n", "\\n### Verdict"]',
        "JSON list of the template tags opening the reference/candidate/verdict sections (section embedding); [] = off",
    )

    # ---- optimisation ----------------------------------------------------------------------------
    epochs: int = knob(10, "maximum passes over the training rows (early stopping may end sooner)")
    batch_size: int = knob(32, "examples per optimizer step")
    lr: float = knob(2e-3, "peak AdamW learning rate (after warmup); lora default is usually lower, e.g. 2e-4")
    min_lr_ratio: float = knob(0.1, "cosine decay ends at lr * min_lr_ratio")
    warmup_steps: int = knob(30, "linear warmup steps")
    weight_decay: float = knob(0.01, "AdamW weight decay on matrices (not on norms/biases/embeddings)")
    beta1: float = knob(0.9, "AdamW beta1")
    beta2: float = knob(0.99, "AdamW beta2")
    grad_clip: float = knob(1.0, "clip the global gradient norm to this (0 = off)")

    # ---- evaluation, early stopping, checkpoints, logging -----------------------------------------
    eval_every: int = knob(0, "evaluate on validation every N steps; 0 = at the end of each epoch")
    patience: int = knob(3, "stop after this many evaluations without a val_loss improvement (0 = never stop early)")
    min_delta: float = knob(1e-4, "an improvement must lower val_loss by more than this")
    log_every: int = knob(10, "emit a progress line every N steps (and at each evaluation)")
    checkpoint_every: int = knob(0, "also write out_dir/checkpoint.pt every N steps; 0 = at each evaluation/epoch end only")
    halt_after_steps: int = knob(0, "stop this invocation after N steps with a checkpoint (time-boxed jobs, tests); 0 = off")
    export_onnx: bool = knob(True, "tiny: export model.onnx + config.json at the end")
    onnx_opset: int = knob(14, "tiny: ONNX opset for export")

    # ---- lora ------------------------------------------------------------------------------------
    base_model: str = knob("", "lora: local Hugging Face causal-LM folder (no hub downloads)")
    lora_r: int = knob(16, "lora: adapter rank")
    lora_alpha: int = knob(32, "lora: scaling alpha")
    lora_dropout: float = knob(0.05, "lora: dropout on the adapter input")
    lora_target_modules: str = knob("all-linear", "lora: comma-separated module names, or all-linear")
    max_length: int = knob(2048, "lora: maximum tokens per row (a longer judge prompt is cut by the serving rule, genrm/truncate.ts)")
    device: str = knob("auto", "lora: auto (cuda when available) | cpu | cuda")
    precision: str = knob("auto", "lora: auto (bf16 on GPU, fp32 on CPU) | bf16 | fp32")

    def validate(self) -> None:
        from .errors import InputError

        if self.kind not in KINDS:
            raise InputError(f"unknown kind {self.kind!r}: expected one of {', '.join(KINDS)}")
        if not self.data:
            raise InputError("no training data: pass --data <file.jsonl>")
        if not self.out_dir:
            raise InputError("no output folder: pass --out-dir <dir>")
        if self.d_model % self.n_head != 0:
            raise InputError(f"d_model {self.d_model} is not divisible by n_head {self.n_head}")
        if not 0.0 <= self.val_fraction < 1.0:
            raise InputError(f"val_fraction must be in [0, 1), got {self.val_fraction}")
        if self.batch_size < 1 or self.epochs < 1:
            raise InputError("batch_size and epochs must be >= 1")
        try:
            markers = json.loads(self.section_markers)
        except json.JSONDecodeError as e:
            raise InputError(f"section_markers is not a JSON list: {e}") from e
        if not isinstance(markers, list) or not all(isinstance(m, str) and m for m in markers):
            raise InputError("section_markers must be a JSON list of non-empty strings")
        if self.loss_over not in ("verdicts", "vocab"):
            raise InputError(f"loss_over must be verdicts or vocab, got {self.loss_over!r}")
        if self.context_length < 32:
            raise InputError("context_length must be >= 32")

    def markers(self) -> tuple[str, ...]:
        return tuple(json.loads(self.section_markers))

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


FIELDS = {f.name: f for f in dataclasses.fields(TrainConfig)}


def _flag(name: str) -> str:
    return "--" + name.replace("_", "-")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m genrm.trainer.train",
        description="Train a GenRM judge. Progress = JSON lines on stdout; logs on stderr.",
    )
    p.add_argument("--config", help="JSON file with any of the fields below (flags override it)")
    for f in dataclasses.fields(TrainConfig):
        help_text = f"{f.metadata['help']} (default: {f.default!r})"
        if f.type in ("bool", bool):
            p.add_argument(_flag(f.name), dest=f.name, default=None, action=argparse.BooleanOptionalAction, help=help_text)
        else:
            typ = {"int": int, "float": float, "str": str}[f.type if isinstance(f.type, str) else f.type.__name__]
            p.add_argument(_flag(f.name), dest=f.name, default=None, type=typ, help=help_text)
    # Short aliases people expect.
    p.add_argument("--out", dest="out_dir", default=None, help=argparse.SUPPRESS)
    return p


def load_config(argv: list[str] | None = None) -> TrainConfig:
    """Defaults < --config JSON < flags. Raises InputError for unknown JSON keys."""
    from .errors import InputError

    args = build_parser().parse_args(argv)
    values: dict[str, Any] = {}
    if args.config:
        try:
            with open(args.config, encoding="utf-8") as fh:
                from_file = json.load(fh)
        except (OSError, json.JSONDecodeError) as e:
            raise InputError(f"cannot read config {args.config}: {e}") from e
        if not isinstance(from_file, dict):
            raise InputError(f"config {args.config} must hold a JSON object")
        unknown = sorted(set(from_file) - set(FIELDS))
        if unknown:
            raise InputError(f"unknown config keys in {args.config}: {', '.join(unknown)}")
        values.update(from_file)
    for name in FIELDS:
        v = getattr(args, name, None)
        if v is not None:
            values[name] = v
    cfg = TrainConfig(**values)
    cfg.validate()
    return cfg
