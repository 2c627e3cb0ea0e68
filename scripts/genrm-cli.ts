/**
 * `npm run genrm -- <command>`: the model registry from a terminal.
 *
 *   train --dataset <id|name> [--dataset …] [--kind tiny|lora] [--epochs N] [--lr X] [--d-model N]
 *         [--layers N] [--heads N] [--context N] [--batch N] [--seed N] [--heldout F] [--name S]
 *         [--base-model DIR] [--local] [--detach]
 *       Queues a training run and follows it with a progress bar (--detach: queue and exit;
 *       --local: train in this process, then evaluate — no worker needed).
 *   list                          versions with status and held-out numbers
 *   runs                          recent training runs
 *   promote <version> [--reason S]
 *   rollback [--reason S]
 *         lora: --serve-url URL [--serve-url …] --serve-model NAME  the vLLM server(s) that will serve the adapter
 *   register --name S --base-url URL [--base-url …] --model NAME [--mode logprobs|reasoning]
 *         [--api completions|chat] [--top-logprobs N] [--samples N]
 *       Adds a judge served elsewhere (vLLM, SGLang, llama.cpp, a hosted API) as a candidate version,
 *       after checking it (each URL, the protocol, a few judgements). Its API key, if it needs one, is
 *       read from the environment variable GENRM_JUDGE_API_KEY (a flag would land in shell history).
 *   evaluate <version> [--local]  queue (or run here) an evaluation on the held-out labels
 *   retire <version>              take a candidate out of use (a LoRA adapter is unloaded from its servers)
 *   Global: --as <email>  act as this researcher/admin (default: the first admin account)
 */
import { parseArgs } from "node:util";
import type { Actor } from "@core/auth/actor";
import { db, disconnectDb } from "@core/db/client";
import { AppError } from "@core/errors";
import { explainStartupError } from "@core/preflight";
import { closeQueues } from "@core/queue/queues";
import { closeRedis, createRedis } from "@core/queue/redis";
import { readHeartbeats } from "@core/queue/heartbeat";
import { listModels, listTrainingRuns } from "@core/models/list-models";
import { promoteModel, retireModel, rollbackModel } from "@core/models/activate-model";
import { registerServedJudge } from "@core/models/register-served-judge";
import { checkTrainingInput, createTrainingRun, enqueueTrainingRun } from "@core/models/start-training-run";
import { startEvaluation } from "@core/models/start-evaluation";
import { runTraining } from "@core/models/run-training";
import { runEvaluation } from "@core/models/evaluation/run-evaluation";
import { findModelOr404 } from "@core/models/access";
import { trainingParamsSchema, type TrainingParamsInput } from "@core/models/training-params";
import { formatProgressLine, type ProgressData } from "@core/models/progress-data";

function parse() {
  try {
    return parseArgs({ allowPositionals: true, options: OPTIONS });
  } catch (e) {
    console.error(`genrm: ${(e as Error).message} (see --help)`);
    process.exit(2);
  }
}

const OPTIONS = {
  dataset: { type: "string", multiple: true },
  kind: { type: "string" },
  epochs: { type: "string" },
  lr: { type: "string" },
  "d-model": { type: "string" },
  layers: { type: "string" },
  heads: { type: "string" },
  context: { type: "string" },
  batch: { type: "string" },
  seed: { type: "string" },
  heldout: { type: "string" },
  name: { type: "string" },
  "base-model": { type: "string" },
  "serve-url": { type: "string", multiple: true },
  "serve-model": { type: "string" },
  "base-url": { type: "string", multiple: true },
  model: { type: "string" },
  mode: { type: "string" },
  api: { type: "string" },
  "top-logprobs": { type: "string" },
  samples: { type: "string" },
  reason: { type: "string" },
  as: { type: "string" },
  local: { type: "boolean", default: false },
  detach: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
} as const;

const { values: o, positionals } = parse();

const tty = process.stdout.isTTY;
const pct = (x: number | null) => (x === null ? "     —" : `${(100 * x).toFixed(1).padStart(5)}%`);

async function actor(): Promise<Actor> {
  const u = o.as
    ? await db().user.findUnique({ where: { email: o.as.toLowerCase() } })
    : await db().user.findFirst({ where: { role: "admin", active: true }, orderBy: { createdAt: "asc" } });
  if (!u) throw new AppError("NotFound", o.as ? `No user ${o.as}` : "No admin account: run `npm run db:seed` or pass --as <email>");
  return { kind: "user", userId: u.id, role: u.role, email: u.email, name: u.name };
}

