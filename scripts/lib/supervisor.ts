/**
 * Keeps `npm start`'s child processes up: a child that exits without being asked to (a crash, an
 * out-of-memory kill) is started again after a back-off delay (1 s, 2 s, 4 s … up to 30 s; back to 1 s
 * once a child has stayed up for a minute), while the others keep serving. Every start, crash and stop is
 * reported through `onEvent` (the terminal, and the Redis record the status page reads).
 * stopAll() stops every child gracefully (SIGTERM, SIGKILL after 15 s) and cancels pending restarts.
 * Not here: what the children are (platform.ts spawns them) or where events go (the caller decides).
 */
import type { ProcessEvent, ProcessRecord } from "../../core/status/platform-processes";
import type { Spawned } from "./platform";

export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  /** A child up this long counts as healthy again: the next crash restarts after `initialMs`. */
  resetAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 1000, maxMs: 30_000, resetAfterMs: 60_000 };

/** Delay before restart number `crashesInARow` (1-based). */
export function backoffDelay(crashesInARow: number, o: BackoffOptions = DEFAULT_BACKOFF): number {
  return Math.min(o.maxMs, o.initialMs * 2 ** Math.max(0, crashesInARow - 1));
}

interface Child {
  name: string;
  start: () => Spawned;
  current: Spawned | null;
  record: ProcessRecord;
  crashesInARow: number;
  startedAtMs: number;
  timer: ReturnType<typeof setTimeout> | null;
}

export interface SupervisorOptions {
  onEvent?: (event: ProcessEvent, records: ProcessRecord[]) => void;
  backoff?: BackoffOptions;
}

export class Supervisor {
  private readonly children = new Map<string, Child>();
  private stopping = false;
  private readonly backoff: BackoffOptions;

  constructor(private readonly opts: SupervisorOptions = {}) {
    this.backoff = opts.backoff ?? DEFAULT_BACKOFF;
  }

  /** Starts `start()` now and again after every crash until stopAll(). */
  add(name: string, start: () => Spawned): void {
    if (this.children.has(name)) throw new Error(`a process named ${name} is already supervised`);
    const child: Child = {
      name,
      start,
      current: null,
      crashesInARow: 0,
      startedAtMs: 0,
      timer: null,
      record: { name, state: "starting", pid: null, restarts: 0, startedAt: null, lastExit: null, restartAt: null },
    };
    this.children.set(name, child);
    this.launch(child);
  }

  /** The child process running now under `name` (tests kill it to simulate a crash). */
  current(name: string): Spawned | null {
    return this.children.get(name)?.current ?? null;
  }

  records(): ProcessRecord[] {
    return [...this.children.values()].map((c) => ({ ...c.record }));
  }

  private emit(event: ProcessEvent): void {
    this.opts.onEvent?.(event, this.records());
  }

  private launch(child: Child): void {
    child.timer = null;
    if (this.stopping) return;
    const spawned = child.start();
    child.current = spawned;
    child.startedAtMs = Date.now();
    const pid = spawned.child.pid ?? null;
    Object.assign(child.record, { state: "running", pid, startedAt: new Date().toISOString(), restartAt: null });
    this.emit({ at: new Date().toISOString(), name: child.name, kind: "started", pid });
    spawned.child.once("exit", (code, signal) => this.exited(child, spawned, code, signal));
  }

  private exited(child: Child, spawned: Spawned, code: number | null, signal: NodeJS.Signals | null): void {
    if (child.current !== spawned) return;
    child.current = null;
    const at = new Date().toISOString();
    child.record.lastExit = { at, code, signal };
    child.record.pid = null;
    if (this.stopping) {
      child.record.state = "stopped";
      this.emit({ at, name: child.name, kind: "stopped", pid: spawned.child.pid ?? null, code, signal });
      return;
    }
    if (Date.now() - child.startedAtMs >= this.backoff.resetAfterMs) child.crashesInARow = 0;
    child.crashesInARow++;
    child.record.restarts++;
    const delay = backoffDelay(child.crashesInARow, this.backoff);
    child.record.state = "restarting";
    child.record.restartAt = new Date(Date.now() + delay).toISOString();
    this.emit({ at, name: child.name, kind: "crashed", pid: spawned.child.pid ?? null, code, signal, restartInMs: delay });
    child.timer = setTimeout(() => this.launch(child), delay);
  }

  /** Stops every child (graceful, then forced) and every pending restart. */
  async stopAll(): Promise<void> {
    this.stopping = true;
    for (const c of this.children.values()) {
      if (c.timer) clearTimeout(c.timer);
      c.timer = null;
      if (!c.current) c.record.state = "stopped";
    }
    await Promise.all([...this.children.values()].map((c) => c.current?.stop()));
  }
}
