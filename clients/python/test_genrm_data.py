"""Unit tests of the data client that need no GenRM server, against a tiny stand-in HTTP server (stdlib)
that speaks only the few replies each test scripts — not the GenRM API (test_data_live.py is)."""

import io
import json
import os
import tarfile
import tempfile
import threading
import unittest
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from .genrm_data import GenRMData, GenRMDataError


class Scripted(BaseHTTPRequestHandler):
    """Answers from a script of (status, headers, body bytes or JSON) and records each request."""

    script: list = []
    seen: list = []

    def _answer(self):
        length = int(self.headers.get("content-length", 0))
        Scripted.seen.append({"method": self.command, "path": self.path, "auth": self.headers.get("authorization"), "body": self.rfile.read(length)})
        status, headers, body = Scripted.script.pop(0)
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = _answer

    def log_message(self, *args):
        pass


def tar_gz(files: dict) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for name, content in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    return buf.getvalue()


class StandIn(unittest.TestCase):
    def setUp(self):
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Scripted)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.client = GenRMData(f"http://127.0.0.1:{self.server.server_address[1]}", api_key="grm_test", retries=1)
        Scripted.script, Scripted.seen = [], []
        self.tmp = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.server.shutdown()
        self.server.server_close()
        self.tmp.cleanup()

    def test_import_uploads_the_file_with_progress_then_follows_the_job(self):
        path = os.path.join(self.tmp.name, "prefs.jsonl")
        with open(path, "wb") as f:
            f.write(b'{"prompt": "p", "chosen": "a", "rejected": "b"}\n' * 50_000)
        Scripted.script = [
            (202, {}, {"import": {"id": "i1", "status": "queued", "progress": 0}}),
            (200, {}, {"import": {"id": "i1", "status": "running", "progress": 0.5}}),
            (200, {}, {"import": {"id": "i1", "status": "succeeded", "progress": 1, "added": 50000}}),
        ]
        seen = []
        imp = self.client.import_file("ds 1", path, progress=lambda *a: seen.append(a), poll_s=0)
        self.assertEqual(imp["added"], 50000)
        self.assertEqual(Scripted.seen[0]["path"], "/api/datasets/ds%201/imports?fileName=prefs.jsonl&format=auto")
        self.assertEqual(Scripted.seen[0]["auth"], "Bearer grm_test")
        with open(path, "rb") as f:
            self.assertEqual(Scripted.seen[0]["body"], f.read())
        uploads = [a for a in seen if a[0] == "upload"]
        self.assertGreater(len(uploads), 1)  # the file went up in chunks, each reported
        self.assertEqual(uploads[-1], ("upload", os.path.getsize(path), os.path.getsize(path)))
        self.assertEqual([a for a in seen if a[0] == "import"], [("import", 50, 100), ("import", 100, 100)])

    def test_a_failed_import_raises_with_its_message(self):
        path = os.path.join(self.tmp.name, "bad.jsonl")
        with open(path, "w") as f:
            f.write("not json\n")
        Scripted.script = [(202, {}, {"import": {"id": "i2", "status": "failed", "message": "no valid rows"}})]
        with self.assertRaisesRegex(GenRMDataError, "no valid rows"):
            self.client.import_file("d", path)

    def test_export_hf_unpacks_the_folder_and_refuses_unsafe_archives(self):
        Scripted.script = [(200, {"content-type": "application/gzip"}, tar_gz({"ds-hf/README.md": b"---\nlicense: other\n---\n", "ds-hf/data/labels/train-00000.parquet": b"PAR1"}))]
        folder = self.client.export_hf("d", self.tmp.name, snapshot="snap_1", test=0.3)
        self.assertEqual(folder, os.path.join(self.tmp.name, "ds-hf"))
        self.assertTrue(os.path.isfile(os.path.join(folder, "data", "labels", "train-00000.parquet")))
        self.assertEqual(Scripted.seen[0]["path"], "/api/datasets/d/export?format=hf&test=0.3&snapshot=snap_1")
        self.assertEqual(os.listdir(self.tmp.name), ["ds-hf"])  # the archive itself is gone

        Scripted.script = [(200, {}, tar_gz({"ds-hf/README.md": b"x", "../evil": b"x"}))]
        with self.assertRaisesRegex(GenRMDataError, "unexpected archive layout"):
            self.client.export_hf("d", os.path.join(self.tmp.name, "other"))
        self.assertFalse(os.path.exists(os.path.join(self.tmp.name, "evil")))

    def test_labels_stream_and_errors_carry_the_servers_message(self):
        Scripted.script = [(200, {}, b'{"verdict": "a"}\n{"verdict": "tie"}\n')]
        self.assertEqual([l["verdict"] for l in self.client.labels("d")], ["a", "tie"])
        Scripted.script = [(404, {"x-request-id": "rid-9"}, {"error": "Snapshot s not found in this dataset"})]
        with self.assertRaises(GenRMDataError) as ctx:
            self.client.export("d", "trl", os.path.join(self.tmp.name, "x.jsonl"), snapshot="s")
        self.assertEqual((ctx.exception.status, ctx.exception.request_id), (404, "rid-9"))
        self.assertIn("Snapshot s not found", str(ctx.exception))
        self.assertFalse(os.path.exists(os.path.join(self.tmp.name, "x.jsonl")))
        with self.assertRaisesRegex(ValueError, "format must be one of"):
            self.client.export("d", "csv", "x")

    def test_snapshot_replies_keep_whether_one_was_created(self):
        Scripted.script = [(200, {}, {"snapshot": {"id": "snap_1", "contentHash": "ab"}, "created": False}), (200, {}, {"snapshots": [{"id": "snap_1"}]})]
        self.assertEqual(self.client.create_snapshot("d"), {"id": "snap_1", "contentHash": "ab", "created": False})
        self.assertEqual(Scripted.seen[0]["method"], "POST")
        self.assertEqual(self.client.list_snapshots("d"), [{"id": "snap_1"}])


if __name__ == "__main__":
    unittest.main()