async function resolveDatasets(refs: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const ref of refs) {
    const d = (await db().dataset.findUnique({ where: { id: ref } })) ?? (await db().dataset.findFirst({ where: { name: ref }, orderBy: { createdAt: "desc" } }));
    if (!d) throw new AppError("NotFound", `No dataset with id or name "${ref}"`);
    ids.push(d.id);
  }
  return ids;
}

function paramsFromFlags(datasetIds: string[]): TrainingParamsInput {
  const n = (v: string | undefined) => (v === undefined ? undefined : Number(v));
  const p: Record<string, unknown> = {
    datasetIds,
    kind: o.kind,
    epochs: n(o.epochs),
    lr: n(o.lr),
    dModel: n(o["d-model"]),
    nLayer: n(o.layers),
    nHead: n(o.heads),
    contextLength: n(o.context),
    batchSize: n(o.batch),
    seed: n(o.seed),
    heldoutFraction: n(o.heldout),
    name: o.name,
    baseModel: o["base-model"],
    serveBaseUrls: o["serve-url"],
    serveModel: o["serve-model"],
  };
  return Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)) as TrainingParamsInput;
}

let lastLine = "";
function show(line: string, final = false) {
  if (tty) process.stdout.write(`\r\x1b[2K${line}${final ? "\n" : ""}`);
  else if (line !== lastLine || final) console.log(line);
  lastLine = line;
}

async function follow(runId: string) {
  for (;;) {
    const r = await db().trainingRun.findUniqueOrThrow({ where: { id: runId }, include: { model: { select: { version: true } } } });
    const pd = (r.progressData ?? {}) as ProgressData;
    show(formatProgressLine(r.status === "succeeded" ? { ...pd, phase: "done" } : pd) + (r.status === "queued" ? "  (waiting for a worker)" : ""));
    if (r.status === "succeeded") {
      show(formatProgressLine({ ...pd, phase: "done" }), true);
      console.log(`Registered GenRM v${r.model?.version} (candidate); its evaluation is queued. Promote it with: npm run genrm -- promote ${r.model?.version}`);
      return;
    }
    if (r.status === "failed") {
      show(formatProgressLine({ ...pd, phase: "failed" }), true);
      throw new AppError("Unprocessable", `Training failed: ${r.error}`);
    }
    await new Promise((res) => setTimeout(res, 1000));
  }
}

async function workersAlive(): Promise<number> {
  const r = createRedis("producer");
  try {
    return (await readHeartbeats(r)).filter((h) => h.queues.includes("train")).length;
  } catch {
    return 0;
  } finally {
    r.disconnect();
  }
}

async function train(a: Actor) {
  if (!o.dataset?.length) throw new AppError("Invalid", "train needs --dataset <id|name> (repeatable)");
  const p = trainingParamsSchema.parse(paramsFromFlags(await resolveDatasets(o.dataset)));
  await checkTrainingInput(p);
  const run = await createTrainingRun(p, { createdById: a.userId });
  console.log(`Training run ${run.id}: ${p.kind}, ${p.epochs} epochs, datasets ${p.datasetIds.join(", ")}`);
  if (o.local) {
    const r = await runTraining(run.id, { enqueueEvaluation: false, onProgress: (pd) => show(formatProgressLine(pd)) });
    show(formatProgressLine({ phase: "done" }), true);
    console.log(`Registered GenRM v${r.model.version} (candidate) at ${r.model.artifactUri}; evaluating…`);
    const ev = await db().evaluation.create({ data: { modelId: r.model.id } });
    const m = await runEvaluation(ev.id, { onProgress: (d, t) => show(`evaluating ${d}/${t}`) });
    show(`held-out accuracy ${pct(m.accuracy)} on ${m.n} labels · swap consistency ${pct(m.swapConsistency)} · ECE ${m.ece.toFixed(3)} · padded judged better ${pct(m.lengthProbe.longerBetterShare)}`, true);
    return;
  }
  await enqueueTrainingRun(run.id);
  if (o.detach) return console.log(`Queued. Follow it at /models/runs/${run.id}`);
  if ((await workersAlive()) === 0) console.log("No worker is serving the train queue: start one with `npm run workers` (or rerun with --local).");
  await follow(run.id);
}

async function list(a: Actor) {
  const { models } = await listModels(a);
  if (models.length === 0) return console.log("No GenRM versions yet. Train one: npm run genrm -- train --dataset <id|name>");
  console.log("version  status     kind   accuracy  swap-cons  ECE    padded-better  labels  name");
  for (const m of models) {
    console.log(
      `${`v${m.version}`.padEnd(8)} ${m.status.padEnd(10)} ${m.kind.padEnd(6)} ${pct(m.accuracy)}    ${pct(m.swapConsistency)}    ${m.ece === null ? "  —  " : m.ece.toFixed(3)}  ${pct(m.longerBetterShare)}         ${String(m.labelCount ?? "—").padStart(6)}  ${m.name}`,
    );
  }
}

