/**
 * The adaptive contender stage: spend the remaining games where they can still change the winner.
 *
 * Each round: fit Bradley-Terry over every game so far; L = the pool member with the highest strength;
 * for every other pool member z_i = (θ_L − θ_i) / sd(θ_L − θ_i) says how clearly it trails L (z_L = 0).
 * `select` "z" (default): a pair's priority is z_i + z_j, so the leader against its closest challenger
 * comes first, then challenger against challenger; the `perRound` pairs with the lowest priority (below
 * `stopZ`) are played.
 * `select` "expected-improvement": the leader plays the `perRound` challengers (z_i below `stopZ`) with
 * the largest EI_i = E[(θ_i − θ_L)⁺] = sd_i·(φ(z_i) − z_i·Φ(−z_i)), sd_i = sd(θ_L − θ_i), under the
 * Laplace posterior. Unlike the smallest z (the likeliest upset), EI also rewards what is unknown: an
 * entrant that lost its only game early keeps a real chance of a replay, one that lost many does not.
 * Without rematches (a deterministic, cached judge gains nothing from replaying a pair) only
 * pairs that never met qualify. The stage ends after `maxGames` games, when no pair is below `stopZ`,
 * when the leader is clear (`stopRisk`: Σ_i Φ(−z_i) below it), or when no pair qualifies.
 */

import { pairKey } from "./compute-standings";
import { btData, type BtModel } from "./bt-model";
import { fitBradleyTerry, sdOfDifference } from "./fit-bradley-terry";
import type { AdaptiveStageConfig, EntrantId, Game } from "./types";

export interface AdaptiveContext {
  entrants: readonly EntrantId[];
  games: readonly Game[];
  model: BtModel;
}

export function planAdaptiveDuels(
  cfg: AdaptiveStageConfig,
  pool: readonly EntrantId[],
  gamesPlayed: number,
  ctx: AdaptiveContext,
  warmStart?: readonly number[],
): { pairs: [EntrantId, EntrantId][] | null; theta?: number[] } {
  const left = cfg.maxGames - gamesPlayed;
  if (left <= 0 || pool.length < 2) return { pairs: null };
  const bt = btData(ctx.games, ctx.model);
  const fit = fitBradleyTerry(ctx.entrants, bt.games, {
    ...bt.options,
    initial: warmStart?.length === ctx.entrants.length ? [...warmStart] : undefined,
  });
  const idx = new Map(ctx.entrants.map((id, k) => [id, k]));
  const members = pool.map((id) => idx.get(id)!);
  // Highest strength; exact ties go to the earlier pool member (pool order is deterministic).
  const L = members.reduce((best, i) => (fit.theta[i] > fit.theta[best] + 1e-12 ? i : best), members[0]);
  const z = new Map(members.map((i) => [i, i === L ? 0 : (fit.theta[L] - fit.theta[i]) / sdOfDifference(fit, L, i)]));
  if (cfg.stopRisk !== undefined && leaderRisk(z, L) < cfg.stopRisk) return { pairs: null };
  const played = cfg.rematches === true ? null : cfg.rematches === "other-order" ? fullyJudgedPairs(ctx.games) : new Set(ctx.games.map((g) => pairKey(g.a, g.b)));
  const stopZ = cfg.stopZ ?? Infinity;
  const want = Math.min(cfg.perRound ?? 1, left);
  if (cfg.select === "expected-improvement") {
    const challengers = members
      .map((i, order) => ({ i, order, z: z.get(i)! }))
      .filter(({ i, z: zi }) => i !== L && zi < stopZ && !played?.has(pairKey(ctx.entrants[L], ctx.entrants[i])))
      .map((c) => ({ ...c, ei: sdOfDifference(fit, L, c.i) * expectedExcess(-c.z) }))
      .sort((x, y) => (Math.abs(x.ei - y.ei) > 1e-12 ? y.ei - x.ei : x.order - y.order));
    const take = challengers.slice(0, want);
    // With "other-order" rematches, a leader who has met every challenger both ways hands over to the
    // z rule below (the challengers among themselves) instead of ending the stage with budget left.
    if (take.length > 0 || cfg.rematches !== "other-order") {
      if (take.length === 0) return { pairs: null };
      return { pairs: take.map(({ i }) => [ctx.entrants[L], ctx.entrants[i]]), theta: fit.theta };
    }
  }
  // Members by z; a pair that includes the k-th of them has priority ≥ its z, so only a prefix needs
  // enumerating: grow it until the `want` best pairs found cannot be beaten by a later member.
  const byZ = members
    .map((i, order) => ({ i, order }))
    .sort((x, y) => (Math.abs(z.get(x.i)! - z.get(y.i)!) > 1e-12 ? z.get(x.i)! - z.get(y.i)! : x.order - y.order));
  let pairs: { i: number; j: number; priority: number; order: number }[] = [];
  for (let m = Math.min(byZ.length, want + 2); ; m = Math.min(byZ.length, m * 2)) {
    pairs = [];
    for (let a = 0; a < m; a++) {
      for (let b = a + 1; b < m; b++) {
        const [i, j] = [byZ[a].i, byZ[b].i];
        if (played?.has(pairKey(ctx.entrants[i], ctx.entrants[j]))) continue;
        const priority = z.get(i)! + z.get(j)!;
        if (priority < stopZ) pairs.push({ i, j, priority, order: Math.min(byZ[a].order, byZ[b].order) * members.length + Math.max(byZ[a].order, byZ[b].order) });
      }
    }
    pairs.sort((x, y) => (Math.abs(x.priority - y.priority) > 1e-12 ? x.priority - y.priority : x.order - y.order));
    if (m === byZ.length || (pairs.length >= want && pairs[want - 1].priority < z.get(byZ[m].i)! - 1e-12)) break;
  }
  const take = pairs.slice(0, want);
  if (take.length === 0) return { pairs: null };
  return {
    // The stronger-looking one first: [a, b] with a the better-placed.
    pairs: take.map(({ i, j }) => (z.get(i)! <= z.get(j)! ? [ctx.entrants[i], ctx.entrants[j]] : [ctx.entrants[j], ctx.entrants[i]])),
    theta: fit.theta,
  };
}

/** Pairs judged in both orders (the pairKey of each): nothing new is left to ask a cached judge. */
export function fullyJudgedPairs(games: readonly Game[]): Set<string> {
  const orders = new Map<string, Set<string>>();
  for (const g of games) {
    for (const j of g.judgements) {
      const k = pairKey(j.first, j.second);
      const seen = orders.get(k) ?? new Set<string>();
      seen.add(j.first);
      orders.set(k, seen);
    }
  }
  return new Set([...orders].filter(([, firsts]) => firsts.size >= 2).map(([k]) => k));
}

/** Σ over the challengers of P(θ_i > θ_L) = Φ(−z_i): the expected number stronger than the leader. */
export function leaderRisk(z: ReadonlyMap<number, number>, leader: number): number {
  let risk = 0;
  for (const [i, zi] of z) if (i !== leader) risk += normalCdf(-zi);
  return risk;
}

/** E[(X − 0)⁺] / sd for X ~ Normal(m·sd, sd²), i.e. φ(m) + m·Φ(m) (m = mean in sds, here −z ≤ 0). */
function expectedExcess(m: number): number {
  return normalPdf(m) + m * normalCdf(m);
}

function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
}

/** Φ(x) via erfc (Numerical Recipes' Chebyshev fit, relative error < 1.2e-7). */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  const erfc =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? 1 - erfc / 2 : erfc / 2;
}
