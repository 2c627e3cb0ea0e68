/**
 * Smoke test of `npm run bench:tournament` on a few trials: it runs, prints its table, and ends with the
 * one JSON line the bench contract asks for. (Its figures are measured by the bench itself, not here.)
 */

import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { toSwissConfig, tournamentConfigInput } from "../core/tournaments/tournament-config";
import { runSwissTournament, type SwissConfig } from "../tournaments/index";
import { policyFamily } from "./lib/tournament-family";
import { CONDITIONS, cachedDeterministicJudge } from "./lib/tournament-sim";

const root = fileURLToPath(new URL("..", import.meta.url));

describe("bench:tournament", () => {
  it("prints a table and a last JSON line with every method per condition and N", () => {
    const out = execFileSync(process.execPath, ["--import", "tsx", "bench/tournament.bench.ts", "--quick", "--trials", "12", "--workers", "2"], {
      cwd: root,
      encoding: "utf8",
    });
    const lines = out.trim().split("\n");
    expect(out).toMatch(/goal logit-nobias-wide N=8: default − round_robin = [+-]\d.*; best of the family [+-]\d/);
    const json = JSON.parse(lines[lines.length - 1]) as { results: { n: number; method: string; condition: string; judge_calls: number; top1: number }[] };
    const conditions = ["logit-nobias-wide", "logit-bias-narrow", "probit-nobias-narrow", "probit-bias-wide"];
    expect(json.results.map((r) => `${r.condition}:${r.n}:${r.method}`)).toEqual(
      conditions.flatMap((c) =>
        [8, 9].flatMap((n) => [...["round_robin", "default", "until_clear", "swiss"], ...(n === 8 ? ["best_of_family"] : [])].map((m) => `${c}:${n}:${m}`)),
      ),
    );
    // the family reference names the policy it reports, chosen from several
    for (const r of json.results.filter((x) => x.method === "best_of_family")) {
      expect(r).toHaveProperty("policy");
      expect((r as unknown as { family_size: number }).family_size).toBeGreaterThan(1);
      // and its pick is measured again on fresh trials
      expect((r as unknown as { held_out_trials: number }).held_out_trials).toBeGreaterThan(0);
      expect(r).toHaveProperty("held_out_diff_vs_rr");
    }
    // round robin asks every ordered pair once (the cache makes repeats free)
    for (const r of json.results.filter((x) => x.method === "round_robin")) expect(r.judge_calls).toBe(r.n * (r.n - 1));
    for (const r of json.results) {
      expect(r.top1).toBeGreaterThanOrEqual(0);
      expect(r.top1).toBeLessThanOrEqual(100);
      expect(r).toHaveProperty("judge_calls_max");
    }
    // the default mode (and the family reference) never spends more than a third of a round robin, on any prompt
    for (const r of json.results.filter((x) => x.method === "default" || x.method === "best_of_family")) {
      expect((r as unknown as { judge_calls_max: number }).judge_calls_max).toBeLessThanOrEqual(Math.floor((r.n * (r.n - 1)) / 3));
    }
  });
});

describe("bench:tournament's policy family", () => {
  it("has distinct members, the default first, and none asks more judgements than the budget", async () => {
    const budget = (n: number) => Math.floor((n * (n - 1)) / 3);
    const defaultDesign = (n: number, seed: string): SwissConfig => ({ ...toSwissConfig(tournamentConfigInput.parse({}), 1, "", n), seed });
    const family = policyFamily(defaultDesign, budget, 24, "v1");
    expect(family[0].name).toBe("default");
    expect(new Set(family.map((m) => m.name)).size).toBe(24);
    for (const n of [3, 8, 9]) {
      const strengths = new Map(Array.from({ length: n }, (_, i) => [`c${i}`, i / 2]));
      for (const m of family) {
        const judge = cachedDeterministicJudge(strengths, CONDITIONS[1], `family-${m.name}-${n}`);
        const r = await runSwissTournament([...strengths.keys()], judge, m.config(n, "seed"));
        expect(r.winner).not.toBeNull();
        if (n > 3) expect(judge.calls()).toBeLessThanOrEqual(budget(n));
      }
    }
  });
});