async function register(a: Actor) {
  const n = (v: string | undefined) => (v === undefined ? undefined : Number(v));
  const input = Object.fromEntries(
    Object.entries({
      name: o.name,
      backend: "openai-compatible",
      baseUrls: o["base-url"] ?? [],
      model: o.model,
      mode: o.mode,
      api: o.api,
      topLogprobs: n(o["top-logprobs"]),
      samples: n(o.samples),
      apiKey: process.env.GENRM_JUDGE_API_KEY || undefined,
    }).filter(([, v]) => v !== undefined),
  );
  console.log(`Checking ${(o["base-url"] ?? []).join(", ") || "(no --base-url given)"} …`);
  let r;
  try {
    r = await registerServedJudge(a, input);
  } catch (e) {
    const problems = e instanceof AppError ? (e.details?.problems as Array<{ field: string; message: string }> | undefined) : undefined;
    if (problems?.length) {
      for (const p of problems) console.error(`  ✗ ${p.field}: ${p.message}`);
      throw new AppError("Unprocessable", "nothing was registered");
    }
    throw e;
  }
  for (const u of r.probe.urls) console.log(`  ✓ ${u.baseUrl}: up in ${u.latencyMs} ms${u.logprobs !== null ? `, ${u.logprobs} top logprobs` : ""}`);
  console.log(`  ✓ test judgements: ${r.probe.judgements.map((j) => `${j.ms} ms`).join(", ") || "—"}`);
  console.log(`Registered GenRM v${r.model.version} "${r.model.name}" (candidate). Evaluate it: npm run genrm -- evaluate ${r.model.version}; promote it: npm run genrm -- promote ${r.model.version}`);
}

async function main() {
  const cmd = positionals[0];
  if (!cmd || o.help) {
    console.log((await import("node:fs")).readFileSync(new URL(import.meta.url), "utf8").split("*/")[0]!.replace(/^\/\*\*?|^ \* ?/gm, ""));
    return;
  }
  const a = await actor();
  switch (cmd) {
    case "train":
      return train(a);
    case "list":
      return list(a);
    case "runs":
      for (const r of await listTrainingRuns(a, 20)) console.log(`${r.id}  ${r.status.padEnd(9)} ${pct(r.progress)}  ${r.kind} ${r.purpose}  ${r.modelVersion ? `→ v${r.modelVersion}` : ""} ${r.error ?? ""}`);
      return;
    case "promote": {
      const r = await promoteModel(a, positionals[1] ?? "", { reason: o.reason ?? "" });
      return console.log(`v${r.active.version} is active${r.retired ? `; v${r.retired.version} retired` : ""}.`);
    }
    case "rollback": {
      const r = await rollbackModel(a, { reason: o.reason ?? "" });
      return console.log(`Rolled back: v${r.active.version} is active again${r.retired ? `; v${r.retired.version} retired` : ""}.`);
    }
    case "register":
      return register(a);
    case "retire": {
      const r = await retireModel(a, positionals[1] ?? "");
      const adapter = "adapter" in r ? r.adapter : undefined;
      return console.log(`v${r.model.version} retired${adapter?.unloaded.length ? `; adapter unloaded from ${adapter.unloaded.join(", ")}` : ""}${adapter?.failed.length ? `; could not unload: ${adapter.failed.join("; ")}` : ""}.`);
    }
    case "evaluate": {
      if (o.local) {
        const model = await findModelOr404(positionals[1] ?? "");
        const ev = await db().evaluation.create({ data: { modelId: model.id } });
        const m = await runEvaluation(ev.id, { onProgress: (d, t) => show(`evaluating ${d}/${t}`) });
        return show(`v${model.version}: held-out accuracy ${pct(m.accuracy)} on ${m.n} labels · padded judged better ${pct(m.lengthProbe.longerBetterShare)}`, true);
      }
      const r = await startEvaluation(a, positionals[1] ?? "");
      return console.log(`Evaluation ${r.evaluation.id} ${r.evaluation.status}; results appear on /models/${positionals[1]}`);
    }
    default:
      throw new AppError("Invalid", `Unknown command "${cmd}". Commands: train, register, list, runs, promote, rollback, retire, evaluate (see --help)`);
  }
}

try {
  await main();
} catch (error) {
  if (error instanceof AppError) console.error(`genrm: ${error.message}`);
  else if ((error as { name?: string }).name === "ZodError") console.error(`genrm: ${(error as { issues: Array<{ path: unknown[]; message: string }> }).issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  else console.error(explainStartupError(error));
  process.exitCode = 1;
} finally {
  await closeQueues();
  await closeRedis();
  await disconnectDb();
}
