import { afterEach, describe, expect, it } from "vitest";
import { DeterministicBackend } from "./backends/fake";
import { MicroBatchBackend } from "./microbatch";
import { BackendError, type JudgeBackend, type JudgeItem, type VerdictProbs } from "./types";

const item = (i: number): JudgeItem => ({ prompt: `p${i}`, reference: `r${i}`, candidate: `c${i}` });

/** A backend whose calls finish only when the test says so. */
function gatedBackend() {
  const calls: { items: JudgeItem[]; resolve: (p: VerdictProbs[]) => void; reject: (e: unknown) => void }[] = [];
  const backend: JudgeBackend = {
    kind: "gated",
    modelId: "m",
    templateVersion: "v1",
    judge: (items) => new Promise((resolve, reject) => calls.push({ items, resolve, reject })),
  };
  const answer = (k: number) => calls[k]!.resolve(calls[k]!.items.map((_, i) => ({ better: i / 100, same: 0, worse: 1 - i / 100 })));
  return { backend, calls, answer };
}

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

let open: MicroBatchBackend[] = [];
const make = (inner: JudgeBackend, opts = {}) => {
  const b = new MicroBatchBackend(inner, opts);
  open.push(b);
  return b;
};
afterEach(async () => {
  await Promise.all(open.map((b) => b.close().catch(() => undefined)));
  open = [];
});

