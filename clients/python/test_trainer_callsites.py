"""verl's, TRL's and OpenRLHF's own reward-calling code, run against a live GenRM platform.

The code under test is the trainers' (loaded from their unmodified upstream files by trainer_callsites.py
at test time); the reward function is this directory's genrm_client.py, the reward server our
/get_reward. Every reward a trainer ends up with is checked against the judge API's own answer for the
same (prompt, response, reference), so a call site that passed the wrong text would fail.

Skipped unless GENRM_URL and GENRM_API_KEY are set (tests/e2e/trainer-dropins.spec.ts sets them and
fails on any skip). Optional: GENRM_MODEL (a version; default the active one), GENRM_TEST_PROMPT (a prompt
with a reference stored on the server), GENRM_TRAINERS_DIR (see trainer_callsites.trainers_dir).
"""

import asyncio
import math
import os
import secrets
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request

from . import genrm_client
from .genrm_client import GenRMClient, GenRMItemError

URL = os.environ.get("GENRM_URL")
KEY = os.environ.get("GENRM_API_KEY")
MODEL = os.environ.get("GENRM_MODEL") or None

QUESTION = "What is the capital of France?"
REFERENCE = "The capital of France is Paris."
ANSWERS = ["Paris.", "It is Paris, on the Seine.", "Lyon, I believe."]


def unknown_prompt() -> str:
    """A prompt the server has never seen, so it has no stored reference."""
    return f"Name a prime number above {secrets.randbelow(10**9)} ({secrets.token_hex(4)})."


