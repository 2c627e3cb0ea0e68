"""The one truncation rule of genrm/truncate.ts, ported exactly, for rows that do not fit the context.

A training row's prompt is `renderJudgePrompt(item)` (genrm/template.ts). When it is too long, the
trainer must cut it the way serving does (renderJudgePrompt(item, {maxBytes})), not keep its tail:
`refit_rendered` splits the rendered prompt back into its fields and applies the same rule: the byte
budget left after the template's fixed text is shared fairly by prompt, reference and candidate
(short fields keep everything, long ones are cut to equal shares), each keeping its head with " …" at
the cut, never splitting a UTF-8 character. genrm/trainer/tests/truncation_cases.json holds cases that
the TypeScript tests (genrm/truncate.cases.test.ts) and the Python tests check against the same
expected text. Change both files or neither.
"""
from __future__ import annotations

from typing import Optional

HEADER = "Judge the candidate answer against the reference answer for the prompt.\n"
PROMPT_TAG = "### Prompt\n"
REFERENCE_TAG = "\n### Reference\n"
CANDIDATE_TAG = "\n### Candidate\n"
VERDICT_TAG = "\n### Verdict (better/same/worse):"
ELLIPSIS = " …"
FIXED = HEADER + PROMPT_TAG + REFERENCE_TAG + CANDIDATE_TAG + VERDICT_TAG


def byte_length(s: str) -> int:
    return len(s.encode("utf-8"))


def truncate_utf8(s: str, max_bytes: int) -> str:
    """`s` cut to at most `max_bytes` UTF-8 bytes keeping its head, marked " …" when there is room."""
    if byte_length(s) <= max_bytes:
        return s
    marker = max_bytes >= byte_length(ELLIPSIS)
    budget = max_bytes - byte_length(ELLIPSIS) if marker else max(0, max_bytes)
    used = 0
    out = []
    for ch in s:
        b = byte_length(ch)
        if used + b > budget:
            break
        used += b
        out.append(ch)
    return "".join(out) + (ELLIPSIS if marker else "")


def fair_shares(lengths: list[int], budget: int) -> list[int]:
    shares = [0] * len(lengths)
    remaining = budget
    open_ = list(range(len(lengths)))
    while open_:
        each = remaining // len(open_)
        fits = [i for i in open_ if lengths[i] <= each]
        if not fits:
            for i in open_:
                shares[i] = each
            break
        for i in fits:
            shares[i] = lengths[i]
            remaining -= lengths[i]
        open_ = [i for i in open_ if i not in fits]
    return shares


def fit_fields(prompt: str, reference: str, candidate: str, budget: int) -> tuple[str, str, str]:
    if budget < 30:
        raise ValueError(f"a budget of {budget} bytes leaves no room for the fields")
    p, r, c = fair_shares([byte_length(prompt), byte_length(reference), byte_length(candidate)], budget)
    return truncate_utf8(prompt, p), truncate_utf8(reference, r), truncate_utf8(candidate, c)


def split_rendered(text: str) -> Optional[tuple[str, str, str]]:
    """(prompt, reference, candidate) of a renderJudgePrompt text, or None for any other text."""
    if not text.startswith(HEADER + PROMPT_TAG) or not text.endswith(VERDICT_TAG):
        return None
    body = text[len(HEADER + PROMPT_TAG): len(text) - len(VERDICT_TAG)]
    r = body.find(REFERENCE_TAG)
    c = body.rfind(CANDIDATE_TAG)
    if r < 0 or c < r + len(REFERENCE_TAG) - 1 or c < r:
        return None
    return body[:r], body[r + len(REFERENCE_TAG): c], body[c + len(CANDIDATE_TAG):]


def render(prompt: str, reference: str, candidate: str) -> str:
    return HEADER + PROMPT_TAG + prompt + REFERENCE_TAG + reference + CANDIDATE_TAG + candidate + VERDICT_TAG


def refit_rendered(text: str, max_bytes: int) -> Optional[str]:
    """renderJudgePrompt(item, {maxBytes: max_bytes}) from renderJudgePrompt(item); None when `text` is not one."""
    fields = split_rendered(text)
    if fields is None:
        return None
    if byte_length(text) <= max_bytes:
        return text
    return render(*fit_fields(*fields, max_bytes - byte_length(FIXED)))


def fit_to_tokens(text: str, max_tokens: int, count_tokens) -> Optional[str]:
    """The rule applied with the largest byte budget whose rendering fits `max_tokens` (a tokenizer's
    count, e.g. a LoRA base model's); None when `text` is not a rendered judge prompt or nothing fits.

    A byte budget bounds tokens from above (every token covers at least one byte), so the search shrinks
    the budget in proportion to the overshoot until the count fits.
    """
    if split_rendered(text) is None:
        return None
    budget = byte_length(text)
    current = text
    for _ in range(32):
        n = count_tokens(current)
        if n <= max_tokens:
            return current
        budget = min(budget - 1, int(budget * max_tokens / n * 0.98))
        if budget - byte_length(FIXED) < 30:
            return None
        current = refit_rendered(text, budget)
    return None
