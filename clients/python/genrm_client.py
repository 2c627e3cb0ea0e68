"""GenRM API client for RL trainers — one file, Python standard library only.

    from genrm_client import GenRMClient
    client = GenRMClient("http://127.0.0.1:3000", api_key="grm_...")   # or GENRM_URL / GENRM_API_KEY
    client.judge([{"prompt": "2+2?", "response": "4", "reference": "2+2 = 4"}])["results"]

    # TRL GRPOTrainer: reward_funcs=[client.reward_func]  (or client.async_reward_func)
    # verl:            custom_reward_function.name=compute_score (or compute_score_async for the reward loop)

Rewards are p(better) - p(worse) in [-1, 1] of the response judged against the reference answer
(the `reference` column of the dataset when present, else the prompt's reference stored on the server).
503/429 and connection failures are retried, honouring Retry-After; other errors raise GenRMError with
the server's message. An item the server could not judge (e.g. a prompt with no reference anywhere)
raises GenRMItemError by default: a trainer never gets a made-up reward (see `on_error`).
Copy this file into your trainer's environment; it needs nothing else.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import time
import urllib.error
import urllib.request
from typing import Any, Optional, Sequence

__all__ = [
    "GenRMClient",
    "GenRMError",
    "GenRMItemError",
    "reward_func",
    "async_reward_func",
    "compute_score",
    "compute_score_async",
    "default_client",
]

log = logging.getLogger("genrm_client")

RETRYABLE = {429, 502, 503, 504}


class GenRMError(Exception):
    """A request the server refused (status >= 400) or that kept failing after the retries."""

    def __init__(self, message: str, status: Optional[int] = None, body: Any = None, request_id: Optional[str] = None):
        super().__init__(message if status is None else f"HTTP {status}: {message}")
        self.status = status
        self.body = body
        self.request_id = request_id


class GenRMItemError(GenRMError):
    """The server answered but could not judge one item (e.g. no reference answer for its prompt)."""

    def __init__(self, index: int, result: dict):
        err = result.get("error")
        err = err if isinstance(err, dict) else {"message": str(err)}
        self.index = index
        self.item_id = result.get("id", index)
        self.code = err.get("code")
        message = str(err.get("message") or "the server could not judge this item")
        super().__init__(f"GenRM could not judge item {self.item_id!r}" + (f" ({self.code})" if self.code else "") + f": {message}", None, result)
        self.status = err.get("status")


def _text_of(x: Any) -> str:
    """TRL passes plain strings or conversations ([{"role", "content"}, ...]); the GenRM reads text."""
    if isinstance(x, str):
        return x
    if isinstance(x, dict):
        return str(x.get("content", ""))
    if isinstance(x, (list, tuple)):
        msgs = [m for m in x if isinstance(m, dict)]
        users = [m for m in msgs if m.get("role") == "user"]
        if len(msgs) == 1 or (len(users) == 1 and all(m.get("role") in ("system", "user") for m in msgs)):
            return str((users or msgs)[0].get("content", ""))
        if msgs and all(m.get("role") == "assistant" for m in msgs):
            return "".join(str(m.get("content", "")) for m in msgs)
        return "\n\n".join(f"{m.get('role')}: {m.get('content', '')}" for m in msgs)
    return str(x)


class GenRMClient:
    def __init__(
        self,
        url: Optional[str] = None,
        api_key: Optional[str] = None,
        *,
        model: Optional[str | int] = None,
        both_orders: bool = True,
        timeout: float = 120.0,
        retries: int = 6,
        max_batch: int = 256,
        on_error: str = "raise",
        reference_key: str = "reference",
        run_id: Optional[str] = None,
    ):
        """
        url, api_key: default to the GENRM_URL and GENRM_API_KEY environment variables.
        model:        a GenRM version (3, "v3", id or name); default: the server's active version.
        on_error:     an item the server could not judge (e.g. a prompt with no reference anywhere):
                      "raise" (default: GenRMItemError, the trainer stops with the server's reason),
                      "none" (None: TRL marks the completion unscorable and leaves it out of the
                      baseline) or "zero" (0.0, logged: biases the group baseline; explicit opt-in only).
        run_id:       an RL run id: replies then carry its control (see `last_control`).
        """
        self.url = (url or os.environ.get("GENRM_URL") or "").rstrip("/")
        if not self.url:
            raise ValueError("GenRMClient needs a url (or set GENRM_URL)")
        self.api_key = api_key if api_key is not None else os.environ.get("GENRM_API_KEY")
        if on_error not in ("zero", "none", "raise"):
            raise ValueError("on_error must be 'raise', 'none' or 'zero'")
        self.model = model
        self.both_orders = both_orders
        self.timeout = timeout
        self.retries = retries
        self.max_batch = max_batch
        self.on_error = on_error
        self.reference_key = reference_key
        self.run_id = run_id
        self.last_control: Optional[dict] = None

    # -- HTTP ---------------------------------------------------------------------------------
    def _post(self, path: str, payload: dict) -> dict:
        data = json.dumps(payload).encode("utf-8")
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        delay = 0.5
        for attempt in range(self.retries + 1):
            req = urllib.request.Request(self.url + path, data=data, headers=headers, method="POST")
            try:
                with urllib.request.urlopen(req, timeout=self.timeout) as res:
                    return json.loads(res.read().decode("utf-8"))
            except urllib.error.HTTPError as e:
                raw = e.read().decode("utf-8", "replace")
                try:
                    body = json.loads(raw)
                except ValueError:
                    body = {"error": raw[:500]}
                message = body.get("error", raw[:500]) if isinstance(body, dict) else raw[:500]
                rid = e.headers.get("x-request-id")
                if e.code in RETRYABLE and attempt < self.retries:
                    wait = _retry_after(e.headers.get("retry-after"), delay)
                    log.warning("GenRM %s (%s); retrying in %.1fs", e.code, message, wait)
                    time.sleep(wait)
                    delay = min(delay * 2, 30.0)
                    continue
                if e.code == 422 and isinstance(body, dict) and ("results" in body or "rewards" in body):
                    return body  # every item failed: the caller maps per-item errors
                raise GenRMError(message, e.code, body, rid) from None
            except (urllib.error.URLError, ConnectionError, TimeoutError) as e:
                if attempt < self.retries:
                    log.warning("GenRM unreachable (%s); retrying in %.1fs", e, delay)
                    time.sleep(delay)
                    delay = min(delay * 2, 30.0)
                    continue
                raise GenRMError(f"GenRM server at {self.url} unreachable: {e}") from None
        raise GenRMError("unreachable")  # pragma: no cover  (the loop returns or raises)

    # -- API ----------------------------------------------------------------------------------
    def judge(self, items: Sequence[dict], *, model: Optional[str | int] = None, both_orders: Optional[bool] = None, run_id: Optional[str] = None) -> dict:
        """POST /api/v1/judge. items: [{prompt, response, reference?, id?}]. Large lists are sent in chunks
        of max_batch and merged; returns {model, bothOrders, results, errors, control?}."""
        items = list(items)
        if not items:
            return {"results": [], "errors": 0}
        merged: Optional[dict] = None
        for start in range(0, len(items), self.max_batch):
            payload: dict = {"items": items[start : start + self.max_batch], "bothOrders": self.both_orders if both_orders is None else both_orders}
            m = model if model is not None else self.model
            if m is not None:
                payload["model"] = m
            rid = run_id or self.run_id
            if rid:
                payload["runId"] = rid
            reply = self._post("/api/v1/judge", payload)
            if "control" in reply:
                self.last_control = reply["control"]
            if merged is None:
                merged = reply
            else:
                merged["results"].extend(reply["results"])
                merged["errors"] = merged.get("errors", 0) + reply.get("errors", 0)
        return merged  # type: ignore[return-value]

    def rewards(self, prompts: Sequence[Any], responses: Sequence[Any], references: Optional[Sequence[Any]] = None) -> list:
        """One reward per (prompt, response); failed items per `on_error`."""
        if len(prompts) != len(responses):
            raise ValueError(f"{len(prompts)} prompts but {len(responses)} responses")
        items = []
        for i, (p, r) in enumerate(zip(prompts, responses)):
            item = {"id": i, "prompt": _text_of(p), "response": _text_of(r)}
            ref = references[i] if references is not None and i < len(references) else None
            if isinstance(ref, str) and ref.strip():
                item["reference"] = ref
            items.append(item)
        out: list = []
        for index, res in enumerate(self.judge(items)["results"]):
            if "error" in res or not isinstance(res.get("reward"), (int, float)):
                failure = GenRMItemError(index, res if "error" in res else {**res, "error": {"message": "the reply has no reward for this item"}})
                if self.on_error == "raise":
                    raise failure
                log.warning("%s; rewarding it %s as on_error=%r asks", failure, "None" if self.on_error == "none" else "0.0", self.on_error)
                out.append(None if self.on_error == "none" else 0.0)
            else:
                out.append(float(res["reward"]))
        return out

    def reward_func(self, prompts: Sequence[Any], completions: Sequence[Any], **kwargs: Any) -> list:
        """TRL GRPOTrainer reward function: reward_funcs=[client.reward_func]. A dataset column named
        `reference` (see reference_key) is used as the reference answer."""
        return self.rewards(prompts, completions, kwargs.get(self.reference_key))

    async def async_reward_func(self, prompts: Sequence[Any], completions: Sequence[Any], **kwargs: Any) -> list:
        """The same, as a coroutine (TRL runs async reward functions concurrently)."""
        return await asyncio.to_thread(self.reward_func, prompts, completions, **kwargs)

    def compute_score(
        self,
        data_source: Any = None,
        solution_str: Any = None,
        ground_truth: Any = None,
        extra_info: Any = None,
        *,
        data_sources: Any = None,
        solution_strs: Any = None,
        ground_truths: Any = None,
        extra_infos: Any = None,
        **_trainer_kwargs: Any,
    ) -> Any:
        """verl's custom reward function, for each way verl calls it:
        - NaiveRewardManager and the reward loop: compute_score(data_source=, solution_str=, ground_truth=,
          extra_info=) -> float. The reward loop may add reward_router_address= and
          reward_model_tokenizer=; `reward_kwargs` from the config arrive as keywords too: both ignored.
        - BatchRewardManager: compute_score(data_sources=, solution_strs=, ground_truths=, extra_infos=)
          -> list of floats (the columns may be lists or numpy arrays).
        ground_truth is the reference answer (none: the server's stored reference for the prompt); the prompt
        is read from extra_info["prompt" | "question" | "query"]."""
        if solution_strs is not None or _is_batch(solution_str):
            responses = _as_list(solution_strs if solution_strs is not None else solution_str)
            n = len(responses)
            truths = _column(ground_truths if ground_truths is not None else ground_truth, n, "ground_truths")
            infos = _column(extra_infos if extra_infos is not None else extra_info, n, "extra_infos")
            return self.rewards([_prompt_of(x) for x in infos], responses, [_ref(t) for t in truths])
        if solution_str is None:
            raise TypeError("compute_score needs solution_str= (verl's naive manager and reward loop) or solution_strs= (its batch manager)")
        return self.rewards([_prompt_of(extra_info)], [solution_str], [_ref(ground_truth)])[0]

    async def compute_score_async(self, *args: Any, **kwargs: Any) -> Any:
        """compute_score as a coroutine: verl's reward loop awaits it instead of using a thread of its pool."""
        return await asyncio.to_thread(self.compute_score, *args, **kwargs)


def _is_batch(x: Any) -> bool:
    """A list, tuple or numpy array (verl's non-tensor columns), not a string."""
    return isinstance(x, (list, tuple)) or (hasattr(x, "tolist") and getattr(x, "ndim", 0) >= 1)


def _as_list(x: Any) -> list:
    return list(x) if _is_batch(x) else [x]


def _column(x: Any, n: int, name: str) -> list:
    if _is_batch(x):
        out = list(x)
        if len(out) != n:
            raise ValueError(f"{name} has {len(out)} items but solution_strs has {n}")
        return out
    return [x] * n


def _ref(x: Any) -> Optional[str]:
    if x is None:
        return None
    if hasattr(x, "tolist") and not isinstance(x, str):
        x = x.tolist()  # numpy scalars and arrays from verl's columns
    return x if isinstance(x, str) else json.dumps(x) if isinstance(x, (dict, list)) else str(x)


def _prompt_of(extra_info: Any) -> str:
    if isinstance(extra_info, dict):
        for k in ("prompt", "question", "query"):
            if extra_info.get(k) is not None:
                return _text_of(extra_info[k])
    return ""


def _retry_after(header: Optional[str], fallback: float) -> float:
    try:
        return max(0.0, min(float(header), 60.0)) if header else fallback
    except ValueError:
        return fallback


_default: Optional[GenRMClient] = None


def default_client() -> GenRMClient:
    """The client the module-level functions use: GENRM_URL, GENRM_API_KEY, optional GENRM_MODEL and
    GENRM_ON_ERROR ("raise", "none" or "zero"; see GenRMClient)."""
    global _default
    if _default is None:
        _default = GenRMClient(model=os.environ.get("GENRM_MODEL") or None, on_error=os.environ.get("GENRM_ON_ERROR") or "raise")
    return _default


def reward_func(prompts: Sequence[Any], completions: Sequence[Any], **kwargs: Any) -> list:
    """TRL: GRPOTrainer(reward_funcs=[genrm_client.reward_func], ...)."""
    return default_client().reward_func(prompts, completions, **kwargs)


async def async_reward_func(prompts: Sequence[Any], completions: Sequence[Any], **kwargs: Any) -> list:
    return await default_client().async_reward_func(prompts, completions, **kwargs)


def compute_score(*args: Any, **kwargs: Any) -> Any:
    """verl: custom_reward_function.path=genrm_client.py custom_reward_function.name=compute_score (every
    reward manager: singular keywords give a float, the batch manager's plural keywords a list)."""
    return default_client().compute_score(*args, **kwargs)


async def compute_score_async(*args: Any, **kwargs: Any) -> Any:
    """verl's reward loop: custom_reward_function.name=compute_score_async (awaited on its event loop)."""
    return await default_client().compute_score_async(*args, **kwargs)
