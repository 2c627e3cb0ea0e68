"""Loads the RL trainers' own reward-calling code (exact upstream files, read at test time, never copied
here) and the few stand-ins that code needs to run outside its trainer. Used by test_trainer_callsites.py.

Where the files are: GENRM_TRAINERS_DIR, else the nearest `shared/trainers` folder beside the repository
or one of its parents (CI mounts it read-only at ../shared/trainers). Its README names each file's upstream
repository and commit.

What is a stand-in and what is upstream: every line that calls the reward function or server is upstream
code, run unmodified (the reward managers' and executors' classes, TRL's `_calculate_rewards`). Only
their dependencies that are not installed here (verl's DataProto and registry, TRL's accelerate bits,
OpenRLHF's logger, a tokenizer, the generation engine, aiohttp when missing) are replaced, by the smallest
objects with the fields and behaviour that code reads, each named after the upstream file it follows.
"""

from __future__ import annotations

import ast
import asyncio
import base64
import contextlib
import json
import logging
import os
import threading
import types
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any, Optional

import numpy as np
import torch

REPO_ROOT = Path(__file__).resolve().parents[2]


def trainers_dir() -> Optional[Path]:
    """GENRM_TRAINERS_DIR, else `<dir>/shared/trainers` for the nearest parent <dir> of the repository."""
    env = os.environ.get("GENRM_TRAINERS_DIR")
    if env:
        return Path(env)
    for parent in REPO_ROOT.parents:
        candidate = parent / "shared" / "trainers"
        if (candidate / "README.md").is_file():
            return candidate
    return None


# -- loading upstream code -------------------------------------------------------------------------


def _bound_names(node: ast.AST) -> list:
    return [(a.asname or a.name).split(".")[0] for a in node.names]  # type: ignore[attr-defined]


def load_module(path: Path, stand_ins: dict) -> dict:
    """Executes an upstream module whose imports of uninstalled packages are replaced by `stand_ins`
    (an import statement is dropped when every name it binds has a stand-in; others run as written)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    body = []
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)) and all(n in stand_ins for n in _bound_names(node)):
            continue
        body.append(node)
    tree.body = body
    namespace = {"__name__": f"upstream_{path.stem}", "__file__": str(path), **stand_ins}
    exec(compile(tree, str(path), "exec"), namespace)  # noqa: S102  (the trainers' own code, by design)
    return namespace


def load_method(path: Path, class_name: str, method_name: str, base: type, stand_ins: dict) -> type:
    """Pulls one method out of an upstream class and returns a class of the same name that has only that
    method on top of `base` (which carries the attributes the method reads), compiled from the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    cls = next((n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == class_name), None)
    if cls is None:
        raise LookupError(f"{path}: no class {class_name}")
    method = next((n for n in cls.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name == method_name), None)
    if method is None:
        raise LookupError(f"{path}: {class_name} has no method {method_name}")
    shell = ast.ClassDef(name=class_name, bases=[ast.Name(id="_StandInBase", ctx=ast.Load())], keywords=[], body=[method], decorator_list=[])
    module = ast.fix_missing_locations(ast.Module(body=[shell], type_ignores=[]))
    namespace = {"__name__": f"upstream_{path.stem}", "_StandInBase": base, **stand_ins}
    exec(compile(module, str(path), "exec"), namespace)  # noqa: S102
    return namespace[class_name]


# -- a tokenizer -----------------------------------------------------------------------------------


class CharTokenizer:
    """One token per character (id = code point + 2) and two special tokens, enough for the decode and
    encode calls the trainers make (transformers' PreTrainedTokenizer.decode / __call__ signatures)."""

    pad_token_id = 0
    eos_token_id = 1
    SPECIAL = {0: "<|endoftext|>", 1: "<|im_end|>"}

    def encode(self, text: str) -> list:
        return [ord(c) + 2 for c in text]

    def decode(self, ids: Any, skip_special_tokens: bool = False) -> str:
        ids = ids.tolist() if hasattr(ids, "tolist") else list(ids)
        if isinstance(ids, int):
            ids = [ids]
        return "".join(self.SPECIAL[i] if i in self.SPECIAL else chr(i - 2) for i in ids if not (skip_special_tokens and i in self.SPECIAL))

    def __call__(self, text: str, add_special_tokens: bool = False, return_tensors: Optional[str] = None) -> dict:
        ids = [self.encode(text)]
        return {"input_ids": torch.tensor(ids) if return_tensors == "pt" else ids}


# -- verl ------------------------------------------------------------------------------------------


