"""GenRM data client — one file, Python standard library only (Python >= 3.9).

    from genrm_data import GenRMData
    data = GenRMData("http://127.0.0.1:3000", api_key="grm_...")   # or GENRM_URL / GENRM_API_KEY; a key with the data:write scope
    ds = data.create_dataset("helpfulness v2")
    data.import_file(ds["id"], "prefs.jsonl", progress=print)        # uploads with progress, waits for the import job
    snap = data.create_snapshot(ds["id"])                            # content-hashed; same content -> same snapshot
    folder = data.export_hf(ds["id"], "out/", snapshot=snap["id"])   # Parquet + dataset card: datasets.load_dataset(folder)
    data.export(ds["id"], "hh", "hh.jsonl", snapshot=snap["id"])     # also trl, genrm, labels
    for label in data.labels(ds["id"]): ...                          # raw labels, annotators pseudonymised

Errors raise GenRMDataError with the server's message, status and request id. 429/502/503/504 and
connection failures are retried (honouring Retry-After) for requests that send no file.
"""

from __future__ import annotations

import json
import os
import tarfile
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Callable, Iterator, Optional

__all__ = ["GenRMData", "GenRMDataError", "EXPORT_FORMATS"]

EXPORT_FORMATS = ("trl", "genrm", "labels", "hh", "hf")
RETRYABLE = {429, 502, 503, 504}
CHUNK = 1 << 20

# progress(stage, done, total): stage "upload" counts bytes sent; "import" and "download" count what the
# server has processed / sent so far (total 0 when unknown).
Progress = Callable[[str, int, int], None]


class GenRMDataError(Exception):
    """A request the server refused (status >= 400), an import that failed, or a request that kept failing."""

    def __init__(self, message: str, status: Optional[int] = None, body: Any = None, request_id: Optional[str] = None):
        super().__init__(message if status is None else f"HTTP {status}: {message}")
        self.status = status
        self.body = body
        self.request_id = request_id


