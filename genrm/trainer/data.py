"""Reading the training JSONL, the group split, byte tokenisation and length-bucketed batches.

The byte tokenisation here is a contract with genrm/backends/embedded/tokenize.ts: change both or
neither (the special ids are also written to config.json, which the TypeScript side reads).
"""
from __future__ import annotations

import json
import random
from collections import Counter
from dataclasses import dataclass
from typing import Iterator, Sequence

from .errors import InputError
from .truncate import byte_length, refit_rendered

VERDICTS = ("better", "same", "worse")  # index = class id everywhere (metrics, ONNX output order)

# Byte vocabulary: ids 0..255 are the UTF-8 bytes, then the special tokens.
PAD_ID = 256
BOS_ID = 257
VERDICT_TOKEN_IDS = {"better": 258, "same": 259, "worse": 260}
VOCAB_SIZE = 261
SPECIAL_TOKENS = {"pad": PAD_ID, "bos": BOS_ID, **VERDICT_TOKEN_IDS}
# genrm/template.ts v1's HEADER: identical in every prompt, so it carries no information. The byte
# tokeniser drops it (config.json "strip_prefix"): shorter rows, and attention is not diluted by it.
DEFAULT_STRIP_PREFIX = "Judge the candidate answer against the reference answer for the prompt.\n"
# genrm/template.ts v1's tags that open the reference, candidate and verdict sections (model.SectionIds).
DEFAULT_SECTION_MARKERS = ("\n### Reference\n", "\n### Candidate\n", "\n### Verdict")


@dataclass
class Row:
    prompt: str
    completion: str
    label: int  # index into VERDICTS
    weight: float
    group: str
    line: int


def parse_verdict(completion: str) -> int | None:
    """' better' -> 0. A rationale may come first: the verdict is the completion's last word."""
    words = completion.strip().lower().split()
    if not words:
        return None
    word = words[-1].strip(".,;:!\"'*`()[]")
    return VERDICTS.index(word) if word in VERDICTS else None


def read_rows(path: str, limit: int = 0) -> list[Row]:
    rows: list[Row] = []
    try:
        fh = open(path, encoding="utf-8")
    except OSError as e:
        raise InputError(f"cannot read {path}: {e.strerror or e}") from e
    with fh:
        for n, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            try:
                obj = json.loads(raw)
            except json.JSONDecodeError as e:
                raise InputError(f"{path}:{n}: not JSON ({e.msg})") from e
            if not isinstance(obj, dict):
                raise InputError(f"{path}:{n}: expected an object")
            prompt, completion = obj.get("prompt"), obj.get("completion")
            if not isinstance(prompt, str) or not prompt:
                raise InputError(f"{path}:{n}: 'prompt' must be a non-empty string")
            if not isinstance(completion, str):
                raise InputError(f"{path}:{n}: 'completion' must be a string")
            label = parse_verdict(completion)
            if label is None:
                raise InputError(f"{path}:{n}: completion {completion!r} does not end with better/same/worse")
            weight = obj.get("weight", 1.0)
            if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not weight >= 0:
                raise InputError(f"{path}:{n}: 'weight' must be a number >= 0")
            group = obj.get("group")
            if group is not None and not isinstance(group, (str, int)):
                raise InputError(f"{path}:{n}: 'group' must be a string")
            # Without a group, identical prompts still stay on one side of the split.
            rows.append(Row(prompt, completion, label, float(weight), str(group) if group is not None else "prompt:" + prompt, n))
            if limit and len(rows) >= limit:
                break
    return rows


def check_trainable(rows: Sequence[Row], path: str) -> None:
    if not rows:
        raise InputError(f"empty dataset: {path} has no rows")
    counts = Counter(r.label for r in rows)
    if len(counts) < 2:
        only = VERDICTS[next(iter(counts))]
        raise InputError(f"a single label class ({only!r} x{len(rows)}): a judge needs at least two verdicts to learn")
    if sum(r.weight for r in rows) <= 0:
        raise InputError("every row has weight 0")


def split_by_group(rows: Sequence[Row], val_fraction: float, seed: int) -> tuple[list[Row], list[Row]]:
    """Holds out whole groups (prompt ids), never single rows, so validation measures unseen prompts."""
    if val_fraction <= 0:
        return list(rows), []
    groups = sorted({r.group for r in rows})
    if len(groups) < 2:
        return list(rows), []
    random.Random(seed).shuffle(groups)
    n_val = min(len(groups) - 1, max(1, round(len(groups) * val_fraction)))
    val_groups = set(groups[:n_val])
    return [r for r in rows if r.group not in val_groups], [r for r in rows if r.group in val_groups]


def label_counts(rows: Sequence[Row]) -> dict[str, int]:
    c = Counter(r.label for r in rows)
    return {v: c.get(i, 0) for i, v in enumerate(VERDICTS)}


def encode_prompt(prompt: str, context_length: int, strip_prefix: str = "") -> list[int]:
    """BOS + UTF-8 bytes, minus `strip_prefix` when the prompt starts with it.

    A judge prompt longer than serving allows (renderJudgePrompt with maxBytes = context_length - 1,
    what genrm/backends/embedded renders) is cut by the SAME rule (truncate.py, a port of
    genrm/truncate.ts), so training sees what serving sends. Only text that is not a rendered judge
    prompt, and is still too long, keeps BOS and its LAST bytes. Prompts exported with that maxBytes
    never need either cut.
    """
    if byte_length(prompt) > context_length - 1:
        refit = refit_rendered(prompt, context_length - 1)
        if refit is not None:
            prompt = refit
    data = prompt.encode("utf-8")
    prefix = strip_prefix.encode("utf-8")
    if prefix and data.startswith(prefix):
        data = data[len(prefix) :]
    room = context_length - 1
    if len(data) > room:
        data = data[len(data) - room :]
    return [BOS_ID, *data]


def bucketed_batches(lengths: Sequence[int], batch_size: int, pool_batches: int, rng: random.Random) -> list[list[int]]:
    """Shuffle, sort pools of `pool_batches` batches by length, cut into batches, shuffle the batches.

    Batches hold similar lengths (little padding: on CPU that is most of the speed), yet every epoch
    sees a different order. Deterministic given `rng`.
    """
    order = list(range(len(lengths)))
    rng.shuffle(order)
    pool = max(1, pool_batches) * batch_size
    batches: list[list[int]] = []
    for start in range(0, len(order), pool):
        chunk = sorted(order[start : start + pool], key=lambda i: lengths[i])
        batches.extend(chunk[i : i + batch_size] for i in range(0, len(chunk), batch_size))
    rng.shuffle(batches)
    return batches


def sorted_batches(lengths: Sequence[int], batch_size: int) -> Iterator[list[int]]:
    """Evaluation batches: sorted by length, fixed order."""
    order = sorted(range(len(lengths)), key=lambda i: lengths[i])
    for i in range(0, len(order), batch_size):
        yield order[i : i + batch_size]
