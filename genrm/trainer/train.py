"""Entry point: `python -m genrm.trainer.train --data rows.jsonl --out-dir out/ [--kind tiny|lora] ...`

Run from the repository root. stdout = JSON lines only (progress, checkpoint, metrics, error); logs on
stderr. Exit codes: 0 done (or halted by --halt-after-steps), 2 bad input/config, 1 anything else.
genrm/python.ts `runTrainer` starts this with the right interpreter and allocator settings.
"""
from __future__ import annotations

import json
import logging
import os
import sys
import time
from typing import Any

from .config import TrainConfig, load_config
from .errors import EXIT_BAD_INPUT, EXIT_FAILURE, InputError, MissingDependencyError, emit, emit_error

log = logging.getLogger("genrm.trainer")
METRICS_FILE = "metrics.json"


def setup_threads(cfg: TrainConfig) -> int:
    import torch

    n = cfg.threads or int(os.environ.get("OMP_NUM_THREADS", "0") or 0) or (os.cpu_count() or 1)
    torch.set_num_threads(n)
    return n


def load_data(cfg: TrainConfig):
    from .data import check_trainable, read_rows, split_by_group

    rows = read_rows(cfg.data, cfg.max_examples)
    check_trainable(rows, cfg.data)
    if cfg.val_data:
        train, val = rows, read_rows(cfg.val_data)
    else:
        train, val = split_by_group(rows, cfg.val_fraction, cfg.seed)
    check_trainable(train, cfg.data + " (training split)")
    return train, val


def finish(cfg: TrainConfig, metrics: dict[str, Any]) -> None:
    with open(os.path.join(cfg.out_dir, METRICS_FILE), "w", encoding="utf-8") as fh:
        json.dump(metrics, fh, indent=2)
    emit({"type": "metrics", **metrics})


def run_tiny(cfg: TrainConfig) -> int:
    import torch

    from .export_onnx import write_artifacts
    from .loop import fit
    from .metrics import training_metrics
    from .tiny import TinyTask

    started = time.perf_counter()
    train, val = load_data(cfg)
    task = TinyTask(cfg, train, val)
    if task.train.truncated:
        log.warning("%d prompts exceed %d bytes and were cut from the left: render with maxBytes=%d",
                    task.train.truncated, cfg.context_length - 1, cfg.context_length - 1)
    log.info("tiny: %d params, %d train rows, %d val rows (%d val groups), %d threads, torch %s",
             task.model.num_params(), len(train), len(val), len({r.group for r in val}), torch.get_num_threads(), torch.__version__)
    result = fit(task, cfg)
    if result.halted:
        log.info("halted after step %d as asked; rerun with --resume to continue", result.state.step)
        emit({"type": "halted", "step": result.state.step, "total_steps": result.total_steps})
        return 0
    final_eval = task.evaluate()  # best weights are restored by fit
    metrics = training_metrics("tiny", cfg, result, task.model, train, val, task.model.num_params(), final_eval)
    config = write_artifacts(task.model, cfg.out_dir, template_version=cfg.template_version,
                             metrics={k: v for k, v in metrics.items() if k != "history"}, opset=cfg.onnx_opset, export=cfg.export_onnx)
    metrics["export_seconds"] = config.pop("_export_seconds")
    metrics["elapsed_s"] = time.perf_counter() - started
    metrics["out_dir"] = cfg.out_dir
    metrics["artifacts"] = sorted(os.listdir(cfg.out_dir))
    finish(cfg, metrics)
    return 0


def run_lora(cfg: TrainConfig) -> int:
    from .lora import run

    started = time.perf_counter()
    train, val = load_data(cfg)
    metrics = run(cfg, train, val)
    if metrics is None:  # halted
        return 0
    metrics["elapsed_s"] = time.perf_counter() - started
    metrics["out_dir"] = cfg.out_dir
    metrics["artifacts"] = sorted(os.listdir(cfg.out_dir))
    finish(cfg, metrics)
    return 0


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(asctime)s %(levelname)s %(message)s")
    try:
        cfg = load_config(argv)
        os.makedirs(cfg.out_dir, exist_ok=True)
        n = setup_threads(cfg)
        log.info("config: %s", json.dumps({**cfg.to_dict(), "threads": n}))
        return run_tiny(cfg) if cfg.kind == "tiny" else run_lora(cfg)
    except InputError as e:
        emit_error(str(e))
        log.error("%s", e)
        return EXIT_BAD_INPUT
    except MissingDependencyError as e:
        emit_error(str(e))
        log.error("%s", e)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        emit_error("interrupted")
        return 130
    except Exception as e:  # noqa: BLE001 - the caller needs one parseable line, the traceback goes to stderr
        log.exception("training failed")
        emit_error(f"{type(e).__name__}: {e}")
        return EXIT_FAILURE


if __name__ == "__main__":
    sys.exit(main())
