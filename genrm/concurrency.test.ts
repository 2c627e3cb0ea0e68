import { describe, expect, it } from "vitest";
import { Semaphore, sleep } from "./concurrency";

describe("Semaphore", () => {
  it("never lets more than `limit` tasks run at once, and runs them all", async () => {
    const sem = new Semaphore(3);
    let now = 0;
    let peak = 0;
    const done = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        sem.run(async () => {
          peak = Math.max(peak, ++now);
          await sleep(1 + (i % 3));
          now--;
          return i;
        }),
      ),
    );
    expect(peak).toBe(3);
    expect(done).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(sem.inUse).toBe(0);
  });

  it("frees the slot when a task throws", async () => {
    const sem = new Semaphore(1);
    await expect(sem.run(async () => Promise.reject(new Error("x")))).rejects.toThrow("x");
    await expect(sem.run(async () => 1)).resolves.toBe(1);
  });
});

describe("sleep", () => {
  it("rejects with the abort reason", async () => {
    const ctl = new AbortController();
    const p = sleep(10_000, ctl.signal);
    ctl.abort(new Error("stop"));
    await expect(p).rejects.toThrow("stop");
  });
});
