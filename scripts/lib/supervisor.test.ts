/** The supervisor with real (tiny) child processes: crash → restart with back-off; stopAll → nothing restarts. */
import { spawn } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import type { ProcessEvent } from "../../core/status/platform-processes";
import type { Spawned } from "./platform";
import { backoffDelay, Supervisor } from "./supervisor";

function idleChild(): Spawned {
  const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000); process.on('SIGTERM', () => process.exit(0))"], { stdio: "ignore" });
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  return {
    child,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

const until = async (ok: () => boolean, ms: number, what: string) => {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

let sup: Supervisor | null = null;
afterEach(async () => {
  await sup?.stopAll();
  sup = null;
});

describe("backoffDelay", () => {
  it("doubles from the initial delay up to the cap", () => {
    const o = { initialMs: 1000, maxMs: 30_000, resetAfterMs: 60_000 };
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => backoffDelay(n, o))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
  });
});

describe("Supervisor", () => {
  it("restarts a killed child after the back-off while the others keep running, and reports it", async () => {
    const events: ProcessEvent[] = [];
    sup = new Supervisor({ backoff: { initialMs: 150, maxMs: 1000, resetAfterMs: 60_000 }, onEvent: (e) => events.push(e) });
    sup.add("workers", idleChild);
    sup.add("web", idleChild);
    const firstWorker = sup.current("workers")!.child.pid!;
    const web = sup.current("web")!.child.pid!;

    process.kill(firstWorker, "SIGKILL");
    await until(() => events.some((e) => e.kind === "crashed"), 5000, "the crash");
    const crash = events.find((e) => e.kind === "crashed")!;
    expect(crash).toMatchObject({ name: "workers", pid: firstWorker, signal: "SIGKILL", restartInMs: 150 });
    expect(sup.records().find((r) => r.name === "workers")).toMatchObject({ state: "restarting", restarts: 1, lastExit: { signal: "SIGKILL" } });

    await until(() => sup!.records().find((r) => r.name === "workers")!.state === "running", 5000, "the restart");
    expect(sup.current("workers")!.child.pid).not.toBe(firstWorker);
    expect(sup.current("web")!.child.pid).toBe(web); // untouched

    // A second crash in a row waits twice as long.
    process.kill(sup.current("workers")!.child.pid!, "SIGKILL");
    await until(() => events.filter((e) => e.kind === "crashed").length === 2, 5000, "the second crash");
    expect(events.filter((e) => e.kind === "crashed")[1]!.restartInMs).toBe(300);
  });

  it("stopAll stops every child gracefully and cancels a pending restart", async () => {
    const events: ProcessEvent[] = [];
    sup = new Supervisor({ backoff: { initialMs: 300, maxMs: 1000, resetAfterMs: 60_000 }, onEvent: (e) => events.push(e) });
    sup.add("workers", idleChild);
    sup.add("judge", idleChild);
    const judge = sup.current("judge")!.child;
    process.kill(sup.current("workers")!.child.pid!, "SIGKILL");
    await until(() => events.some((e) => e.kind === "crashed"), 5000, "the crash");
    await sup.stopAll();
    expect(judge.exitCode !== null || judge.signalCode === "SIGTERM").toBe(true); // asked to stop, and gone
    await new Promise((r) => setTimeout(r, 500));
    expect(events.filter((e) => e.kind === "started")).toHaveLength(2); // the pending restart never happened
    expect(sup.records().map((r) => r.state)).toEqual(["stopped", "stopped"]);
  });
});
