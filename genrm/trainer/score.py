"""PyTorch reference verdicts for a trained tiny model: `python -m genrm.trainer.score --model-dir out
--prompts prompts.jsonl` prints one `{"type":"probs","index":i,"better":..,"same":..,"worse":..}` line per
input row (rows: {"prompt": rendered prompt}). Used to check the ONNX export (embedded backend) against
the model it came from.
"""
from __future__ import annotations

import argparse
import json
import sys

from .errors import EXIT_BAD_INPUT, emit, emit_error


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m genrm.trainer.score")
    ap.add_argument("--model-dir", required=True, help="a tiny out dir (config.json + model.pt)")
    ap.add_argument("--prompts", required=True, help='JSONL rows {"prompt": str}')
    ap.add_argument("--threads", type=int, default=0)
    args = ap.parse_args(argv)
    import torch

    from .export_onnx import load_model
    from .tiny import verdict_probs

    if args.threads:
        torch.set_num_threads(args.threads)
    try:
        model, config = load_model(args.model_dir)
        with open(args.prompts, encoding="utf-8") as fh:
            prompts = [json.loads(line)["prompt"] for line in fh if line.strip()]
    except (OSError, KeyError, json.JSONDecodeError) as e:
        emit_error(f"cannot score: {e}")
        return EXIT_BAD_INPUT
    for i, (b, s, w) in enumerate(verdict_probs(model, prompts)):
        emit({"type": "probs", "index": i, "better": b, "same": s, "worse": w})
    return 0


if __name__ == "__main__":
    sys.exit(main())