class _TensorDict(dict):
    """tensordict.TensorDict with batch_size [N], as DataProto.batch uses it: a str key gives a column,
    an int or slice gives the row(s)."""

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return dict.__getitem__(self, key)
        return _TensorDict({name: value[key] for name, value in self.items()})


class DataProtoItem:
    """verl/protocol.py DataProtoItem: one row's tensors, non-tensor values and meta_info."""

    def __init__(self, batch: Any, non_tensor_batch: dict, meta_info: dict):
        self.batch, self.non_tensor_batch, self.meta_info = batch, non_tensor_batch, meta_info


class DataProto:
    """verl/protocol.py DataProto as the reward managers use it: len(), data[i] -> DataProtoItem,
    data[a:b] -> DataProto, iteration over items, `.batch` (tensors) and `.non_tensor_batch` (numpy
    object arrays)."""

    def __init__(self, batch: dict, non_tensor_batch: dict, meta_info: Optional[dict] = None):
        self.batch = _TensorDict(batch)
        self.non_tensor_batch = non_tensor_batch
        self.meta_info = meta_info or {}

    def __len__(self) -> int:
        return next(iter(self.batch.values())).shape[0]

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, slice):
            return DataProto(dict(self.batch[key]), {k: v[key] for k, v in self.non_tensor_batch.items()}, self.meta_info)
        return DataProtoItem(self.batch[key], {k: v[key] for k, v in self.non_tensor_batch.items()}, self.meta_info)

    def __iter__(self):
        for i in range(len(self)):
            yield self[i]


def verl_batch(tokenizer: CharTokenizer, rows: list, data_source: str = "genrm-test") -> DataProto:
    """A rollout batch as verl's actor hands it to the reward manager: prompts left-padded, responses
    (ending in EOS) right-padded, one attention mask over both; `rows` are dicts with prompt, response,
    ground_truth and extra_info."""
    prompts = [tokenizer.encode(r["prompt"]) for r in rows]
    responses = [tokenizer.encode(r["response"]) + [tokenizer.eos_token_id] for r in rows]
    p_len, r_len = max(map(len, prompts)), max(map(len, responses)) + 2
    pad = tokenizer.pad_token_id
    prompt_ids = torch.tensor([[pad] * (p_len - len(p)) + p for p in prompts])
    response_ids = torch.tensor([r + [pad] * (r_len - len(r)) for r in responses])
    mask = torch.tensor([[0] * (p_len - len(p)) + [1] * len(p) + [1] * len(r) + [0] * (r_len - len(r)) for p, r in zip(prompts, responses)])
    column = lambda values: np.array(values + [None], dtype=object)[:-1]  # noqa: E731  (1-d even for dicts)
    return DataProto(
        {"prompts": prompt_ids, "responses": response_ids, "input_ids": torch.cat([prompt_ids, response_ids], dim=1), "attention_mask": mask},
        {
            "data_source": column([data_source] * len(rows)),
            "reward_model": column([{"style": "model", "ground_truth": r.get("ground_truth")} for r in rows]),
            "extra_info": column([dict(r.get("extra_info") or {}) for r in rows]),
        },
    )


class AbstractRewardManager:
    """verl/workers/reward_manager/abstract.py: the base's one concrete method the managers call."""

    def _extract_reward_from_rm_scores(self, data: Any, return_dict: bool = False) -> Any:
        if "rm_scores" not in data.batch.keys():
            return None
        if return_dict:
            keys = data.meta_info.get("reward_extra_keys", [])
            return {"reward_tensor": data.batch["rm_scores"], "reward_extra_info": {k: data.non_tensor_batch[k] for k in keys}}
        return data.batch["rm_scores"]


class RewardManagerBase:
    """verl/experimental/reward_loop/reward_manager/base.py: config, tokenizer and the event loop
    (verl.utils.ray_utils.get_event_loop: the running loop)."""

    def __init__(self, config: Any, tokenizer: Any, compute_score: Any):
        self.config = config
        self.tokenizer = tokenizer
        self.loop = asyncio.get_running_loop()


def _register(_name: str):
    return lambda cls: cls


def _verl_default_compute_score(*_a: Any, **_k: Any) -> Any:
    raise AssertionError("verl's default_compute_score must not be used: the GenRM client is the custom reward function")


def verl_custom_reward_fn(raw_fn: Any, reward_kwargs: Optional[dict] = None) -> Any:
    """verl/trainer/ppo/reward.py get_custom_reward_fn: how verl wraps `custom_reward_function.name` (a
    partial merging config `reward_kwargs`; an async partial when the function is a coroutine function)."""
    import functools
    import inspect

    extra = dict(reward_kwargs or {})

    def call(fn: Any, kw: dict, *args: Any, **kwargs: Any) -> Any:
        return fn(*args, **{**kwargs, **kw})

    async def call_async(fn: Any, kw: dict, *args: Any, **kwargs: Any) -> Any:
        return await fn(*args, **{**kwargs, **kw})

    return functools.partial(call_async if inspect.iscoroutinefunction(raw_fn) else call, raw_fn, extra)


