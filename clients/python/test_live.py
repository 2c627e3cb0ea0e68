"""The Python client against a running GenRM server. Skipped unless GENRM_URL and GENRM_API_KEY are set
(the end-to-end suite sets them: tests/e2e/api-judge.spec.ts). GENRM_MODEL names the model to use;
GENRM_TEST_PROMPT / GENRM_TEST_REFERENCE a prompt the server knows a reference for (optional)."""

import asyncio
import os
import unittest

from .genrm_client import GenRMClient, GenRMError, compute_score, reward_func

URL = os.environ.get("GENRM_URL")
KEY = os.environ.get("GENRM_API_KEY")


@unittest.skipUnless(URL and KEY, "set GENRM_URL and GENRM_API_KEY to run against a live server")
class Live(unittest.TestCase):
    def client(self, **kw):
        return GenRMClient(URL, KEY, model=os.environ.get("GENRM_MODEL") or None, **kw)

    def test_reward_func_for_trl(self):
        prompts = [[{"role": "user", "content": "What is 2+2?"}]] * 3
        completions = [[{"role": "assistant", "content": c}] for c in ("4", "It is 4.", "five")]
        rewards = self.client().reward_func(prompts, completions, reference=["2+2 equals 4."] * 3)
        self.assertEqual(len(rewards), 3)
        for r in rewards:
            self.assertIsInstance(r, float)
            self.assertGreaterEqual(r, -1.0)
            self.assertLessEqual(r, 1.0)
        # Deterministic: asking again gives the same numbers (served from the cache).
        self.assertEqual(self.client().reward_func(prompts, completions, reference=["2+2 equals 4."] * 3), rewards)

    def test_async_reward_func(self):
        c = self.client()
        out = asyncio.run(c.async_reward_func(["Say hi."], ["Hi!"], reference=["Hello!"]))
        self.assertEqual(out, c.reward_func(["Say hi."], ["Hi!"], reference=["Hello!"]))

    def test_module_level_functions_read_the_environment(self):
        os.environ.setdefault("GENRM_URL", URL)
        self.assertIsInstance(reward_func(["Say hi."], ["Hello there"], reference=["Hello!"]), list)
        score = compute_score("demo", "Hello there", "Hello!", {"prompt": "Say hi."})
        self.assertIsInstance(score, float)

    def test_server_reference_is_used_when_the_dataset_has_none(self):
        prompt = os.environ.get("GENRM_TEST_PROMPT")
        if not prompt:
            self.skipTest("GENRM_TEST_PROMPT not set")
        reply = self.client().judge([{"prompt": prompt, "response": "some answer"}])
        self.assertIn(reply["results"][0].get("referenceSource"), ("imported", "tournament", "override"))

    def test_errors_carry_the_servers_message(self):
        with self.assertRaises(GenRMError) as ctx:
            self.client().judge([{"prompt": "p", "response": "r", "reference": "x"}], model="no-such-model")
        self.assertEqual(ctx.exception.status, 422)
        self.assertIn("no GenRM version", str(ctx.exception))
        with self.assertRaises(GenRMError) as ctx:
            GenRMClient(URL, "grm_00000000_notarealkeynotarealkey00").judge([{"prompt": "p", "response": "r", "reference": "x"}])
        self.assertEqual(ctx.exception.status, 401)


if __name__ == "__main__":
    unittest.main()
