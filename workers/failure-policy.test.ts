import { UnrecoverableError } from "bullmq";
import { describe, expect, it, vi } from "vitest";
import { AppError } from "@core/errors";
import { decideFailure, failJob } from "./failure-policy";

const job = (attemptsMade: number, attempts: number) => ({ id: "j1", name: "x", attemptsMade, opts: { attempts } });
const noLog = () => undefined;

describe("one failure policy for every job", () => {
  it("input that can never succeed is unrecoverable; passing trouble retries", () => {
    for (const code of ["Invalid", "NotFound", "Forbidden", "Conflict", "Unprocessable", "TooLarge"] as const) expect(decideFailure(new AppError(code, "x"))).toBe("unrecoverable");
    for (const code of ["Unavailable", "RateLimited"] as const) expect(decideFailure(new AppError(code, "x"))).toBe("retry");
    expect(decideFailure(new Error("ECONNRESET"))).toBe("retry");
    expect(decideFailure(new UnrecoverableError("x"))).toBe("unrecoverable");
  });

  it("a permanent error on the first of three attempts: final hook, UnrecoverableError for BullMQ", async () => {
    const hooks = { onRetry: vi.fn(async () => undefined), onFinalFailure: vi.fn(async () => undefined) };
    const thrown = await failJob(job(0, 3), { id: "row" }, new AppError("Unprocessable", "no labels"), hooks, noLog).catch((e) => e);
    expect(thrown).toBeInstanceOf(UnrecoverableError);
    expect(thrown.message).toBe("no labels");
    expect(hooks.onRetry).not.toHaveBeenCalled();
    expect(hooks.onFinalFailure).toHaveBeenCalledWith({ id: "row" }, { message: "no labels", attempt: 1, maxAttempts: 3, permanent: true });
  });

  it("a passing error retries (retry hook) until the last attempt (final hook), rethrown as is", async () => {
    const hooks = { onRetry: vi.fn(async () => undefined), onFinalFailure: vi.fn(async () => undefined) };
    const err = new Error("backend down");
    expect(await failJob(job(0, 3), {}, err, hooks, noLog).catch((e) => e)).toBe(err);
    expect(hooks.onRetry).toHaveBeenCalledTimes(1);
    expect(await failJob(job(2, 3), {}, err, hooks, noLog).catch((e) => e)).toBe(err);
    expect(hooks.onFinalFailure).toHaveBeenCalledWith({}, { message: "backend down", attempt: 3, maxAttempts: 3, permanent: false });
  });

  it("a failing hook is logged and never hides the job's own error", async () => {
    const logged: string[] = [];
    const err = new AppError("NotFound", "gone");
    const thrown = await failJob(job(0, 1), {}, err, { onFinalFailure: async () => Promise.reject(new Error("db down")) }, (m) => logged.push(m)).catch((e) => e);
    expect(thrown.message).toBe("gone");
    expect(logged).toEqual(["failure hook failed"]);
  });

  it("handlers call core and nothing else (no Prisma in workers/handlers)", async () => {
    const { readdirSync, readFileSync } = await import("node:fs");
    const dir = new URL("./handlers/", import.meta.url);
    for (const f of readdirSync(dir).filter((n) => n.endsWith(".ts") && !n.includes(".test."))) {
      const src = readFileSync(new URL(f, dir), "utf8");
      expect(src, f).not.toMatch(/@core\/db\/client|\bdb\(\)|UnrecoverableError|catch \(/);
    }
  });
});
