"""Exports a trained TinyGPT to `model.onnx` + `config.json`, the embedded backend's whole input.

config.json is the contract with genrm/backends/embedded (read there by config.ts): the backend
renders prompts with maxBytes = max_prompt_bytes, tokenises BOS + UTF-8 bytes with the ids below, feeds
`input_ids` [B,T] int64 and `lengths` [B] int64, and softmaxes `verdict_logits` [B,3]
(order better, same, worse). Bump FORMAT when any of that changes.
"""
from __future__ import annotations

import inspect
import json
import os
import time
from typing import Any

import torch

from .data import SPECIAL_TOKENS, VERDICT_TOKEN_IDS, VERDICTS, VOCAB_SIZE
from .model import TinyConfig, TinyGPT, VerdictHead

FORMAT = "genrm-tiny-onnx/1"
ONNX_FILE = "model.onnx"
WEIGHTS_FILE = "model.pt"
CONFIG_FILE = "config.json"


def export_onnx(model: TinyGPT, path: str, opset: int = 14) -> None:
    head = VerdictHead(model).eval()
    ids = torch.full((2, 16), 65, dtype=torch.long)
    lengths = torch.tensor([16, 9], dtype=torch.long)
    kwargs: dict[str, Any] = dict(
        input_names=["input_ids", "lengths"],
        output_names=["verdict_logits"],
        dynamic_axes={"input_ids": {0: "batch", 1: "seq"}, "lengths": {0: "batch"}, "verdict_logits": {0: "batch"}},
        opset_version=opset,
        do_constant_folding=True,
    )
    # torch >= 2.9 defaults to the dynamo exporter (needs onnxscript); the TorchScript exporter handles
    # this small graph on every version from 1.13 on, so ask for it where the choice exists.
    if "dynamo" in inspect.signature(torch.onnx.export).parameters:
        kwargs["dynamo"] = False
    with torch.no_grad():
        torch.onnx.export(head, (ids, lengths), path, **kwargs)


def model_config(cfg: TinyConfig) -> dict[str, Any]:
    return {"context_length": cfg.context_length, "d_model": cfg.d_model, "n_layer": cfg.n_layer, "n_head": cfg.n_head,
            "vocab_size": cfg.vocab_size, "section_markers": list(cfg.section_markers), "conv_kernel": cfg.conv_kernel, "section_pool": cfg.section_pool}


def write_artifacts(model: TinyGPT, out_dir: str, *, template_version: str, metrics: dict[str, Any], opset: int, export: bool = True) -> dict[str, Any]:
    """Writes model.pt (+ model.onnx when `export`) and config.json; returns the config written."""
    os.makedirs(out_dir, exist_ok=True)
    torch.save(model.state_dict(), os.path.join(out_dir, WEIGHTS_FILE))
    t0 = time.perf_counter()
    if export:
        export_onnx(model, os.path.join(out_dir, ONNX_FILE), opset)
    config = {
        "format": FORMAT,
        "kind": "tiny",
        "template_version": template_version,
        "context_length": model.cfg.context_length,
        # Render prompts with renderJudgePrompt(item, {maxBytes: max_prompt_bytes}): one slot is BOS.
        "max_prompt_bytes": model.cfg.context_length - 1,
        "vocab_size": VOCAB_SIZE,
        "tokenizer": "bytes",  # ids 0..255 = UTF-8 bytes; longer inputs keep BOS + the last bytes
        # Dropped from the start of a prompt before tokenising (a constant head carries no information).
        "strip_prefix": model.cfg.strip_prefix,
        "special_tokens": dict(SPECIAL_TOKENS),
        "verdicts": list(VERDICTS),
        "verdict_token_ids": dict(VERDICT_TOKEN_IDS),
        "onnx": {"file": ONNX_FILE if export else None, "opset": opset, "inputs": ["input_ids", "lengths"], "outputs": ["verdict_logits"]},
        "model": model_config(model.cfg),
        "metrics": metrics,
        "torch_version": torch.__version__,
        "created_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    with open(os.path.join(out_dir, CONFIG_FILE), "w", encoding="utf-8") as fh:
        json.dump(config, fh, indent=2)
    config["_export_seconds"] = time.perf_counter() - t0
    return config


def load_model(out_dir: str) -> tuple[TinyGPT, dict[str, Any]]:
    """Rebuilds the PyTorch model from an out dir (model.pt + config.json)."""
    with open(os.path.join(out_dir, CONFIG_FILE), encoding="utf-8") as fh:
        config = json.load(fh)
    m = config["model"]
    model = TinyGPT(TinyConfig(context_length=m["context_length"], d_model=m["d_model"], n_layer=m["n_layer"], n_head=m["n_head"],
                               vocab_size=m["vocab_size"], section_markers=tuple(m.get("section_markers", ())),
                               conv_kernel=m.get("conv_kernel", 0), section_pool=m.get("section_pool", False), strip_prefix=config.get("strip_prefix", "")))
    model.load_state_dict(torch.load(os.path.join(out_dir, WEIGHTS_FILE), map_location="cpu"))
    return model.eval(), config
