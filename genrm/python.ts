/**
 * Finding a Python that can `import torch`, and running the GenRM trainer (genrm/trainer) in it.
 *
 * Lookup order: $GENRM_PYTHON (only it, when set), /usr/bin/python3 (Debian's python3-torch installs
 * there, not into a pyenv/venv python first on PATH), then `python3` on PATH.
 * The returned env carries the allocator/BLAS settings that make CPU training ~10x faster
 * (jemalloc via LD_PRELOAD with a retaining MALLOC_CONF, plus OpenBLAS: this VM hands out fresh memory slowly
 * and torch's reference BLAS is slow; either fix alone was measured at only 1.7–7 examples/s).
 *
 * Not for job bookkeeping (checkpoint folders, pid files, registering versions): that is core/'s.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const TORCH_MISSING_MESSAGE =
  "PyTorch not found: on Debian run `apt-get install -y python3-torch libopenblas0-pthread libjemalloc2`, or set GENRM_PYTHON to an interpreter that has torch";

/** The repository root: the trainer runs as `python -m genrm.trainer.train` from here. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const JEMALLOC_PATHS = [
  "/usr/lib/x86_64-linux-gnu/libjemalloc.so.2",
  "/usr/lib/aarch64-linux-gnu/libjemalloc.so.2",
  "/usr/lib64/libjemalloc.so.2",
  "/usr/lib/libjemalloc.so.2",
  "/usr/local/lib/libjemalloc.so.2",
  "/opt/homebrew/lib/libjemalloc.2.dylib",
];
const OPENBLAS_PATHS = [
  "/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3",
  "/usr/lib/aarch64-linux-gnu/openblas-pthread/libblas.so.3",
  "/usr/lib64/libopenblas.so.0",
];
/** Keep freed pages instead of returning them: this VM kind maps fresh memory very slowly. */
export const JEMALLOC_CONF = "retain:true,dirty_decay_ms:-1,muzzy_decay_ms:-1";

/** No interpreter on this machine can `import torch` (the trainer's one hard dependency). */
export class PythonNotFoundError extends Error {
  readonly code = "torch_missing";
  constructor(
    /** Each interpreter tried and why it was refused. */
    readonly tried: ReadonlyArray<{ python: string; reason: string }>,
  ) {
    super(TORCH_MISSING_MESSAGE);
    this.name = "PythonNotFoundError";
  }
}

export interface PythonRuntime {
  /** Interpreter path or command name. */
  python: string;
  torchVersion: string;
  pythonVersion: string;
  /** Variables to add to the child's environment (LD_PRELOAD, MALLOC_CONF, thread counts, PYTHONPATH). */
  env: Record<string, string>;
  /** Missing speed-ups, in words (e.g. no jemalloc: training will be several times slower). */
  warnings: string[];
}

export interface FindPythonOptions {
  /** Environment to read GENRM_PYTHON/LD_PRELOAD from. Default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Threads for torch/OpenMP/BLAS. Default: all cores (os.availableParallelism()). */
  threads?: number;
  /** Ignore the cached lookup. */
  refresh?: boolean;
}

interface Probe {
  torch: string;
  python: string;
}

function probe(python: string, env: NodeJS.ProcessEnv): Promise<Probe> {
  const code = "import json, sys, torch; print(json.dumps({'torch': torch.__version__, 'python': sys.version.split()[0]}))";
  return new Promise((resolve, reject) => {
    const child = spawn(python, ["-c", code], { env: { ...env, PYTHONDONTWRITEBYTECODE: "1" }, stdio: ["ignore", "pipe", "pipe"], timeout: 120_000 });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.once("error", (e) => reject(new Error((e as NodeJS.ErrnoException).code === "ENOENT" ? "not found" : e.message)));
    child.once("close", (status) => {
      if (status !== 0) {
        const last = err.trim().split("\n").pop() ?? "";
        return reject(new Error(last || `exit ${status}`));
      }
      try {
        resolve(JSON.parse(out.trim().split("\n").pop()!) as Probe);
      } catch {
        reject(new Error(`unexpected output: ${out.slice(0, 200)}`));
      }
    });
  });
}

