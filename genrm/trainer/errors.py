"""The trainer's failure types and its stdout protocol.

stdout carries only JSON lines (one object per line, `type` first): progress, checkpoint, metrics,
error. Everything human-readable goes to stderr through `logging`. The TypeScript side
(genrm/python.ts `runTrainer`) parses stdout line by line; keep every line a complete JSON object.
"""
from __future__ import annotations

import json
import math
import sys
from typing import Any

EXIT_BAD_INPUT = 2  # the caller's data or config is wrong: retrying will not help
EXIT_FAILURE = 1  # anything else (bug, out of memory, missing package)


class InputError(Exception):
    """Bad data or configuration: exit code 2 with a one-line JSON error."""


class MissingDependencyError(Exception):
    """An optional package (transformers, peft) is not importable."""


def _clean(v: Any) -> Any:
    # JSON has no NaN/inf; a diverged loss must still produce a parseable line.
    if isinstance(v, float) and not math.isfinite(v):
        return None
    if isinstance(v, dict):
        return {k: _clean(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_clean(x) for x in v]
    return v


def emit(obj: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(_clean(obj), separators=(",", ":")) + "\n")
    sys.stdout.flush()


def emit_error(message: str) -> None:
    emit({"type": "error", "message": " ".join(str(message).split())})