describe("MicroBatchBackend", () => {
  it("merges concurrent calls within the window into one backend call and splits answers back in order", async () => {
    const inner = new DeterministicBackend();
    const mb = make(inner, { windowMs: 5 });
    const calls = [[item(1), item(2)], [item(3)], [item(4), item(5), item(6)]];
    const results = await Promise.all(calls.map((c) => mb.judge(c)));
    expect(inner.calls).toBe(1);
    expect(mb.stats.batches).toBe(1);
    const alone = await new DeterministicBackend().judge([1, 2, 3, 4, 5, 6].map(item));
    expect(results).toEqual([alone.slice(0, 2), alone.slice(2, 3), alone.slice(3)]);
  });

  it("sends separately when calls are further apart than the window", async () => {
    const inner = new DeterministicBackend();
    const mb = make(inner, { windowMs: 1 });
    await mb.judge([item(1)]);
    await tick(10);
    await mb.judge([item(2)]);
    expect(inner.calls).toBe(2);
  });

  it("sends a full batch at once without waiting for the window", async () => {
    const inner = new DeterministicBackend();
    const mb = make(inner, { windowMs: 10_000, maxBatch: 4 });
    const t0 = Date.now();
    const out = await Promise.all([mb.judge([item(1), item(2)]), mb.judge([item(3), item(4)])]);
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(inner.calls).toBe(1);
    expect(out.flat()).toHaveLength(4);
  });

  it("never puts more than maxBatch items in one call (whole calls are not split)", async () => {
    const seen: number[] = [];
    const inner: JudgeBackend = {
      kind: "spy",
      modelId: "m",
      templateVersion: "v1",
      judge: async (items) => (seen.push(items.length), items.map(() => ({ better: 1, same: 0, worse: 0 }))),
    };
    const mb = make(inner, { windowMs: 2, maxBatch: 5 });
    await Promise.all([3, 3, 3, 1, 4].map((n, k) => mb.judge(Array.from({ length: n }, (_, i) => item(10 * k + i)))));
    expect(seen.every((n) => n <= 5)).toBe(true);
    expect(seen.reduce((a, b) => a + b, 0)).toBe(14);
  });

  it("limits backend calls in flight and queues the rest", async () => {
    const { backend, calls, answer } = gatedBackend();
    const mb = make(backend, { windowMs: 0, maxBatch: 1, maxConcurrency: 2 });
    const ps = [1, 2, 3, 4].map((i) => mb.judge([item(i)]));
    await tick(5);
    expect(calls).toHaveLength(2);
    expect(mb.running).toBe(2);
    expect(mb.queued).toBe(2);
    answer(0);
    await tick(5);
    expect(calls).toHaveLength(3);
    answer(1);
    answer(2);
    await tick(5);
    answer(3);
    const out = await Promise.all(ps);
    expect(out).toHaveLength(4);
  });

  it("merges calls that queued while the backend was busy", async () => {
    const { backend, calls, answer } = gatedBackend();
    const mb = make(backend, { windowMs: 0, maxConcurrency: 1 });
    const first = mb.judge([item(0)]);
    await tick(5);
    const rest = [1, 2, 3].map((i) => mb.judge([item(i)]));
    await tick(5);
    expect(calls).toHaveLength(1);
    answer(0);
    await first;
    await tick(5);
    expect(calls).toHaveLength(2);
    expect(calls[1]!.items).toEqual([item(1), item(2), item(3)]);
    answer(1);
    await Promise.all(rest);
  });

  it("rejects immediately with BackendError(overloaded) when the queue is full", async () => {
    const { backend, calls, answer } = gatedBackend();
    const mb = make(backend, { windowMs: 0, maxBatch: 2, maxConcurrency: 1, maxQueue: 3 });
    const inflight = mb.judge([item(0), item(1)]);
    await tick(5);
    expect(calls).toHaveLength(1);
    const queued = mb.judge([item(2), item(3)]); // 2 waiting
    const t0 = Date.now();
    const err = await mb.judge([item(4), item(5)]).catch((e: unknown) => e); // 4 > 3
    expect(Date.now() - t0).toBeLessThan(50);
    expect(err).toBeInstanceOf(BackendError);
    expect((err as BackendError).code).toBe("overloaded");
    expect(mb.stats.rejected).toBe(1);
    const fits = mb.judge([item(6)]); // 3 ≤ 3 waiting: accepted
    expect(mb.queued).toBe(3);
    answer(0);
    await inflight;
    await tick(5);
    answer(1);
    await queued;
    await tick(5);
    answer(2);
    await expect(fits).resolves.toHaveLength(1);
  });

  it("propagates a failed backend call to every caller in that batch, and recovers", async () => {
    let fail = true;
    const inner: JudgeBackend = {
      kind: "flaky",
      modelId: "m",
      templateVersion: "v1",
      async judge(items) {
        if (fail) throw new BackendError("unreachable", "down");
        return items.map(() => ({ better: 0, same: 1, worse: 0 }));
      },
    };
    const mb = make(inner, { windowMs: 5 });
    const results = await Promise.allSettled([mb.judge([item(1)]), mb.judge([item(2)]), mb.judge([item(3)])]);
    for (const r of results) {
      expect(r.status).toBe("rejected");
      expect((r as PromiseRejectedResult).reason).toMatchObject({ code: "unreachable" });
    }
    fail = false;
    await expect(mb.judge([item(4)])).resolves.toEqual([{ better: 0, same: 1, worse: 0 }]);
  });

  it("fails every caller when the backend answers the wrong number of results", async () => {
    const inner: JudgeBackend = { kind: "short", modelId: "m", templateVersion: "v1", judge: async () => [] };
    const mb = make(inner, { windowMs: 2 });
    const rs = await Promise.allSettled([mb.judge([item(1)]), mb.judge([item(2)])]);
    expect(rs.map((r) => r.status)).toEqual(["rejected", "rejected"]);
  });

  it("returns [] for an empty call without touching the backend", async () => {
    const inner = new DeterministicBackend();
    const mb = make(inner);
    expect(await mb.judge([])).toEqual([]);
    expect(inner.calls).toBe(0);
  });

  it("lets a caller abort while queued without disturbing the others", async () => {
    const { backend, calls, answer } = gatedBackend();
    const mb = make(backend, { windowMs: 0, maxConcurrency: 1 });
    const first = mb.judge([item(0)]);
    await tick(5);
    const ctl = new AbortController();
    const aborted = mb.judge([item(1)], { signal: ctl.signal });
    const kept = mb.judge([item(2)]);
    ctl.abort(new Error("caller gave up"));
    await expect(aborted).rejects.toThrow("caller gave up");
    expect(mb.queued).toBe(1);
    answer(0);
    await first;
    await tick(5);
    expect(calls[1]!.items).toEqual([item(2)]);
    answer(1);
    await kept;
  });

  it("close() fails waiting calls and refuses new ones", async () => {
    const { backend } = gatedBackend();
    const mb = new MicroBatchBackend(backend, { windowMs: 0, maxConcurrency: 1 });
    void mb.judge([item(0)]).catch(() => undefined);
    await tick(5);
    const waiting = mb.judge([item(1)]);
    await mb.close();
    await expect(waiting).rejects.toMatchObject({ code: "unreachable" });
    await expect(mb.judge([item(2)])).rejects.toBeInstanceOf(BackendError);
  });
});
