/**
 * Data out of the running server: snapshots and exports through the HTTP routes (a Hugging Face folder,
 * HH-RLHF, bad input refused with a message), the Python data client end to end (clients/python/
 * test_data_live.py: create a dataset, import with progress, snapshot, export), and the lineage of the
 * demo version naming the snapshot its training run took.
 */
import { spawn } from "node:child_process";
import { gunzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { baseUrl, createKey, dbQuery, DEMO, sessionCookie } from "./helpers";

const PY = process.env.GENRM_PYTHON_CLIENT ?? "/usr/bin/python3";

function python(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 180_000): Promise<{ status: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(PY, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    const t = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("close", (status) => {
      clearTimeout(t);
      resolve({ status, out });
    });
  });
}

let key: string;
let cookie: string;
let labelled: { id: string; labels: number };

beforeAll(async () => {
  cookie = await sessionCookie(DEMO.researcher);
  key = (await createKey(cookie, ["data:write"], "data-exports")).key;
  // The researcher's dataset with the most labels (the demo seed labels one); a key reaches only its owner's datasets.
  const [row] = await dbQuery<{ id: string; n: string }>(
    `SELECT d.id, count(l.id) AS n FROM "Dataset" d JOIN "User" u ON u.id = d."createdById" JOIN "Comparison" c ON c."datasetId" = d.id JOIN "Label" l ON l."comparisonId" = c.id
     WHERE u.email = $1 GROUP BY d.id ORDER BY n DESC LIMIT 1`,
    [DEMO.researcher],
  );
  expect(row, "the demo seed gives the researcher a labelled dataset").toBeDefined();
  labelled = { id: row!.id, labels: Number(row!.n) };
});

const get = (p: string, init: RequestInit = {}) => fetch(`${baseUrl()}${p}`, { ...init, headers: { authorization: `Bearer ${key}`, ...(init.headers ?? {}) } });

describe("snapshots and exports over HTTP", () => {
  it("takes a snapshot once per content and exports it as a Hugging Face folder (.tar.gz with Parquet and a card)", async () => {
    const first = await get(`/api/datasets/${labelled.id}/snapshots`, { method: "POST" });
    expect([200, 201]).toContain(first.status);
    const snap = (await first.json()).snapshot;
    const again = await get(`/api/datasets/${labelled.id}/snapshots`, { method: "POST" });
    expect(again.status).toBe(200);
    expect((await again.json()).snapshot.id).toBe(snap.id);
    expect(snap.labelCount).toBe(labelled.labels);

    const res = await get(`/api/datasets/${labelled.id}/export?format=hf&snapshot=${snap.id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/gzip");
    expect(res.headers.get("content-disposition")).toMatch(new RegExp(`${snap.id}-hf\\.tar\\.gz`));
    const tar = gunzipSync(Buffer.from(await res.arrayBuffer())).toString("latin1");
    expect(tar).toMatch(/-hf\/data\/labels\/train-00000\.parquet/);
    expect(tar).toMatch(/-hf\/README\.md/);
    expect(tar).toContain(`| labels | ${labelled.labels} |`);

    const hh = await get(`/api/datasets/${labelled.id}/export?format=hh&snapshot=${snap.id}`);
    expect(hh.status).toBe(200);
    const rows = (await hh.text()).trim().split("\n").filter(Boolean).map((l) => JSON.parse(l));
    expect(rows.every((r) => r.chosen.startsWith("\n\nHuman: ") && r.rejected.includes("\n\nAssistant: "))).toBe(true);
  });

  it("refuses bad input with a clear message", async () => {
    const unknown = await get(`/api/datasets/${labelled.id}/export?format=hf&snapshot=snap_nope`);
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error).toMatch(/Snapshot snap_nope not found in this dataset/);
    const badLicence = await get(`/api/datasets/${labelled.id}/export?format=hf&license=CC%20BY`);
    expect(badLicence.status).toBe(400);
    expect((await badLicence.json()).error).toMatch(/license must be a licence id/);
    const badSplit = await get(`/api/datasets/${labelled.id}/export?format=hf&test=abc`);
    expect(badSplit.status).toBe(400);
    expect((await badSplit.json()).error).toMatch(/test must be a number/);
  });

  it("the demo version's lineage names the snapshot its training run took", async () => {
    const [run] = await dbQuery<{ version: number; snapshotIds: string[] }>(
      `SELECT m.version, r."snapshotIds" FROM "TrainingRun" r JOIN "GenrmModel" m ON m.id = r."modelId" WHERE cardinality(r."snapshotIds") > 0 ORDER BY m.version LIMIT 1`,
    );
    expect(run, "a trained version cites a snapshot").toBeDefined();
    const page = await fetch(`${baseUrl()}/models/${run!.version}`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(run!.snapshotIds[0]!);
  });
});

describe("Python data client against the running server", () => {
  it("creates a dataset, imports with progress, snapshots, exports (HH-RLHF, Hugging Face) and lists labels", async () => {
    const r = await python(["-m", "unittest", "-v", "clients.python.test_data_live"], {
      ...process.env,
      GENRM_URL: baseUrl(),
      GENRM_DATA_API_KEY: key,
      GENRM_TEST_LABELLED_DATASET: labelled.id,
      GENRM_TEST_LABEL_COUNT: String(labelled.labels),
      PYTHONDONTWRITEBYTECODE: "1",
    });
    expect(r.status, r.out).toBe(0);
    expect(r.out).toMatch(/Ran 2 tests/);
    expect(r.out).not.toMatch(/skipped/);
  });
});
