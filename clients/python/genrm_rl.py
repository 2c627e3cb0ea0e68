"""RL run reporting for the GenRM platform — pairs with genrm_client.py (copy both; stdlib only).

    from genrm_client import GenRMClient
    from genrm_rl import RLRun, TRLRunCallback

    client = GenRMClient("http://127.0.0.1:3000", api_key="grm_...")      # key scopes: judge, runs:write
    run = RLRun.create(client, name="grpo-qwen-7", policy="qwen2.5-0.5b")  # judged by the active GenRM
    run.log_step(12, prompts=ps, responses=rs, rewards=rw, correct=ok)     # metrics computed for you
    control = run.get_control()   # {"action": "continue" | "pause", "model": "genrm-v2", "reason": ...}

TRL: reward_funcs=[hook.reward_func] and callbacks=[hook.callback()] with hook = RunHook(run): every
judged completion is recorded; at each step end the step is reported and, when the platform says
"pause" (a length-bias alert), training blocks until a researcher or the recalibration says "continue";
the client then switches to the GenRM version named in the control. Any other loop: call
hook.end_step(step) yourself after each optimizer step.

Lengths are characters. A step is idempotent on the server: re-sending one never duplicates it.
"""

from __future__ import annotations

import json
import logging
import math
import time
import urllib.error
import urllib.request
from typing import Any, Callable, Optional, Sequence

from genrm_client import GenRMClient, GenRMError, _text_of  # noqa: F401  (re-exported for callers)

__all__ = ["RLRun", "RunHook", "TRLRunCallback", "step_metrics", "log_step", "get_control"]

log = logging.getLogger("genrm_rl")


def _quantile(sorted_xs: Sequence[float], q: float) -> float:
    """numpy's default (linear) quantile, as the server's monitoring code computes it."""
    if not sorted_xs:
        return 0.0
    pos = (len(sorted_xs) - 1) * q
    lo, hi = math.floor(pos), math.ceil(pos)
    return sorted_xs[lo] + (sorted_xs[hi] - sorted_xs[lo]) * (pos - lo)


def step_metrics(lengths: Sequence[float], rewards: Sequence[float], correct: Optional[Sequence[Any]] = None) -> dict:
    """The step metrics the API expects, over a whole batch: length mean/p50/p90 (characters), reward
    mean/std (population), accuracy (share correct; None when there is no verifier)."""
    if len(lengths) != len(rewards):
        raise ValueError(f"{len(lengths)} lengths but {len(rewards)} rewards")
    if not rewards:
        raise ValueError("a step needs at least one rollout")
    n = len(rewards)
    mean_r = sum(rewards) / n
    s = sorted(float(x) for x in lengths)
    verified = [float(c) for c in (correct or []) if c is not None]
    return {
        "length_mean": sum(s) / n,
        "length_p50": _quantile(s, 0.5),
        "length_p90": _quantile(s, 0.9),
        "reward_mean": mean_r,
        "reward_std": math.sqrt(sum((r - mean_r) ** 2 for r in rewards) / n),
        "accuracy": (sum(verified) / len(verified)) if verified else None,
    }