def load_verl(root: Path) -> dict:
    """The three verl classes: {"naive", "batch", "loop"}."""
    common = {"DataProto": DataProto, "register": _register, "default_compute_score": _verl_default_compute_score}
    naive = load_module(root / "verl" / "reward_manager_naive.py", {**common, "AbstractRewardManager": AbstractRewardManager})
    batch = load_module(root / "verl" / "reward_manager_batch.py", {**common, "AbstractRewardManager": AbstractRewardManager, "RawRewardFn": Any})
    loop = load_module(root / "verl" / "reward_loop_naive.py", {**common, "RewardManagerBase": RewardManagerBase})
    return {"naive": naive["NaiveRewardManager"], "batch": batch["BatchRewardManager"], "loop": loop["NaiveRewardManager"]}


# -- TRL -------------------------------------------------------------------------------------------


def start_event_loop_in_daemon() -> asyncio.AbstractEventLoop:
    """trl/trainer/utils.py start_event_loop_in_daemon: a loop running forever on a daemon thread."""
    loop = asyncio.new_event_loop()
    ready = threading.Event()

    def run() -> None:
        asyncio.set_event_loop(loop)
        loop.call_soon(ready.set)
        loop.run_forever()

    thread = threading.Thread(target=run, name="GRPOTrainer-AsyncLoop", daemon=True)
    thread.start()
    ready.wait()
    _loop_threads[loop] = thread
    return loop


_loop_threads: dict = {}


def shutdown_event_loop_in_daemon(loop: asyncio.AbstractEventLoop) -> None:
    """trl/trainer/utils.py shutdown_event_loop_in_daemon: stop the loop, join its thread, close it."""
    loop.call_soon_threadsafe(loop.stop)
    _loop_threads.pop(loop).join(timeout=10)
    loop.close()


class GRPOTrainerBits:
    """The attributes GRPOTrainer._calculate_rewards reads, set as GRPOTrainer.__init__ sets them for
    plain reward functions (one process: accelerate's gather is the identity)."""

    def __init__(self, reward_funcs: list, async_loop: Optional[asyncio.AbstractEventLoop] = None):
        self.accelerator = types.SimpleNamespace(device=torch.device("cpu"), num_processes=1)
        self.reward_funcs = list(reward_funcs)
        self.reward_processing_classes = [None] * len(reward_funcs)
        self.reward_func_names = [getattr(f, "__name__", type(f).__name__) for f in reward_funcs]
        self.state = types.SimpleNamespace(global_step=0, epoch=0.0)  # transformers.TrainerState
        self.environments = None
        self.async_loop = async_loop
        self.logged_extra: list = []
        self.logged_metrics: list = []

    def _log_completion_extra(self, column: str, values: list) -> None:
        self.logged_extra.append((column, values))

    def _log_metric(self, name: str, value: float) -> None:
        self.logged_metrics.append((name, value))


@contextlib.contextmanager
def _profiling_context(_trainer: Any, _name: str):
    yield


def _profiling_decorator(func: Any) -> Any:
    return func


def load_trl(root: Path) -> type:
    """A GRPOTrainer class holding TRL's own `_calculate_rewards` (nothing else of the trainer)."""
    stand_ins = {
        "torch": torch,
        "nn": torch.nn,
        "asyncio": asyncio,
        "inspect": __import__("inspect"),
        "gather": lambda tensor: tensor,  # accelerate.utils.gather on one process
        "profiling_context": _profiling_context,
        "profiling_decorator": _profiling_decorator,
        "is_conversational": lambda example: isinstance(example.get("prompt"), list),
        "apply_chat_template": None,  # only for nn.Module reward models
        "logger": logging.getLogger("trl.grpo_trainer"),
    }
    return load_method(root / "trl" / "grpo_trainer.py", "GRPOTrainer", "_calculate_rewards", GRPOTrainerBits, stand_ins)


# -- OpenRLHF --------------------------------------------------------------------------------------


