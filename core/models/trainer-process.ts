/**
 * How core/ starts the Python trainer: through genrm/python.ts (interpreter lookup, allocator
 * settings, JSON-lines events), plus the job bookkeeping that file leaves to us — finding and stopping
 * a trainer orphaned by a killed worker before a retry resumes from the same checkpoint.
 */
import { readdirSync, readFileSync } from "node:fs";
import { findPython, PythonNotFoundError, runTrainer, TrainerError, TORCH_MISSING_MESSAGE, type TrainerEvent, type TrainerMetrics } from "../../genrm/python";
import { unprocessable } from "../errors";

export { PythonNotFoundError, TORCH_MISSING_MESSAGE };

/** Resolves the interpreter (cached); rejects with PythonNotFoundError and an install hint. */
export async function locateTorchPython(): Promise<string> {
  return (await findPython()).python;
}

export interface TrainerOutcome {
  metrics: TrainerMetrics | null;
  halted: boolean;
  warnings: string[];
}

export interface TrainerHooks {
  onEvent?(ev: Record<string, unknown>): void;
  onLog?(line: string): void;
  signal?: AbortSignal;
}


export async function runTrainerProcess(flags: string[], hooks: TrainerHooks = {}): Promise<TrainerOutcome> {
  try {
    const r = await runTrainer(flags, undefined, {
      signal: hooks.signal,
      onLog: hooks.onLog,
      onEvent: (ev: TrainerEvent) => hooks.onEvent?.(ev as Record<string, unknown>),
      maxLogLines: 200,
    });
    return { metrics: r.metrics, halted: r.halted, warnings: r.runtime.warnings };
  } catch (e) {
    // The trainer refused its data or configuration (exit code 2): retrying cannot help.
    if (e instanceof TrainerError && e.badInput) throw unprocessable(`The trainer refused the input: ${e.message}`);
    throw e;
  }
}

/**
 * SIGKILLs trainers still writing into `outDir` (a worker killed mid-job leaves its Python child
 * running until its next write to the closed pipe). Matched by command line, so an unrelated process
 * that reused a pid is never touched. Returns the pids stopped.
 */
export function killOrphanTrainers(outDir: string): number[] {
  const killed: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    let args: string[];
    try {
      args = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0");
    } catch {
      continue; // gone, or not ours to read
    }
    const at = args.indexOf("--out-dir");
    if (!args.includes("genrm.trainer.train") || at < 0 || args[at + 1] !== outDir) continue;
    try {
      process.kill(Number(entry), "SIGKILL");
      killed.push(Number(entry));
    } catch {
      /* exited meanwhile */
    }
  }
  return killed;
}