class GenRMData:
    def __init__(self, base_url: Optional[str] = None, api_key: Optional[str] = None, timeout: float = 300.0, retries: int = 3):
        self.base_url = (base_url or os.environ.get("GENRM_URL") or "http://127.0.0.1:3000").rstrip("/")
        self.api_key = api_key if api_key is not None else os.environ.get("GENRM_API_KEY")
        self.timeout = timeout
        self.retries = retries

    # -- datasets -------------------------------------------------------------------------------

    def create_dataset(self, name: str, description: str = "") -> dict:
        return self._json("POST", "/api/datasets", {"name": name, "description": description})["dataset"]

    def list_datasets(self) -> list:
        return self._json("GET", "/api/datasets")["datasets"]

    def import_file(self, dataset_id: str, path: str, format: str = "auto", progress: Optional[Progress] = None, wait: bool = True, poll_s: float = 0.5) -> dict:
        """Uploads a JSONL / JSON file (TRL, HH-RLHF, AlpacaEval or native rows) and, with wait, follows the
        import job to its end. Returns the import ({status, added, skipped, errors, ...}); a failed import raises."""
        size = os.path.getsize(path)
        query = urllib.parse.urlencode({"fileName": os.path.basename(path), "format": format})

        def body() -> Iterator[bytes]:
            sent = 0
            with open(path, "rb") as f:
                while True:
                    chunk = f.read(CHUNK)
                    if not chunk:
                        return
                    sent += len(chunk)
                    yield chunk
                    if progress:
                        progress("upload", sent, size)

        headers = {"Content-Type": "application/octet-stream", "Content-Length": str(size)}
        res = self._send("POST", f"/api/datasets/{_q(dataset_id)}/imports?{query}", body(), headers, retry=False)
        imp = json.loads(_read_all(res))["import"]
        while wait and imp["status"] in ("queued", "running"):
            time.sleep(poll_s)
            imp = self._json("GET", f"/api/datasets/{_q(dataset_id)}/imports/{_q(imp['id'])}")["import"]
            if progress:
                progress("import", int(round(float(imp.get("progress") or 0) * 100)), 100)
        if imp["status"] == "failed":
            raise GenRMDataError(f"import {imp['id']} failed: {imp.get('message') or imp.get('errors')}", body=imp)
        return imp

    def generate_comparisons(self, dataset_id: str, mode: str = "pairwise", overlap: int = 1, **options: Any) -> dict:
        return self._json("POST", f"/api/datasets/{_q(dataset_id)}/comparisons", {"mode": mode, "overlap": overlap, **options})

    # -- snapshots ------------------------------------------------------------------------------

    def create_snapshot(self, dataset_id: str) -> dict:
        """Freezes the dataset's comparisons and labels. Same content as an existing snapshot -> that one
        (its `created` is False)."""
        r = self._json("POST", f"/api/datasets/{_q(dataset_id)}/snapshots")
        return {**r["snapshot"], "created": r["created"]}

    def list_snapshots(self, dataset_id: str) -> list:
        return self._json("GET", f"/api/datasets/{_q(dataset_id)}/snapshots")["snapshots"]

    # -- exports --------------------------------------------------------------------------------

    def export(self, dataset_id: str, format: str, dest: str, snapshot: Optional[str] = None, progress: Optional[Progress] = None, **options: Any) -> str:
        """Streams an export into the file `dest` (for "hf", a .tar.gz; see export_hf). Options as the
        route's query: ties, weighting, rationale, test, seed, license. Returns dest."""
        if format not in EXPORT_FORMATS:
            raise ValueError(f"format must be one of {', '.join(EXPORT_FORMATS)}")
        res = self._send("GET", self._export_path(dataset_id, format, snapshot, options))
        total = int(res.headers.get("content-length") or 0)
        done = 0
        tmp = f"{dest}.part"
        try:
            with res, open(tmp, "wb") as f:
                while True:
                    chunk = res.read(CHUNK)
                    if not chunk:
                        break
                    f.write(chunk)
                    done += len(chunk)
                    if progress:
                        progress("download", done, total)
            os.replace(tmp, dest)
        finally:
            if os.path.exists(tmp):
                os.remove(tmp)
        return dest

    def export_hf(self, dataset_id: str, dest_dir: str, snapshot: Optional[str] = None, progress: Optional[Progress] = None, **options: Any) -> str:
        """Downloads the Hugging Face folder (Parquet shards + README.md card) and unpacks it under dest_dir.
        Returns the folder, ready for datasets.load_dataset(folder) (config "preferences", or "labels")."""
        os.makedirs(dest_dir, exist_ok=True)
        archive = self.export(dataset_id, "hf", os.path.join(dest_dir, ".genrm-export.tar.gz"), snapshot=snapshot, progress=progress, **options)
        try:
            with tarfile.open(archive, "r:gz") as tar:
                names = tar.getnames()
                roots = {n.split("/", 1)[0] for n in names}
                if len(roots) != 1 or any(n.startswith("/") or ".." in n.split("/") for n in names):
                    raise GenRMDataError(f"unexpected archive layout: {sorted(roots)}")
                if hasattr(tarfile, "data_filter"):
                    tar.extractall(dest_dir, filter="data")
                else:  # Python < 3.12 without the backported filter: names were checked above
                    tar.extractall(dest_dir)
        finally:
            os.remove(archive)
        return os.path.join(dest_dir, roots.pop())

    def labels(self, dataset_id: str, snapshot: Optional[str] = None, rationale: bool = False) -> Iterator[dict]:
        """Every raw label (annotators pseudonymised), streamed."""
        res = self._send("GET", self._export_path(dataset_id, "labels", snapshot, {"rationale": "1" if rationale else "0"}))
        with res:
            for line in res:
                if line.strip():
                    yield json.loads(line)

    # -- plumbing -------------------------------------------------------------------------------

    def _export_path(self, dataset_id: str, format: str, snapshot: Optional[str], options: dict) -> str:
        q = {"format": format, **{k: str(v) for k, v in options.items() if v is not None}}
        if snapshot:
            q["snapshot"] = snapshot
        return f"/api/datasets/{_q(dataset_id)}/export?{urllib.parse.urlencode(q)}"

    def _json(self, method: str, path: str, payload: Optional[dict] = None) -> dict:
        data = None if payload is None else json.dumps(payload).encode("utf-8")
        headers = {"Content-Type": "application/json"} if payload is not None else {}
        return json.loads(_read_all(self._send(method, path, data, headers)))

    def _send(self, method: str, path: str, data: Any = None, headers: Optional[dict] = None, retry: bool = True):
        h = {"Accept": "application/json, */*", **(headers or {})}
        if self.api_key:
            h["Authorization"] = f"Bearer {self.api_key}"
        attempts = 1 + (self.retries if retry else 0)
        for attempt in range(attempts):
            req = urllib.request.Request(self.base_url + path, data=data, headers=h, method=method)
            try:
                return urllib.request.urlopen(req, timeout=self.timeout)
            except urllib.error.HTTPError as e:
                raw = e.read().decode("utf-8", "replace")
                try:
                    body = json.loads(raw)
                except ValueError:
                    body = raw
                message = body.get("error", raw) if isinstance(body, dict) else raw
                if e.code in RETRYABLE and attempt + 1 < attempts:
                    time.sleep(_retry_after(e.headers.get("retry-after"), attempt))
                    continue
                raise GenRMDataError(str(message), e.code, body, e.headers.get("x-request-id")) from None
            except (urllib.error.URLError, ConnectionError, TimeoutError) as e:
                if attempt + 1 < attempts:
                    time.sleep(_retry_after(None, attempt))
                    continue
                raise GenRMDataError(f"{self.base_url} unreachable: {e}") from None
        raise AssertionError("unreachable")


def _q(s: str) -> str:
    return urllib.parse.quote(str(s), safe="")


def _read_all(res) -> str:
    with res:
        return res.read().decode("utf-8")


def _retry_after(header: Optional[str], attempt: int) -> float:
    try:
        return max(0.0, min(30.0, float(header))) if header is not None else min(8.0, 0.5 * 2**attempt)
    except ValueError:
        return min(8.0, 0.5 * 2**attempt)