/** The extra environment for a trainer process (exported for callers that spawn Python themselves). */
export function trainerEnv(options: { env?: NodeJS.ProcessEnv; threads?: number } = {}): { env: Record<string, string>; warnings: string[] } {
  const base = options.env ?? process.env;
  const threads = String(options.threads ?? os.availableParallelism());
  const env: Record<string, string> = {
    PYTHONUNBUFFERED: "1", // progress lines must arrive as they are printed
    PYTHONDONTWRITEBYTECODE: "1",
    PYTHONPATH: [REPO_ROOT, base.PYTHONPATH].filter(Boolean).join(path.delimiter),
    OMP_NUM_THREADS: threads,
    OPENBLAS_NUM_THREADS: threads,
    MKL_NUM_THREADS: threads,
  };
  const warnings: string[] = [];
  const jemalloc = JEMALLOC_PATHS.find((p) => existsSync(p));
  if (jemalloc) {
    const preload = (base.LD_PRELOAD ?? "").split(/[: ]/).filter(Boolean);
    env.LD_PRELOAD = [jemalloc, ...preload.filter((p) => p !== jemalloc)].join(":");
    env.MALLOC_CONF = base.MALLOC_CONF ?? JEMALLOC_CONF;
  } else {
    warnings.push("jemalloc not found (Debian: apt-get install -y libjemalloc2): CPU training will be several times slower");
  }
  if (process.platform === "linux" && !OPENBLAS_PATHS.some((p) => existsSync(p))) {
    warnings.push("OpenBLAS not found (Debian: apt-get install -y libopenblas0-pthread): torch falls back to the slow reference BLAS");
  }
  return { env, warnings };
}

const cache = new Map<string, Promise<PythonRuntime>>();

/** Resolves the first interpreter that can `import torch`; rejects with PythonNotFoundError. */
export function findPython(options: FindPythonOptions = {}): Promise<PythonRuntime> {
  const env = options.env ?? process.env;
  const override = env.GENRM_PYTHON?.trim();
  const candidates = override ? [override] : ["/usr/bin/python3", "python3"];
  const key = `${candidates.join("|")}#${options.threads ?? ""}`;
  if (!options.refresh && cache.has(key)) return cache.get(key)!;
  const lookup = (async () => {
    const tried: Array<{ python: string; reason: string }> = [];
    for (const python of candidates) {
      if (path.isAbsolute(python) && !existsSync(python)) {
        tried.push({ python, reason: "not found" });
        continue;
      }
      try {
        const p = await probe(python, env);
        const { env: extra, warnings } = trainerEnv({ env, threads: options.threads });
        return { python, torchVersion: p.torch, pythonVersion: p.python, env: extra, warnings };
      } catch (e) {
        tried.push({ python, reason: (e as Error).message });
      }
    }
    throw new PythonNotFoundError(tried);
  })();
  cache.set(key, lookup);
  lookup.catch(() => cache.delete(key)); // a later install should be noticed without a restart
  return lookup;
}

// ---- running the trainer ---------------------------------------------------------------------------

/** `{"type":"progress",...}` lines of genrm/trainer (see genrm/trainer/README.md). */
export interface TrainerProgress {
  type: "progress";
  /** 1-based epoch in progress. */
  epoch: number;
  step: number;
  total_steps: number;
  /** Mean training loss since the previous progress line. */
  loss: number | null;
  val_loss?: number;
  val_accuracy?: number;
  ex_per_s: number;
  lr?: number;
}

/** The final `{"type":"metrics",...}` line (also written to <out_dir>/metrics.json). */
export interface TrainerMetrics {
  type: "metrics";
  kind: "tiny" | "lora";
  steps: number;
  total_steps: number;
  epochs: number;
  stopped_early: boolean;
  best_step: number;
  train_loss: number | null;
  val_loss?: number;
  val_accuracy?: number;
  /** [true verdict][predicted verdict], order better, same, worse. */
  val_confusion?: number[][];
  n_train: number;
  n_val: number;
  label_counts: Record<"better" | "same" | "worse", number>;
  ex_per_s: number;
  train_seconds: number;
  /** ||theta - theta_0|| / ||theta_0|| over the trained tensors. */
  weight_change: number;
  elapsed_s: number;
  out_dir: string;
  artifacts: string[];
  [key: string]: unknown;
}

export type TrainerEvent =
  | TrainerProgress
  | TrainerMetrics
  | { type: "checkpoint"; step: number; path: string }
  | { type: "halted"; step: number; total_steps: number }
  | { type: "error"; message: string }
  | { type: string; [key: string]: unknown };

export interface TrainerResult {
  /** Absent when the run halted early on purpose (--halt-after-steps); rerun with --resume. */
  metrics: TrainerMetrics | null;
  halted: boolean;
  /** stderr lines (the last `maxLogLines`). */
  logs: string[];
  runtime: PythonRuntime;
}

export class TrainerError extends Error {
  constructor(
    message: string,
    /** null when killed by a signal. */
    readonly exitCode: number | null,
    /** true for exit code 2: the data or config was refused; retrying will not help. */
    readonly badInput: boolean,
    readonly logs: string[],
  ) {
    super(message);
    this.name = "TrainerError";
  }
}