class RLRun:
    """One RL run on the platform: report steps, read the control."""

    def __init__(self, client: GenRMClient, run_id: str):
        self.client = client
        self.id = run_id

    @classmethod
    def create(
        cls,
        client: GenRMClient,
        name: str,
        policy: str = "",
        *,
        model: Optional[str | int] = None,
        auto_pause: bool = True,
        auto_recalibrate: bool = False,
        detector_config: Optional[dict] = None,
        human_sample_rate: float = 0.0,
    ) -> "RLRun":
        payload: dict = {"name": name, "policy": policy, "autoPause": auto_pause, "autoRecalibrate": auto_recalibrate}
        if model is not None:
            payload["model"] = model
        if human_sample_rate:
            # share of each step's reported rollouts sent to blind human checks against the reference
            payload["humanSampleRate"] = human_sample_rate
        if detector_config:
            payload["detectorConfig"] = detector_config
        reply = client._post("/api/v1/runs", payload)
        run = cls(client, reply["run"]["id"])
        client.run_id = run.id  # judge replies now carry this run's control
        return run

    def log_step(
        self,
        step: int,
        *,
        prompts: Optional[Sequence[Any]] = None,
        responses: Optional[Sequence[Any]] = None,
        rewards: Optional[Sequence[float]] = None,
        correct: Optional[Sequence[Any]] = None,
        metrics: Optional[dict] = None,
        max_samples: int = 64,
        model: Optional[str | int] = None,
    ) -> dict:
        """POST /api/v1/runs/:id/steps. Give the batch (prompts, responses, rewards[, correct]) and the
        metrics are computed over all of it, with the first `max_samples` rollouts sent as the sample;
        or give `metrics` yourself (keys as in step_metrics; extra numeric keys are kept).
        Returns {step, status, alerts, control}."""
        if not isinstance(step, int) or isinstance(step, bool) or step < 0:
            raise ValueError("step must be a non-negative int")
        samples: list = []
        if responses is not None:
            if prompts is None or rewards is None or len(prompts) != len(responses) or len(rewards) != len(responses):
                raise ValueError("prompts, responses and rewards must be given together, with equal lengths")
            texts = [_text_of(r) for r in responses]
            if metrics is None:
                metrics = step_metrics([len(t) for t in texts], [float(r) for r in rewards], correct)
            for i in range(min(max_samples, len(texts))):
                s: dict = {"prompt": _text_of(prompts[i]), "response": texts[i], "reward": float(rewards[i])}
                if correct is not None and correct[i] is not None:
                    s["correct"] = bool(correct[i]) if isinstance(correct[i], bool) else float(correct[i])
                samples.append(s)
        if metrics is None:
            raise ValueError("give either the batch (prompts, responses, rewards) or metrics")
        payload: dict = {"step": step, "metrics": metrics, "samples": samples}
        if model is not None:
            payload["model"] = model
        reply = self.client._post(f"/api/v1/runs/{self.id}/steps", payload)
        for a in reply.get("alerts", []):
            log.warning("GenRM length-bias alert at step %s: %s", a.get("step"), a.get("message"))
        return reply

    def get_control(self) -> dict:
        """GET /api/v1/runs/:id/control → {"action": "continue" | "pause", "model", "reason"}."""
        return _get(self.client, f"/api/v1/runs/{self.id}/control")

    def wait_while_paused(self, poll_s: float = 10.0, timeout_s: Optional[float] = None, control: Optional[dict] = None) -> dict:
        """Blocks while the run is paused; returns the "continue" control and points the client at the
        GenRM version it names (a recalibrated one after a recalibration). TimeoutError after timeout_s."""
        started = time.monotonic()
        control = control or self.get_control()
        while control.get("action") == "pause":
            if timeout_s is not None and time.monotonic() - started > timeout_s:
                raise TimeoutError(f"run {self.id} still paused after {timeout_s}s: {control.get('reason')}")
            # Never wait silently: why it is paused (an alert, a diagnosis, a rejected recalibration and
            # what to try) and where a person decides.
            log.warning("run %s paused: %s — decide at %s/runs/%s (waiting)", self.id, control.get("reason"), self.client.url, self.id)
            time.sleep(poll_s)
            control = self.get_control()
        if control.get("model") and control["model"] != self.client.model:
            log.warning("run %s continues with GenRM %s", self.id, control["model"])
            self.client.model = control["model"]
        return control


def _get(client: GenRMClient, path: str) -> dict:
    """GET with the client's auth and its retry policy for 429/5xx and connection failures."""
    headers = {"Accept": "application/json"}
    if client.api_key:
        headers["Authorization"] = f"Bearer {client.api_key}"
    delay = 0.5
    for attempt in range(client.retries + 1):
        req = urllib.request.Request(client.url + path, headers=headers, method="GET")
        try:
            with urllib.request.urlopen(req, timeout=client.timeout) as res:
                return json.loads(res.read().decode("utf-8"))
        except urllib.error.HTTPError as e:
            raw = e.read().decode("utf-8", "replace")
            try:
                body = json.loads(raw)
            except ValueError:
                body = {"error": raw[:500]}
            if e.code in (429, 502, 503, 504) and attempt < client.retries:
                time.sleep(delay)
                delay = min(delay * 2, 30.0)
                continue
            raise GenRMError(body.get("error", raw[:500]) if isinstance(body, dict) else raw[:500], e.code, body, e.headers.get("x-request-id")) from None
        except (urllib.error.URLError, ConnectionError, TimeoutError) as e:
            if attempt < client.retries:
                time.sleep(delay)
                delay = min(delay * 2, 30.0)
                continue
            raise GenRMError(f"GenRM server at {client.url} unreachable: {e}") from None
    raise GenRMError("unreachable")  # pragma: no cover


