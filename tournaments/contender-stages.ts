/**
 * Contender stages: what is played among the leaders after the Swiss rounds. Each kind is three pure
 * functions over plain-JSON stage state: init (pick the pool), plan (the next round's pairs, or null
 * when the stage is over) and apply (record a finished round). No judging and no I/O here.
 */

import { bracketOrder } from "./bracket-order";
import type { BtModel } from "./bt-model";
import { pairKey } from "./compute-standings";
import { planAdaptiveDuels } from "./plan-adaptive-duels";
import type {
  ContenderStageConfig,
  ContenderStageState,
  EntrantId,
  Game,
  PlayoffSeries,
  PlayoffStageConfig,
  PlayoffStageState,
} from "./types";

export interface StageContext {
  /** Every entrant that plays, in pairing-number order. */
  entrants: readonly EntrantId[];
  /** Every game played so far, all stages. */
  games: readonly Game[];
  model: BtModel;
}

/** Start a stage: its pool is the top of `ranking` (best first). */
export function initStage(cfg: ContenderStageConfig, ranking: readonly EntrantId[]): ContenderStageState {
  const size = cfg.kind === "adaptive" ? (cfg.top ?? ranking.length) : cfg.top;
  const pool = ranking.slice(0, Math.min(size, ranking.length));
  switch (cfg.kind) {
    case "round-robin":
      return { kind: "round-robin", pool, cyclesPlayed: 0 };
    case "adaptive":
      return { kind: "adaptive", pool, gamesPlayed: 0 };
    case "playoff":
      return settlePlayoff({ kind: "playoff", pool, bracketRound: 0, series: firstBracketRound(pool), champion: null });
  }
}

/** The pairs to play next, [a, b] with a the better-placed, or null when the stage is over; plus the
 * stage state to keep with the plan (the adaptive stage caches its fit there). */
export function planStage(
  cfg: ContenderStageConfig,
  st: ContenderStageState,
  ctx: StageContext,
): { pairs: [EntrantId, EntrantId][] | null; state: ContenderStageState } {
  if (cfg.kind === "round-robin" && st.kind === "round-robin") {
    if (st.cyclesPlayed >= (cfg.cycles ?? 1) || st.pool.length < 2) return { pairs: null, state: st };
    const played = playedPairs(ctx.games);
    const pairs: [EntrantId, EntrantId][] = [];
    for (let i = 0; i < st.pool.length; i++) {
      for (let j = i + 1; j < st.pool.length; j++) {
        if (cfg.rematches || !played.has(pairKey(st.pool[i], st.pool[j]))) pairs.push([st.pool[i], st.pool[j]]);
      }
    }
    return { pairs: pairs.length > 0 ? pairs : null, state: st };
  }
  if (cfg.kind === "playoff" && st.kind === "playoff") {
    if (st.champion !== null) return { pairs: null, state: st };
    return { pairs: st.series.filter((s) => s.winner === null).map((s) => [s.a, s.b!]), state: st };
  }
  if (cfg.kind === "adaptive" && st.kind === "adaptive") {
    const { pairs, theta } = planAdaptiveDuels(cfg, st.pool, st.gamesPlayed, ctx, st.warmStart);
    return { pairs, state: theta ? { ...st, warmStart: theta } : st };
  }
  throw new Error(`contender stage state ${st.kind} does not match config ${cfg.kind}`);
}

export function applyStage(cfg: ContenderStageConfig, st: ContenderStageState, games: readonly Game[]): ContenderStageState {
  switch (st.kind) {
    case "round-robin":
      return { ...st, cyclesPlayed: st.cyclesPlayed + 1 };
    case "adaptive":
      return { ...st, gamesPlayed: st.gamesPlayed + games.length };
    case "playoff": {
      const bestOf = (cfg as PlayoffStageConfig).bestOf;
      const series = st.series.map((s) => {
        const g = games.find((x) => (x.a === s.a && x.b === s.b) || (x.a === s.b && x.b === s.a));
        if (!g || s.winner !== null) return s;
        const pa = g.a === s.a ? g.pointsA : 1 - g.pointsA;
        return decideSeries({ ...s, pointsA: s.pointsA + pa, pointsB: s.pointsB + (1 - pa), games: s.games + 1 }, bestOf, st.pool);
      });
      return settlePlayoff({ ...st, series });
    }
  }
}

export function playedPairs(games: readonly Game[]): Set<string> {
  return new Set(games.map((g) => pairKey(g.a, g.b)));
}

// ---------------------------------------------------------------------------------------------------
// Playoff bracket.

function firstBracketRound(pool: readonly EntrantId[]): PlayoffSeries[] {
  if (pool.length < 2) return pool.map((a) => ({ a, b: null, pointsA: 0, pointsB: 0, games: 0, winner: a }));
  let size = 1;
  while (size < pool.length) size *= 2;
  const order = bracketOrder(size);
  const series: PlayoffSeries[] = [];
  for (let k = 0; k < order.length; k += 2) {
    const a = pool[order[k] - 1];
    const b = order[k + 1] <= pool.length ? pool[order[k + 1] - 1] : null;
    series.push({ a, b, pointsA: 0, pointsB: 0, games: 0, winner: b === null ? a : null });
  }
  return series;
}

function decideSeries(s: PlayoffSeries, bestOf: number, pool: readonly EntrantId[]): PlayoffSeries {
  const remaining = bestOf - s.games;
  if (Math.abs(s.pointsA - s.pointsB) > remaining) return { ...s, winner: s.pointsA > s.pointsB ? s.a : s.b };
  if (remaining <= 0) {
    // Level after bestOf games: the higher seed goes through.
    return { ...s, winner: pool.indexOf(s.a) < pool.indexOf(s.b!) ? s.a : s.b };
  }
  return s;
}

/** Advance through bracket rounds that are fully decided (byes), until something is left to play. */
function settlePlayoff(st: PlayoffStageState): PlayoffStageState {
  let cur = st;
  while (cur.champion === null && cur.series.every((s) => s.winner !== null)) {
    const winners = cur.series.map((s) => s.winner!);
    if (winners.length === 1) return { ...cur, champion: winners[0] };
    const next: PlayoffSeries[] = [];
    for (let k = 0; k < winners.length; k += 2) {
      next.push({ a: winners[k], b: winners[k + 1], pointsA: 0, pointsB: 0, games: 0, winner: null });
    }
    cur = { ...cur, bracketRound: cur.bracketRound + 1, series: next };
  }
  return cur;
}
