/**
 * Smoke test of `npm run bench:tournament` on a few trials: it runs, prints its table, and ends with the
 * one JSON line the bench contract asks for. (Its figures are measured by the bench itself, not here.)
 */

import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));

describe("bench:tournament", () => {
  it("prints a table and a last JSON line with every method per N", () => {
    const out = execFileSync(process.execPath, ["--import", "tsx", "bench/tournament.bench.ts", "--trials", "24", "--n", "8,9", "--workers", "2"], {
      cwd: root,
      encoding: "utf8",
    });
    const lines = out.trim().split("\n");
    expect(out).toMatch(/goal N=8: ours − round_robin = [+-]\d/);
    const json = JSON.parse(lines[lines.length - 1]) as { results: { n: number; method: string; judge_calls: number; top1: number }[] };
    expect(json.results.map((r) => `${r.n}:${r.method}`)).toEqual(
      [8, 9].flatMap((n) => ["round_robin", "swiss", "single_elim", "ours"].map((m) => `${n}:${m}`)),
    );
    const rr = json.results.find((r) => r.n === 8 && r.method === "round_robin")!;
    expect(rr.judge_calls).toBe(56);
    for (const r of json.results) {
      expect(r.top1).toBeGreaterThanOrEqual(0);
      expect(r.top1).toBeLessThanOrEqual(100);
      expect(r).toHaveProperty("judge_calls_max");
    }
    // ours never spends more than its cap: 2.2 × ⌊N(N−1)/3⌋
    for (const n of [8, 9]) {
      const ours = json.results.find((r) => r.n === n && r.method === "ours") as unknown as { judge_calls_max: number };
      expect(ours.judge_calls_max).toBeLessThanOrEqual(Math.floor(2.2 * Math.floor((n * (n - 1)) / 3)));
    }
  });
});
