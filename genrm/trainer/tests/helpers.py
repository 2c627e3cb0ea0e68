"""Shared helpers for the trainer's unittest suite: toy data and in-process runs of train.main."""
from __future__ import annotations

import contextlib
import io
import json
import os
import random
import subprocess
import sys
from typing import Any

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
KEYS = {"better": "up", "same": "eq", "worse": "dn"}

# Small, fast settings: a few seconds per run on 2 CPU cores.
FAST = ["--context-length", "96", "--d-model", "32", "--n-layer", "2", "--n-head", "2", "--batch-size", "16", "--log-every", "5", "--warmup-steps", "10"]


def toy_rows(n: int, seed: int = 0, classes: tuple[str, ...] = ("better", "same", "worse")) -> list[dict[str, Any]]:
    """The verdict is written in the prompt as a keyword among noise: learnable in a few epochs."""
    r = random.Random(seed)
    rows = []
    for i in range(n):
        v = r.choice(classes)
        noise = "".join(r.choice("abcdefgh ") for _ in range(r.randint(3, 30)))
        rows.append({"prompt": f"{noise} [{KEYS[v]}] {noise[:5]}\nVerdict:", "completion": " " + v, "group": f"g{i // 2}"})
    return rows


def write_jsonl(path: str, rows: list[dict[str, Any]]) -> str:
    with open(path, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row) + "\n")
    return path


def run_main(argv: list[str]) -> tuple[int, list[dict[str, Any]]]:
    """Runs train.main in-process; returns (exit code, parsed stdout JSON lines)."""
    from genrm.trainer.train import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main(argv)
    return code, [json.loads(line) for line in out.getvalue().splitlines() if line.strip()]


def run_cli(argv: list[str]) -> subprocess.CompletedProcess[str]:
    """Runs `python -m genrm.trainer.train` as a child, as genrm/python.ts does."""
    env = {**os.environ, "PYTHONPATH": REPO_ROOT, "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run([sys.executable, "-m", "genrm.trainer.train", *argv], cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=300)
