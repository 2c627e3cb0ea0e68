/**
 * The drop-ins run by the trainers' own code: clients/python/test_trainer_callsites.py loads verl's
 * reward managers and reward loop, TRL's GRPOTrainer._calculate_rewards and OpenRLHF's remote-RM client
 * from their unmodified upstream files (GENRM_TRAINERS_DIR, else the nearest shared/trainers beside the
 * repository) and runs them against this server with the Python client and /get_reward. Every test
 * must run: a skip, a missing file or a different test count fails this spec.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { promptKey, responseKey } from "@core/formats/content-key";
import { root } from "../../scripts/lib/platform";
import { baseUrl, createKey, dbQuery, DEMO, sessionCookie } from "./helpers";

const PY = process.env.GENRM_PYTHON_CLIENT ?? "/usr/bin/python3";
const EXPECTED_TESTS = 10;

/** GENRM_TRAINERS_DIR, else `<dir>/shared/trainers` for the nearest parent <dir> of the repository. */
function trainersDir(): string | null {
  if (process.env.GENRM_TRAINERS_DIR) return process.env.GENRM_TRAINERS_DIR;
  for (let dir = path.dirname(root); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "shared", "trainers");
    if (existsSync(path.join(candidate, "README.md"))) return candidate;
    if (path.dirname(dir) === dir) return null;
  }
}

function python(args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ status: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(PY, args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("close", (status) => {
      clearTimeout(timer);
      resolve({ status, out });
    });
  });
}

let key: string;
let version: number;
const PROMPT = `Which gas do plants take in for photosynthesis? (${randomBytes(3).toString("hex")})`;
const REFERENCE = "Plants take in carbon dioxide (CO2) and release oxygen.";

beforeAll(async () => {
  key = (await createKey(await sessionCookie(DEMO.researcher), ["judge"], "e2e-trainer-dropins")).key;
  // The demo GenRM the set-up trained, pinned so that other specs promoting models change nothing here.
  const [demo] = await dbQuery<{ version: number }>(`select version from "GenrmModel" where kind = 'tiny' and status in ('candidate', 'active', 'retired') order by version limit 1`);
  if (!demo) throw new Error("no trained demo GenRM: the e2e set-up should have trained one");
  version = demo.version;
  // A prompt whose reference only the server knows (verl with no ground_truth must use it).
  const [{ id: userId }] = await dbQuery<{ id: string }>(`select id from "User" where email = $1`, [DEMO.researcher]);
  const ds = `e2e-dropins-${randomBytes(4).toString("hex")}`;
  const pk = promptKey(PROMPT);
  await dbQuery(`insert into "Dataset" (id, name, "createdById") values ($1, $1, $2)`, [ds, userId]);
  await dbQuery(`insert into "Prompt" (id, "datasetId", key, text) values ($1, $2, $3, $4)`, [`${ds}-p`, ds, pk, PROMPT]);
  await dbQuery(`insert into "Response" (id, "promptId", model, text, key, "charLen", "tokenLen") values ($1, $2, 'ref', $3, $4, $5, 1)`, [`${ds}-r`, `${ds}-p`, REFERENCE, responseKey(pk, "ref", REFERENCE), REFERENCE.length]);
  await dbQuery(`insert into "Reference" (id, "promptId", "responseId", source) values ($1, $2, $3, 'tournament')`, [`${ds}-ref`, `${ds}-p`, `${ds}-r`]);
});

describe("verl, TRL and OpenRLHF call the platform with their own code", () => {
  it(`runs all ${EXPECTED_TESTS} call-site tests, none skipped`, async () => {
    const dir = trainersDir();
    expect(dir, "the trainers' files: set GENRM_TRAINERS_DIR or provide ../shared/trainers").not.toBeNull();
    for (const file of ["verl/reward_manager_naive.py", "verl/reward_manager_batch.py", "verl/reward_loop_naive.py", "trl/grpo_trainer.py", "openrlhf/agent.py"]) {
      expect(existsSync(path.join(dir!, file)), file).toBe(true);
    }
    const r = await python(
      ["-m", "unittest", "-v", "clients.python.test_trainer_callsites"],
      { ...process.env, GENRM_URL: baseUrl(), GENRM_API_KEY: key, GENRM_MODEL: String(version), GENRM_TEST_PROMPT: PROMPT, GENRM_TRAINERS_DIR: dir!, PYTHONDONTWRITEBYTECODE: "1" },
      240_000,
    );
    expect(r.status, r.out).toBe(0);
    expect(r.out).toMatch(new RegExp(`Ran ${EXPECTED_TESTS} tests`));
    expect(r.out, r.out).not.toMatch(/skipped/i);
    expect(r.out).toMatch(/\nOK\s*$/);
  }, 300_000);
});
