"""genrm_rl against a stub HTTP server: metrics computed as the server does, steps and samples sent,
pause → wait → continue with the recalibrated GenRM version, the TRL callback protocol."""

import json
import os
import sys
import threading
import unittest
from http.server import BaseHTTPRequestHandler, HTTPServer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import genrm_rl  # noqa: E402
from genrm_client import GenRMClient, GenRMError  # noqa: E402


class Stub(BaseHTTPRequestHandler):
    state: dict = {}

    def log_message(self, *args):  # quiet
        pass

    def _reply(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["content-length"])))
        s = Stub.state
        s.setdefault("posts", []).append((self.path, body, self.headers.get("authorization")))
        if self.path == "/api/v1/runs":
            return self._reply(201, {"run": {"id": "r1"}, "control": {"action": "continue", "model": "genrm-v1", "reason": ""}})
        if self.path == "/api/v1/runs/r1/steps":
            if body["step"] < 0:
                return self._reply(400, {"error": "step: step must be ≥ 0", "field": "step"})
            return self._reply(201, {"step": body["step"], "status": "created", "alerts": s.get("alerts", []), "control": s["control"]})
        if self.path == "/api/v1/judge":
            return self._reply(200, {"model": "genrm-v1", "results": [{"reward": min(1.0, len(i["response"]) / 100)} for i in body["items"]], "errors": 0})
        return self._reply(404, {"error": "no such route"})

    def do_GET(self):
        s = Stub.state
        if self.path == "/api/v1/runs/r1/control":
            s["polls"] = s.get("polls", 0) + 1
            queue = s.get("control_queue", [])
            return self._reply(200, queue.pop(0) if queue else s["control"])
        return self._reply(404, {"error": "Run not found"})


class RLTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = HTTPServer(("127.0.0.1", 0), Stub)
        threading.Thread(target=cls.server.serve_forever, daemon=True).start()
        cls.url = f"http://127.0.0.1:{cls.server.server_address[1]}"

    @classmethod
    def tearDownClass(cls):
        cls.server.shutdown()

    def setUp(self):
        Stub.state = {"control": {"action": "continue", "model": "genrm-v1", "reason": ""}}
        self.client = GenRMClient(self.url, api_key="grm_00000000_secretsecretsecretsecret", retries=0)

    def test_step_metrics_match_hand_computation(self):
        m = genrm_rl.step_metrics([300, 100, 1000, 200, 400], [0, -1, 0.5, 0, 1], [1, True, None, False, 0])
        self.assertEqual(m["length_mean"], 400)
        self.assertEqual(m["length_p50"], 300)
        self.assertAlmostEqual(m["length_p90"], 760)
        self.assertAlmostEqual(m["reward_mean"], 0.1)
        self.assertAlmostEqual(m["reward_std"], 0.44 ** 0.5)
        self.assertEqual(m["accuracy"], 0.5)
        self.assertIsNone(genrm_rl.step_metrics([1], [0.0])["accuracy"])

    def test_create_and_log_step(self):
        run = genrm_rl.RLRun.create(self.client, "grpo", policy="tiny", auto_recalibrate=True)
        self.assertEqual(run.id, "r1")
        self.assertEqual(self.client.run_id, "r1")
        reply = run.log_step(3, prompts=["p"] * 100, responses=["x" * i for i in range(100)], rewards=[i / 100 for i in range(100)], correct=[i % 2 == 0 for i in range(100)], max_samples=10)
        self.assertEqual(reply["status"], "created")
        path, body, auth = Stub.state["posts"][-1]
        self.assertEqual(path, "/api/v1/runs/r1/steps")
        self.assertTrue(auth.startswith("Bearer grm_"))
        self.assertEqual(len(body["samples"]), 10)
        self.assertAlmostEqual(body["metrics"]["length_mean"], 49.5)
        self.assertEqual(body["metrics"]["accuracy"], 0.5)
        self.assertIs(body["samples"][0]["correct"], True)
        create = Stub.state["posts"][0][1]
        self.assertEqual(create, {"name": "grpo", "policy": "tiny", "autoPause": True, "autoRecalibrate": True})
        genrm_rl.RLRun.create(self.client, "checked", human_sample_rate=0.25)
        self.assertEqual(Stub.state["posts"][-1][1]["humanSampleRate"], 0.25)

    def test_bad_input_is_refused_locally_or_by_the_server(self):
        run = genrm_rl.RLRun(self.client, "r1")
        with self.assertRaises(ValueError):
            run.log_step(-1, metrics={})
        with self.assertRaises(ValueError):
            run.log_step(1, prompts=["p"], responses=["a", "b"], rewards=[0, 0])
        with self.assertRaises(GenRMError) as e:
            genrm_rl.RLRun(self.client, "other").get_control()
        self.assertEqual(e.exception.status, 404)

    def test_hook_reports_steps_and_waits_out_a_pause_then_switches_model(self):
        run = genrm_rl.RLRun(self.client, "r1")
        hook = genrm_rl.RunHook(run, pause_poll_s=0.01, correct_fn=lambda p, c: len(c) < 50)
        cb = hook.callback()
        rewards = hook.reward_func(["q1", "q2"], ["short", "x" * 80])
        self.assertEqual(rewards, [0.05, 0.8])
        Stub.state["control"] = {"action": "pause", "model": "genrm-v1", "reason": "Auto-paused: length surge"}
        Stub.state["control_queue"] = [
            {"action": "pause", "model": "genrm-v1", "reason": "recalibrating"},
            {"action": "continue", "model": "genrm-v2", "reason": "recalibration accepted"},
        ]

        class State:
            global_step = 7

        cb.on_log(None, State(), "ctl", logs={"loss": 0.5, "train/kl": 0.1, "note": "x"})
        self.assertEqual(cb.on_step_end(None, State(), "ctl"), "ctl")
        self.assertEqual(Stub.state["polls"], 2)
        self.assertEqual(self.client.model, "genrm-v2")
        path, body, _ = Stub.state["posts"][-1]
        self.assertEqual((path, body["step"]), ("/api/v1/runs/r1/steps", 7))
        self.assertEqual(body["metrics"]["loss"], 0.5)
        self.assertEqual(body["metrics"]["train_kl"], 0.1)
        self.assertNotIn("note", body["metrics"])
        self.assertEqual(body["metrics"]["accuracy"], 0.5)
        self.assertEqual(len(body["samples"]), 2)
        # nothing recorded since: nothing sent
        self.assertIsNone(hook.end_step(8))
        # any other TrainerCallback event is accepted
        self.assertEqual(cb.on_epoch_begin(None, State(), "ctl"), "ctl")

    def test_wait_while_paused_times_out(self):
        Stub.state["control"] = {"action": "pause", "model": None, "reason": "x"}
        with self.assertRaises(TimeoutError):
            genrm_rl.RLRun(self.client, "r1").wait_while_paused(poll_s=0.01, timeout_s=0.05)


if __name__ == "__main__":
    unittest.main()
