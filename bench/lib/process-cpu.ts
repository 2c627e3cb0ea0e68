/**
 * CPU time read from Linux's /proc, for benches: a process with all its descendants (a judge service of
 * several node:cluster processes is one server), and the whole machine's busy time (servers, load
 * generator, Postgres, Redis together). Clock ticks (USER_HZ, 100 on Linux) → µs.
 */
import { readFileSync } from "node:fs";

const TICK_US = 10_000;

/** The direct children of `pid`. */
export function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function ownTicks(pid: number): number {
  try {
    // Fields after the command (which may hold spaces, so split after its closing parenthesis): utime is 14th, stime 15th.
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

/** User + system CPU of `pid` and its live descendants, µs. */
export function treeCpuUs(pid: number): number {
  let ticks = 0;
  const stack = [pid];
  while (stack.length > 0) {
    const p = stack.pop()!;
    ticks += ownTicks(p);
    stack.push(...childPids(p));
  }
  return ticks * TICK_US;
}

/** Busy CPU time of the whole machine since boot (all cores; everything but idle and iowait), µs. */
export function machineBusyUs(): number {
  const [, ...ticks] = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/);
  const n = ticks.map(Number);
  const idle = (n[3] ?? 0) + (n[4] ?? 0);
  return (n.reduce((a, b) => a + b, 0) - idle) * TICK_US;
}
