"""Unit tests of the Python client that need no GenRM server: input shapes (TRL, verl), error policy,
and the retry contract, the latter against a tiny stand-in HTTP server (stdlib) that answers 503 with
Retry-After and then 200 — it speaks only that contract, it is not the GenRM API (test_live.py is)."""

import json
import threading
import unittest
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from .genrm_client import GenRMClient, GenRMError, GenRMItemError, _text_of


class Scripted(BaseHTTPRequestHandler):
    """Answers POSTs from a script of (status, headers, body) and records the requests."""

    script: list = []
    seen: list = []

    def do_POST(self):
        length = int(self.headers.get("content-length", 0))
        Scripted.seen.append({"path": self.path, "auth": self.headers.get("authorization"), "body": json.loads(self.rfile.read(length))})
        status, headers, body = Scripted.script.pop(0)
        data = json.dumps(body).encode()
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


def ok_reply(n, reward=0.5):
    return {"model": {"version": 1}, "bothOrders": True, "errors": 0, "results": [{"id": i, "verdict": "better", "probs": {"better": 0.7, "same": 0.1, "worse": 0.2}, "reward": reward, "consistent": True} for i in range(n)]}


class StandIn(unittest.TestCase):
    def setUp(self):
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Scripted)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        Scripted.script, Scripted.seen = [], []

    def tearDown(self):
        self.server.shutdown()
        self.server.server_close()

    def test_retries_503_honouring_retry_after_then_succeeds(self):
        Scripted.script = [(503, {"retry-after": "0"}, {"error": "saturated"}), (200, {}, ok_reply(2))]
        c = GenRMClient(self.url, api_key="grm_test", retries=2)
        self.assertEqual(c.reward_func(["p1", "p2"], ["r1", "r2"]), [0.5, 0.5])
        self.assertEqual(len(Scripted.seen), 2)
        self.assertEqual(Scripted.seen[0]["auth"], "Bearer grm_test")

    def test_client_errors_raise_with_the_servers_message(self):
        Scripted.script = [(403, {"x-request-id": "rid-1"}, {"error": "This API key lacks the 'judge' scope"})]
        with self.assertRaises(GenRMError) as ctx:
            GenRMClient(self.url, api_key="k").judge([{"prompt": "p", "response": "r"}])
        self.assertEqual(ctx.exception.status, 403)
        self.assertIn("lacks the 'judge' scope", str(ctx.exception))
        self.assertEqual(ctx.exception.request_id, "rid-1")

    def test_failed_items_follow_on_error(self):
        failed = {"model": {}, "results": [{"id": 0, "error": {"status": 422, "message": "no reference"}}, {"id": 1, "reward": -0.25}], "errors": 1}
        for mode, want in (("zero", [0.0, -0.25]), ("none", [None, -0.25])):
            Scripted.script = [(200, {}, failed)]
            self.assertEqual(GenRMClient(self.url, on_error=mode).reward_func(["p", "p"], ["a", "b"]), want)
        Scripted.script = [(200, {}, failed)]
        with self.assertRaises(GenRMError):
            GenRMClient(self.url, on_error="raise").reward_func(["p", "p"], ["a", "b"])

    def test_a_failed_item_raises_by_default_never_a_silent_zero(self):
        # Both reply shapes: {error: {code, message}} and the older one with a status.
        for error in ({"code": "Unparseable", "message": "the judge's reply has no verdict line"}, {"status": 422, "code": "Unprocessable", "message": "no reference answer for this prompt"}):
            Scripted.script = [(200, {}, {"model": {}, "results": [{"id": 0, "reward": 0.5}, {"id": "b", "error": error}], "errors": 1})]
            with self.assertRaises(GenRMItemError) as ctx:
                GenRMClient(self.url).compute_score(data_sources=["d", "d"], solution_strs=["x", "y"], ground_truths=["g", "g"], extra_infos=[{}, {}])
            self.assertEqual(ctx.exception.index, 1)
            self.assertEqual(ctx.exception.item_id, "b")
            self.assertEqual(ctx.exception.code, error["code"])
            self.assertIn(error["message"], str(ctx.exception))
        # A result without a reward is an error too, not 0.
        Scripted.script = [(200, {}, {"model": {}, "results": [{"id": 0, "verdict": "better"}], "errors": 0})]
        with self.assertRaises(GenRMItemError):
            GenRMClient(self.url).rewards(["p"], ["r"], ["g"])

    def test_trl_conversations_and_reference_column(self):
        Scripted.script = [(200, {}, ok_reply(2))]
        prompts = [[{"role": "system", "content": "be brief"}, {"role": "user", "content": "Q1"}], [{"role": "user", "content": "Q2"}]]
        completions = [[{"role": "assistant", "content": "A1"}], [{"role": "assistant", "content": "A2"}]]
        GenRMClient(self.url).reward_func(prompts, completions, reference=["R1", ""], trainer_state=None)
        items = Scripted.seen[0]["body"]["items"]
        self.assertEqual(items[0], {"id": 0, "prompt": "Q1", "response": "A1", "reference": "R1"})
        self.assertEqual(items[1], {"id": 1, "prompt": "Q2", "response": "A2"})  # empty reference → the server's

    def test_verl_compute_score_single_and_batched(self):
        Scripted.script = [(200, {}, ok_reply(1, 0.75)), (200, {}, ok_reply(2, 0.25))]
        c = GenRMClient(self.url)
        self.assertEqual(c.compute_score("gsm8k", "42", "The answer is 42.", {"question": "6*7?"}), 0.75)
        self.assertEqual(Scripted.seen[0]["body"]["items"][0], {"id": 0, "prompt": "6*7?", "response": "42", "reference": "The answer is 42."})
        self.assertEqual(c.compute_score(["a", "b"], ["x", "y"], ["gx", "gy"], [{"prompt": "p1"}, {"prompt": "p2"}]), [0.25, 0.25])

    def test_verl_batch_manager_plural_keywords_with_numpy_columns(self):
        import numpy as np

        Scripted.script = [(200, {}, ok_reply(2, 0.25))]
        c = GenRMClient(self.url)
        infos = np.array([{"question": "q1"}, {"prompt": "q2"}, None], dtype=object)[:2]
        got = c.compute_score(data_sources=np.array(["a", "b"], dtype=object), solution_strs=["x", "y"], ground_truths=[np.str_("g1"), None], extra_infos=infos, max_resp_len=64)
        self.assertEqual(got, [0.25, 0.25])
        self.assertEqual(Scripted.seen[0]["body"]["items"], [{"id": 0, "prompt": "q1", "response": "x", "reference": "g1"}, {"id": 1, "prompt": "q2", "response": "y"}])
        with self.assertRaises(ValueError):
            c.compute_score(data_sources=["a"], solution_strs=["x", "y"], ground_truths=["g"], extra_infos=[{}, {}])
        with self.assertRaises(TypeError):
            c.compute_score(data_source="a", ground_truth="g")

    def test_verl_reward_loop_keywords_and_async(self):
        import asyncio

        Scripted.script = [(200, {}, ok_reply(1, 0.5)), (200, {}, ok_reply(1, -0.5))]
        c = GenRMClient(self.url)
        kw = {"data_source": "d", "solution_str": "x", "ground_truth": "g", "extra_info": {"query": "q"}, "reward_router_address": "10.0.0.1:8000", "reward_model_tokenizer": object()}
        self.assertEqual(c.compute_score(**kw), 0.5)
        self.assertEqual(asyncio.run(c.compute_score_async(**kw)), -0.5)
        self.assertEqual(Scripted.seen[1]["body"]["items"], [{"id": 0, "prompt": "q", "response": "x", "reference": "g"}])

    def test_large_batches_are_chunked(self):
        Scripted.script = [(200, {}, ok_reply(2)), (200, {}, ok_reply(1))]
        out = GenRMClient(self.url, max_batch=2).rewards(["p"] * 3, ["r"] * 3)
        self.assertEqual(len(out), 3)
        self.assertEqual([len(s["body"]["items"]) for s in Scripted.seen], [2, 1])


class Shapes(unittest.TestCase):
    def test_text_of(self):
        self.assertEqual(_text_of("plain"), "plain")
        self.assertEqual(_text_of([{"role": "assistant", "content": "x"}]), "x")
        self.assertEqual(_text_of([{"role": "user", "content": "a"}, {"role": "assistant", "content": "b"}, {"role": "user", "content": "c"}]), "user: a\n\nassistant: b\n\nuser: c")

    def test_needs_a_url(self):
        import os

        saved = os.environ.pop("GENRM_URL", None)
        try:
            with self.assertRaises(ValueError):
                GenRMClient()
        finally:
            if saved is not None:
                os.environ["GENRM_URL"] = saved


if __name__ == "__main__":
    unittest.main()