export interface RunPythonOptions {
  signal?: AbortSignal;
  /** Every JSON line (progress, checkpoint, metrics, error, ...). */
  onEvent?: (event: TrainerEvent) => void;
  /** Each stderr line as it arrives. */
  onLog?: (line: string) => void;
  /** Use this runtime instead of findPython(). */
  runtime?: PythonRuntime;
  /** Threads for findPython() (ignored with `runtime`). */
  threads?: number;
  /** Extra environment for the child. */
  env?: Record<string, string>;
  maxLogLines?: number;
  /** Milliseconds between SIGTERM and SIGKILL on abort. Default 5000. */
  killGraceMs?: number;
}

function splitLines(stream: NodeJS.ReadableStream, each: (line: string) => void, done: () => void): void {
  let buf = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    buf += chunk;
    let i: number;
    while ((i = buf.indexOf("\n")) >= 0) {
      each(buf.slice(0, i));
      buf = buf.slice(i + 1);
    }
  });
  stream.on("end", () => {
    if (buf) each(buf);
    done();
  });
}

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException("The operation was aborted", "AbortError");
}

/**
 * Runs `python -m <module> ...args` from the repository root and folds its stdout JSON lines into
 * events. Resolves with the events seen when it exits 0; rejects with TrainerError (the `error`
 * line's message) otherwise, or with the abort reason when `signal` fires (the child is killed).
 */
export async function runPythonModule(module: string, args: readonly string[], options: RunPythonOptions = {}): Promise<{ events: TrainerEvent[]; logs: string[]; runtime: PythonRuntime }> {
  const { signal, maxLogLines = 2000, killGraceMs = 5000 } = options;
  if (signal?.aborted) throw abortError(signal);
  const runtime = options.runtime ?? (await findPython({ threads: options.threads }));
  if (signal?.aborted) throw abortError(signal);
  const child = spawn(runtime.python, ["-m", module, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...runtime.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const events: TrainerEvent[] = [];
  const logs: string[] = [];
  let errorMessage: string | undefined;
  const log = (line: string) => {
    logs.push(line);
    if (logs.length > maxLogLines) logs.shift();
    options.onLog?.(line);
  };
  let killTimer: NodeJS.Timeout | undefined;
  const onAbort = () => {
    child.kill("SIGTERM");
    killTimer = setTimeout(() => child.kill("SIGKILL"), killGraceMs);
    killTimer.unref();
  };
  signal?.addEventListener("abort", onAbort, { once: true });

  let open = 2;
  const streamsDone = new Promise<void>((resolve) => {
    const done = () => --open === 0 && resolve();
    splitLines(
      child.stdout,
      (line) => {
        if (!line.trim()) return;
        let ev: TrainerEvent;
        try {
          ev = JSON.parse(line) as TrainerEvent;
        } catch {
          log(line); // a stray print: keep it as a log line rather than fail the run
          return;
        }
        if (ev.type === "error") errorMessage = String((ev as { message?: unknown }).message ?? "trainer error");
        events.push(ev);
        options.onEvent?.(ev);
      },
      done,
    );
    splitLines(child.stderr, log, done);
  });
  try {
    const [code, sig] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
      child.once("error", reject);
      child.once("close", (c, s) => resolve([c, s]));
    });
    await streamsDone;
    if (signal?.aborted) throw abortError(signal);
    if (code !== 0) {
      const tail = logs.filter((l) => l.trim()).slice(-3).join(" | ");
      const message = errorMessage ?? (sig ? `python ${module} was killed by ${sig}` : `python ${module} exited with code ${code}${tail ? `: ${tail}` : ""}`);
      throw new TrainerError(message, code, code === 2, logs);
    }
    return { events, logs, runtime };
  } finally {
    signal?.removeEventListener("abort", onAbort);
    if (killTimer) clearTimeout(killTimer);
  }
}

/**
 * Runs `python -m genrm.trainer.train <args>` (e.g. `["--data", f, "--out-dir", d, "--epochs", "3"]`),
 * streaming progress lines to `onProgress`. Resolves with the final metrics (null when halted on purpose).
 */
export async function runTrainer(args: readonly string[], onProgress?: (progress: TrainerProgress) => void, options: RunPythonOptions = {}): Promise<TrainerResult> {
  const { events, logs, runtime } = await runPythonModule("genrm.trainer.train", args, {
    ...options,
    onEvent: (ev) => {
      if (ev.type === "progress") onProgress?.(ev as TrainerProgress);
      options.onEvent?.(ev);
    },
  });
  const metrics = (events.find((e) => e.type === "metrics") as TrainerMetrics | undefined) ?? null;
  const halted = events.some((e) => e.type === "halted");
  if (!metrics && !halted) throw new TrainerError("the trainer exited without a metrics line", 0, false, logs);
  return { metrics, halted, logs, runtime };
}