class FakeLLMEngine:
    """The generation engine OpenRLHF's executor awaits (`generate(prompt_token_ids, sampling_params,
    multi_modal_data=)`), answering with a RequestOutput-shaped object (vllm/outputs.py: outputs[0] with
    token_ids, finish_reason, logprobs) whose tokens spell a fixed response followed by EOS."""

    def __init__(self, tokenizer: CharTokenizer, response: str):
        self.tokenizer, self.response = tokenizer, response

    async def generate(self, prompt_token_ids: list, sampling_params: Any, multi_modal_data: Any = None) -> Any:
        ids = self.tokenizer.encode(self.response)[: max(1, sampling_params.max_tokens - 1)] + [self.tokenizer.eos_token_id]
        return types.SimpleNamespace(outputs=[types.SimpleNamespace(token_ids=ids, finish_reason="stop", logprobs=None)])


def _aiohttp_stand_in() -> types.ModuleType:
    """The part of aiohttp OpenRLHF's HTTP client uses, over urllib: ClientTimeout, ClientSession(...).post(
    url, json=) as async context managers, raise_for_status() raising ClientResponseError (a ClientError)
    for a status >= 400, and await json(). Like aiohttp (client_reqrep.py ClientRequest.update_host), a
    user:password in the URL becomes a Basic Authorization header and is removed from the URL."""
    mod = types.ModuleType("aiohttp")

    class ClientError(Exception):
        pass

    class ClientResponseError(ClientError):
        def __init__(self, status: int, message: str, url: str):
            super().__init__(f"{status}, message={message!r}, url={url!r}")
            self.status, self.message = status, message

    class ClientTimeout:
        def __init__(self, total: Optional[float] = None, **_kw: Any):
            self.total = total

    class Response:
        def __init__(self, status: int, reason: str, body: bytes, url: str):
            self.status, self.reason, self._body, self.url = status, reason, body, url

        def raise_for_status(self) -> None:
            if self.status >= 400:
                raise ClientResponseError(self.status, self.reason, self.url)

        async def json(self) -> Any:
            return json.loads(self._body.decode("utf-8"))

        async def text(self) -> str:
            return self._body.decode("utf-8")

        async def __aenter__(self) -> "Response":
            return self

        async def __aexit__(self, *exc: Any) -> None:
            return None

    class _Request:
        def __init__(self, session: "ClientSession", url: str, payload: Any):
            self.session, self.url, self.payload = session, url, payload

        def _send(self) -> Response:
            parts = urllib.parse.urlsplit(self.url)
            headers = {"Content-Type": "application/json"}
            if parts.username:
                user, password = urllib.parse.unquote(parts.username), urllib.parse.unquote(parts.password or "")
                headers["Authorization"] = "Basic " + base64.b64encode(f"{user}:{password}".encode("latin1")).decode()
                netloc = parts.hostname + (f":{parts.port}" if parts.port else "")
                parts = parts._replace(netloc=netloc)
            url = urllib.parse.urlunsplit(parts)
            req = urllib.request.Request(url, data=json.dumps(self.payload).encode(), headers=headers, method="POST")
            try:
                with urllib.request.urlopen(req, timeout=self.session.timeout.total if self.session.timeout else None) as res:
                    return Response(res.status, res.reason, res.read(), url)
            except urllib.error.HTTPError as e:
                return Response(e.code, e.reason, e.read(), url)
            except (urllib.error.URLError, ConnectionError) as e:
                raise ClientError(str(e)) from None

        async def __aenter__(self) -> Response:
            return await asyncio.to_thread(self._send)

        async def __aexit__(self, *exc: Any) -> None:
            return None

    class ClientSession:
        def __init__(self, timeout: Optional[ClientTimeout] = None, **_kw: Any):
            self.timeout = timeout

        def post(self, url: str, json: Any = None, **_kw: Any) -> _Request:  # noqa: A002  (aiohttp's name)
            return _Request(self, url, json)

        async def __aenter__(self) -> "ClientSession":
            return self

        async def __aexit__(self, *exc: Any) -> None:
            return None

    mod.ClientError, mod.ClientResponseError, mod.ClientTimeout, mod.ClientSession = ClientError, ClientResponseError, ClientTimeout, ClientSession
    return mod


def aiohttp_module() -> tuple:
    """(module, is_real): the installed aiohttp when there is one, else the stand-in."""
    try:
        import aiohttp  # type: ignore[import-not-found]

        return aiohttp, True
    except ImportError:
        return _aiohttp_stand_in(), False


def load_openrlhf(root: Path) -> type:
    """OpenRLHF's SingleTurnAgentExecutor (openrlhf/utils/agent.py), with its module as written."""
    aiohttp, _ = aiohttp_module()
    ns = load_module(root / "openrlhf" / "agent.py", {"aiohttp": aiohttp, "init_logger": lambda name: logging.getLogger(name)})
    return ns["SingleTurnAgentExecutor"]