@unittest.skipUnless(URL and KEY, "set GENRM_URL and GENRM_API_KEY to run the trainers' code against a live server")
class TrainerCallSites(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        from . import trainer_callsites as tc  # torch and numpy: only needed when the tests run

        cls.tc = tc
        cls.root = tc.trainers_dir()
        if cls.root is None or not (cls.root / "README.md").is_file():
            # An error, not a skip: a live run must have the trainers' files.
            raise RuntimeError("the trainers' files were not found: set GENRM_TRAINERS_DIR or provide ../shared/trainers")
        cls.client = GenRMClient(URL, KEY, model=MODEL)
        cls.tokenizer = tc.CharTokenizer()

    def expected(self, prompts, responses, references):
        """What the judge API itself says for these items (the number every trainer must end up with)."""
        return self.client.rewards(prompts, responses, references)

    def assertRewardsEqual(self, got, want):
        self.assertEqual(len(got), len(want))
        for g, w in zip(got, want):
            self.assertAlmostEqual(float(g), w, places=5)
            self.assertTrue(-1.0 <= float(g) <= 1.0)

    # -- verl --------------------------------------------------------------------------------------

    def verl_rows(self, question=QUESTION, ground_truth=REFERENCE, answers=ANSWERS):
        return [{"prompt": f"<|im_start|>user\n{question}<|im_end|>\n<|im_start|>assistant\n", "response": a, "ground_truth": ground_truth, "extra_info": {"question": question, "split": "test", "index": i}} for i, a in enumerate(answers)]

    def last_token_rewards(self, reward_tensor, data):
        p_len = data.batch["prompts"].shape[-1]
        lengths = data.batch["attention_mask"][:, p_len:].sum(dim=-1)
        return [reward_tensor[i, int(lengths[i]) - 1].item() for i in range(len(data))]

    def test_verl_naive_reward_manager(self):
        rows = self.verl_rows()
        data = self.tc.verl_batch(self.tokenizer, rows)
        manager = self.tc.load_verl(self.root)["naive"](self.tokenizer, num_examine=0, compute_score=self.tc.verl_custom_reward_fn(genrm_client.compute_score))
        out = manager(data, return_dict=True)
        self.assertRewardsEqual(self.last_token_rewards(out["reward_tensor"], data), self.expected([QUESTION] * 3, ANSWERS, [REFERENCE] * 3))
        # Only the last response token carries the reward.
        self.assertAlmostEqual(float(out["reward_tensor"].abs().sum()), sum(abs(r) for r in self.last_token_rewards(out["reward_tensor"], data)), places=5)

    def test_verl_batch_reward_manager_plural_keywords(self):
        rows = self.verl_rows()
        data = self.tc.verl_batch(self.tokenizer, rows)
        # reward_kwargs from the config reach compute_score as extra keywords.
        fn = self.tc.verl_custom_reward_fn(genrm_client.compute_score, {"format_weight": 0.1})
        manager = self.tc.load_verl(self.root)["batch"](self.tokenizer, num_examine=1, compute_score=fn, reward_fn_key="data_source", max_resp_len=64)
        reward_tensor = manager(data)
        want = self.expected([QUESTION] * 3, ANSWERS, [REFERENCE] * 3)
        self.assertRewardsEqual(self.last_token_rewards(reward_tensor, data), want)
        self.assertRewardsEqual(data.batch["acc"].tolist(), want)

    def run_reward_loop(self, raw_fn, rows, router=None):
        Loop = self.tc.load_verl(self.root)["loop"]

        async def go():
            manager = Loop(config=None, tokenizer=self.tokenizer, compute_score=self.tc.verl_custom_reward_fn(raw_fn), reward_router_address=router, reward_model_tokenizer=self.tokenizer if router else None)
            data = self.tc.verl_batch(self.tokenizer, rows)
            results = await asyncio.gather(*(manager.run_single(data[i : i + 1]) for i in range(len(data))))
            return manager, results

        return asyncio.run(go())

    def test_verl_reward_loop_sync_and_async_with_router_keywords(self):
        want = self.expected([QUESTION] * 3, ANSWERS, [REFERENCE] * 3)
        for raw_fn, is_async in ((genrm_client.compute_score, False), (genrm_client.compute_score_async, True)):
            for router in (None, "127.0.0.1:1"):
                with self.subTest(fn=raw_fn.__name__, router=router):
                    manager, results = self.run_reward_loop(raw_fn, self.verl_rows(), router)
                    self.assertIs(manager.is_async_reward_score, is_async)
                    self.assertRewardsEqual([r["reward_score"] for r in results], want)
                    self.assertRewardsEqual([r["reward_extra_info"]["acc"] for r in results], want)

    def test_verl_uses_the_servers_reference_when_ground_truth_is_missing(self):
        prompt = os.environ.get("GENRM_TEST_PROMPT")
        if not prompt:
            self.fail("GENRM_TEST_PROMPT (a prompt with a stored reference) is not set")
        rows = self.verl_rows(question=prompt, ground_truth=None, answers=["an answer"])
        data = self.tc.verl_batch(self.tokenizer, rows)
        manager = self.tc.load_verl(self.root)["naive"](self.tokenizer, num_examine=0, compute_score=self.tc.verl_custom_reward_fn(genrm_client.compute_score))
        got = self.last_token_rewards(manager(data), data)
        self.assertRewardsEqual(got, self.expected([prompt], ["an answer"], [None]))

    def test_verl_prompt_without_any_reference_stops_with_the_servers_reason(self):
        rows = self.verl_rows(question=unknown_prompt(), ground_truth=None, answers=["42"])
        verl = self.tc.load_verl(self.root)
        fn = self.tc.verl_custom_reward_fn(genrm_client.compute_score)
        for name, call in (
            ("naive", lambda: verl["naive"](self.tokenizer, 0, fn)(self.tc.verl_batch(self.tokenizer, rows))),
            ("batch", lambda: verl["batch"](self.tokenizer, 0, fn)(self.tc.verl_batch(self.tokenizer, rows))),
            ("loop", lambda: self.run_reward_loop(genrm_client.compute_score_async, rows)),
        ):
            with self.subTest(manager=name):
                with self.assertRaises(GenRMItemError) as ctx:
                    call()
                self.assertIn("no reference answer", str(ctx.exception))

    # -- TRL ---------------------------------------------------------------------------------------

    def trl_batch(self, references):
        prompts = [[{"role": "system", "content": "Answer briefly."}, {"role": "user", "content": QUESTION}]] * len(ANSWERS)
        completions = [[{"role": "assistant", "content": a}] for a in ANSWERS]
        inputs = [{"prompt": p, "completion": c, "reference": r, "task": "geo"} for p, c, r in zip(prompts, completions, references)]
        completion_ids = [self.tokenizer.encode(a) for a in ANSWERS]
        return inputs, prompts, completions, completion_ids

    def calculate_rewards(self, reward_funcs, references):
        Trainer = self.tc.load_trl(self.root)
        needs_loop = any(asyncio.iscoroutinefunction(f) for f in reward_funcs)
        trainer = Trainer(reward_funcs, self.tc.start_event_loop_in_daemon() if needs_loop else None)
        try:
            return trainer._calculate_rewards(*self.trl_batch(references))
        finally:
            if trainer.async_loop is not None:
                self.tc.shutdown_event_loop_in_daemon(trainer.async_loop)

    def test_trl_sync_and_async_reward_functions(self):
        want = self.expected([QUESTION] * 3, ANSWERS, [REFERENCE] * 3)
        client = GenRMClient(URL, KEY, model=MODEL)
        funcs = [client.reward_func, client.async_reward_func, genrm_client.reward_func, genrm_client.async_reward_func]
        rewards = self.calculate_rewards(funcs, [REFERENCE] * 3)
        self.assertEqual(tuple(rewards.shape), (3, 4))
        for column in range(4):
            with self.subTest(func=funcs[column].__name__):
                self.assertRewardsEqual(rewards[:, column].tolist(), want)

    def test_trl_prompt_without_any_reference(self):
        # Default: the trainer stops with the server's reason, sync and async alike.
        prompt = unknown_prompt()
        Trainer = self.tc.load_trl(self.root)
        for func in (genrm_client.reward_func, genrm_client.async_reward_func):
            with self.subTest(func=func.__name__):
                loop = self.tc.start_event_loop_in_daemon()
                trainer = Trainer([func], loop)
                inputs, _, completions, ids = self.trl_batch([None] * 3)
                prompts = [[{"role": "user", "content": prompt}]] * 3
                try:
                    with self.assertRaises(GenRMItemError) as ctx:
                        trainer._calculate_rewards(inputs, prompts, completions, ids)
                    self.assertIn("no reference answer", str(ctx.exception))
                finally:
                    self.tc.shutdown_event_loop_in_daemon(loop)
        # Opt-in on_error="none": TRL marks those completions unscorable (NaN), the others keep their reward.
        skipping = GenRMClient(URL, KEY, model=MODEL, on_error="none")
        rewards = self.calculate_rewards([skipping.async_reward_func], [REFERENCE, None, REFERENCE])
        self.assertTrue(math.isnan(rewards[1, 0].item()))
        want = self.expected([QUESTION] * 3, ANSWERS, [REFERENCE] * 3)
        self.assertAlmostEqual(rewards[0, 0].item(), want[0], places=5)
        self.assertAlmostEqual(rewards[2, 0].item(), want[2], places=5)

    # -- OpenRLHF ----------------------------------------------------------------------------------

    def rm_url(self, key=KEY):
        parts = urllib.parse.urlsplit(URL)
        netloc = (f"genrm:{key}@" if key else "") + parts.netloc
        query = f"?model={urllib.parse.quote(str(MODEL))}" if MODEL else ""
        return f"{parts.scheme}://{netloc}/get_reward{query}"

    def execute(self, executor, prompt, label, response):
        sampling = type("SamplingParams", (), {"max_tokens": 64, "logprobs": None})()
        engine = self.tc.FakeLLMEngine(self.tokenizer, response)
        return asyncio.run(executor.execute(prompt, label, sampling, 512, self.tokenizer, engine))

    def test_openrlhf_single_turn_executor_with_the_key_in_the_url(self):
        Executor = self.tc.load_openrlhf(self.root)
        executor = Executor(remote_rm_url=self.rm_url())
        self.assertIsNone(executor.reward_func)  # an http URL: the remote-RM path, not a Python file
        prompt = f"<|im_start|>user\n{QUESTION}<|im_end|>\n<|im_start|>assistant\n"
        want = self.expected([prompt] * 3, ANSWERS, [REFERENCE] * 3)
        for answer, reward in zip(ANSWERS, want):
            out = self.execute(executor, prompt, REFERENCE, answer)
            self.assertIsNotNone(out["reward"], "OpenRLHF got no reward (its log says why)")
            # One query per request: OpenRLHF keeps that request's lists (as from its own serve_rm.py).
            self.assertEqual(len(out["reward"]), 1)
            self.assertAlmostEqual(out["reward"][0], reward, places=5)
            self.assertAlmostEqual(out["scores"][0], (reward + 1) / 2, places=5)
            self.assertEqual(out["extra_logs"]["genrm_error"], [0])
        # The HTTP client itself, one query per request as execute() sends it: a list per request.
        query = prompt + ANSWERS[0] + "<|im_end|>"
        replies = asyncio.run(executor._fetch_rewards_via_http([query], [prompt], [REFERENCE]))
        self.assertEqual(len(replies), 1)
        self.assertAlmostEqual(replies[0]["rewards"][0], want[0], places=5)

    def test_openrlhf_needs_the_key(self):
        # OpenRLHF sends no auth header of its own: without the key in the URL the server refuses (401),
        # its client retries 5 times and gives up with RuntimeError.
        Executor = self.tc.load_openrlhf(self.root)
        prompt = f"<|im_start|>user\n{QUESTION}<|im_end|>\n<|im_start|>assistant\n"
        for key in (None, "grm_00000000_notarealkeynotarealkey00"):
            with self.subTest(key=bool(key)):
                started = time.monotonic()
                with self.assertRaises(RuntimeError):
                    asyncio.run(Executor(remote_rm_url=self.rm_url(key))._fetch_rewards_via_http([prompt + "Paris."], [prompt], [REFERENCE]))
                self.assertGreater(time.monotonic() - started, 4.0)  # 5 tries, 1 s apart
        status, body = self.post_get_reward(None, {"query": [prompt + "Paris."], "prompts": [prompt], "labels": [REFERENCE]})
        self.assertEqual(status, 401, body)

    def test_openrlhf_prompt_without_any_reference(self):
        # The server answers 422 with the reason; OpenRLHF retries, then its executor logs the failure and
        # leaves the sample's reward None (it never sees a made-up 0).
        Executor = self.tc.load_openrlhf(self.root)
        prompt = unknown_prompt()
        out = self.execute(Executor(remote_rm_url=self.rm_url()), prompt, "", "The answer is 7.")
        self.assertIsNone(out["reward"])
        self.assertIsNone(out["scores"])
        status, body = self.post_get_reward(KEY, {"query": [prompt + "The answer is 7.<|im_end|>"], "prompts": [prompt], "labels": [""]})
        self.assertEqual(status, 422, body)
        self.assertIn("no reference answer", body)

    def post_get_reward(self, key, payload):
        import json

        headers = {"content-type": "application/json", **({"authorization": f"Bearer {key}"} if key else {})}
        query = f"?model={urllib.parse.quote(str(MODEL))}" if MODEL else ""
        req = urllib.request.Request(f"{URL}/get_reward{query}", data=json.dumps(payload).encode(), headers=headers, method="POST")
        try:
            with urllib.request.urlopen(req, timeout=60) as res:
                return res.status, res.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode()


if __name__ == "__main__":
    unittest.main()