class RunHook:
    """Generic hook: wrap the reward function, then call end_step(step) after each optimizer step.

    reward_func records every (prompt, completion, reward) it returns; end_step reports them as the
    step (metrics over all of them, a sample of max_samples) and, if the run is paused, blocks until it
    may continue (pause_poll_s between checks). `correct_fn(prompt, completion) -> bool | None` adds a
    verifier's outcome when the task has one."""

    def __init__(
        self,
        run: RLRun,
        *,
        max_samples: int = 64,
        pause_poll_s: float = 10.0,
        block_on_pause: bool = True,
        correct_fn: Optional[Callable[[Any, Any], Any]] = None,
    ):
        self.run = run
        self.max_samples = max_samples
        self.pause_poll_s = pause_poll_s
        self.block_on_pause = block_on_pause
        self.correct_fn = correct_fn
        self._prompts: list = []
        self._responses: list = []
        self._rewards: list = []
        self._correct: list = []
        self.last_reply: Optional[dict] = None
        self.__name__ = "genrm"

    def reward_func(self, prompts: Sequence[Any], completions: Sequence[Any], **kwargs: Any) -> list:
        rewards = self.run.client.reward_func(prompts, completions, **kwargs)
        for p, c, r in zip(prompts, completions, rewards):
            if r is None:
                continue
            self._prompts.append(p)
            self._responses.append(c)
            self._rewards.append(float(r))
            self._correct.append(self.correct_fn(p, c) if self.correct_fn else None)
        return rewards

    def end_step(self, step: int, extra_metrics: Optional[dict] = None) -> Optional[dict]:
        """Reports the recorded rollouts as `step` (nothing recorded → nothing sent); returns the control."""
        if not self._rewards:
            return None
        has_verifier = any(c is not None for c in self._correct)
        texts = [_text_of(r) for r in self._responses]
        metrics = step_metrics([len(t) for t in texts], self._rewards, self._correct if has_verifier else None)
        if extra_metrics:
            metrics.update({k: v for k, v in extra_metrics.items() if isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)})
        reply = self.run.log_step(
            step,
            prompts=self._prompts,
            responses=self._responses,
            rewards=self._rewards,
            correct=self._correct if has_verifier else None,
            metrics=metrics,
            max_samples=self.max_samples,
        )
        self._prompts, self._responses, self._rewards, self._correct = [], [], [], []
        self.last_reply = reply
        control = reply.get("control") or {}
        if control.get("action") == "pause" and self.block_on_pause:
            control = self.run.wait_while_paused(self.pause_poll_s, control=control)
        elif control.get("model") and control["model"] != self.run.client.model:
            self.run.client.model = control["model"]
        return control

    def callback(self) -> "TRLRunCallback":
        return TRLRunCallback(self)


class TRLRunCallback:
    """A transformers/TRL TrainerCallback (duck-typed: no import of transformers needed).
    callbacks=[hook.callback()] — reports a step at every optimizer step end, adding the trainer's own
    logged numbers (loss, kl, …) to the step's metrics."""

    def __init__(self, hook: RunHook):
        self.hook = hook
        self._logs: dict = {}

    def on_log(self, args: Any, state: Any, control: Any, logs: Optional[dict] = None, **kwargs: Any) -> Any:
        if logs:
            self._logs.update({k.replace("/", "_"): v for k, v in logs.items()})
        return control

    def on_step_end(self, args: Any, state: Any, control: Any, **kwargs: Any) -> Any:
        step = int(getattr(state, "global_step", 0))
        extra = {k: v for k, v in self._logs.items() if k not in ("reward", "reward_std", "completion_length")}
        self._logs = {}
        self.hook.end_step(step, extra)
        return control

    # The TrainerCallback protocol has more events; these no-ops let Trainer call any of them.
    def __getattr__(self, name: str) -> Any:
        if name.startswith("on_"):
            return lambda args, state, control, **kwargs: control
        raise AttributeError(name)


def log_step(run_id: str, step: int, **kwargs: Any) -> dict:
    """Module-level: report a step of run `run_id` with the default client (GENRM_URL, GENRM_API_KEY)."""
    from genrm_client import default_client

    return RLRun(default_client(), run_id).log_step(step, **kwargs)


def get_control(run_id: str) -> dict:
    """Module-level: the control of run `run_id` with the default client."""
    from genrm_client import default_client

    return RLRun(default_client(), run_id).get_control()
