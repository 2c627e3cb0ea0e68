/**
 * Micro-batching: concurrent `judge` calls arriving within a short window (default 2 ms), or until
 * `maxBatch` items have gathered, are merged into one backend call and split back in order. At most
 * `maxConcurrency` backend calls run at once; items waiting beyond `maxQueue` are refused at once with
 * BackendError("overloaded") so the HTTP edge can answer 503 + Retry-After instead of hanging.
 * A failed backend call fails every caller whose items were in it.
 * Not here: caching (cache.ts) or retries (the backend's own business).
 */
import { BackendError, type JudgeBackend, type JudgeItem, type JudgeOptions, type JudgeOutput } from "./types";
import { DelegatingBackend } from "./delegating-backend";

export interface MicroBatchOptions {
  /** How long the first waiting call waits for company, in ms. Default 2. */
  windowMs?: number;
  /** Most items per backend call; a full batch leaves without waiting. Default 64. A single call larger than this is sent alone, unsplit. */
  maxBatch?: number;
  /** Most backend calls in flight. Default 4. */
  maxConcurrency?: number;
  /** Most items waiting (not yet sent). Beyond it, calls are rejected with "overloaded". Default 4096. */
  maxQueue?: number;
}

export interface MicroBatchStats {
  /** judge() calls accepted */
  calls: number;
  /** backend calls made */
  batches: number;
  /** judge() calls refused with "overloaded" */
  rejected: number;
}

interface Waiter {
  items: JudgeItem[];
  resolve: (probs: JudgeOutput[]) => void;
  reject: (err: unknown) => void;
  settled: boolean;
  cleanup: () => void;
}

export class MicroBatchBackend extends DelegatingBackend {
  readonly windowMs: number;
  readonly maxBatch: number;
  readonly maxConcurrency: number;
  readonly maxQueue: number;
  readonly stats: MicroBatchStats = { calls: 0, batches: 0, rejected: 0 };

  private queue: Waiter[] = [];
  private queuedItems = 0;
  private inFlight = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** The oldest waiting call has waited its window: send as soon as a slot is free. */
  private ready = false;
  private closed = false;

  constructor(inner: JudgeBackend, options: MicroBatchOptions = {}) {
    super(inner);
    this.windowMs = options.windowMs ?? 2;
    this.maxBatch = options.maxBatch ?? 64;
    this.maxConcurrency = options.maxConcurrency ?? 4;
    this.maxQueue = options.maxQueue ?? 4096;
    if (!(this.windowMs >= 0)) throw new RangeError("windowMs must be >= 0");
    for (const [k, v] of [["maxBatch", this.maxBatch], ["maxConcurrency", this.maxConcurrency], ["maxQueue", this.maxQueue]] as const) {
      if (!Number.isInteger(v) || v < 1) throw new RangeError(`${k} must be a positive integer`);
    }
  }

  /** Items accepted but not yet sent to the backend. */
  get queued(): number {
    return this.queuedItems;
  }
  /** Backend calls running now. */
  get running(): number {
    return this.inFlight;
  }

  judge(items: JudgeItem[], options?: JudgeOptions): Promise<JudgeOutput[]> {
    const signal = options?.signal;
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.closed) return Promise.reject(new BackendError("unreachable", "micro-batcher is closed"));
    if (items.length === 0) return Promise.resolve([]);
    if (items.length > this.maxQueue) {
      return Promise.reject(new BackendError("invalid_input", `a batch of ${items.length} items exceeds the queue bound ${this.maxQueue}`));
    }
    if (this.queuedItems + items.length > this.maxQueue) {
      this.stats.rejected++;
      return Promise.reject(new BackendError("overloaded", `judge queue full (${this.queuedItems} items waiting, bound ${this.maxQueue})`));
    }
    this.stats.calls++;
    return new Promise<JudgeOutput[]>((resolve, reject) => {
      const waiter: Waiter = { items, resolve, reject, settled: false, cleanup: () => undefined };
      if (signal) {
        const onAbort = () => {
          if (waiter.settled) return;
          const i = this.queue.indexOf(waiter);
          if (i >= 0) {
            this.queue.splice(i, 1);
            this.queuedItems -= waiter.items.length;
          }
          this.settle(waiter, undefined, signal.reason);
        };
        signal.addEventListener("abort", onAbort, { once: true });
        waiter.cleanup = () => signal.removeEventListener("abort", onAbort);
      }
      this.queue.push(waiter);
      this.queuedItems += items.length;
      this.pump();
    });
  }

  private settle(w: Waiter, probs: JudgeOutput[] | undefined, err?: unknown): void {
    if (w.settled) return;
    w.settled = true;
    w.cleanup();
    if (probs) w.resolve(probs);
    else w.reject(err);
  }

  /** Sends every batch that may leave now, and (re)arms the window for what remains. */
  private pump(): void {
    while (this.queue.length > 0 && this.inFlight < this.maxConcurrency && (this.ready || this.queuedItems >= this.maxBatch)) {
      void this.run(this.take());
    }
    if (this.queue.length === 0) {
      this.ready = false;
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
    } else if (!this.ready && !this.timer) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.ready = true;
        this.pump();
      }, this.windowMs);
    }
  }

  /** Whole calls, oldest first, up to maxBatch items (at least one call). */
  private take(): Waiter[] {
    const batch: Waiter[] = [];
    let n = 0;
    while (this.queue.length > 0) {
      const next = this.queue[0]!;
      if (batch.length > 0 && n + next.items.length > this.maxBatch) break;
      this.queue.shift();
      batch.push(next);
      n += next.items.length;
    }
    this.queuedItems -= n;
    return batch;
  }

  private async run(batch: Waiter[]): Promise<void> {
    this.inFlight++;
    this.stats.batches++;
    try {
      const items = batch.flatMap((w) => w.items);
      // Reasoning backends return their texts whatever the options say, so merged calls need not agree on them.
      const probs = await this.inner.judge(items);
      if (!Array.isArray(probs) || probs.length !== items.length) {
        throw new BackendError("bad_response", `backend returned ${Array.isArray(probs) ? probs.length : "no"} results for ${items.length} items`);
      }
      let offset = 0;
      for (const w of batch) {
        this.settle(w, probs.slice(offset, offset + w.items.length));
        offset += w.items.length;
      }
    } catch (err) {
      for (const w of batch) this.settle(w, undefined, err);
    } finally {
      this.inFlight--;
      this.pump();
    }
  }

  /** Refuses new calls, fails the waiting ones, then closes the inner backend. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const waiting = this.queue;
    this.queue = [];
    this.queuedItems = 0;
    for (const w of waiting) this.settle(w, undefined, new BackendError("unreachable", "micro-batcher closed"));
    await this.inner.close?.();
  }
}
