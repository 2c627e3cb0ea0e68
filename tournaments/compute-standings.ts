/**
 * Standings with tie-breaks, in order: score, direct encounter, Buchholz cut-1, Sonneborn-Berger,
 * Bradley-Terry strength, then pairing number (seed). Values follow FIDE C.07 with two documented
 * simplifications:
 * - a bye scores 1 point but contributes 0 (no opponent) to Buchholz and Sonneborn-Berger; Buchholz
 *   cut-1 drops the lowest contribution, which is then the bye (FIDE cuts unplayed rounds first);
 * - direct encounter is used only when every pair of the entrants tied on score has met; it is then
 *   each one's points in the games among them, otherwise null (not applicable).
 */

import { btData, type BtModel } from "./bt-model";
import { fitBradleyTerry } from "./fit-bradley-terry";
import { opponentIn, pointsFor } from "./score-game";
import type { EntrantId, Game } from "./types";

export interface Standing {
  rank: number;
  id: EntrantId;
  /** Pairing number (1 = top seed). */
  seed: number;
  score: number;
  played: number;
  wins: number;
  draws: number;
  losses: number;
  byes: number;
  directEncounter: number | null;
  buchholzCut1: number;
  sonnebornBerger: number;
  /** Bradley-Terry log-strength over the games given, with its standard error. */
  strength: number;
  strengthSe: number;
}

export interface StandingsInput {
  /** In pairing-number order. */
  entrants: readonly EntrantId[];
  games: readonly Game[];
  /** Entrants that received a bye, one entry per bye. */
  byes: readonly EntrantId[];
  /** Bradley-Terry prior precision, or the whole model (bt-model.ts) for the strength tie-break. */
  prior: number | BtModel;
}

const STRENGTH_EPS = 1e-9;

export function computeStandings({ entrants, games, byes, prior }: StandingsInput): Standing[] {
  const rows = new Map<EntrantId, Standing>();
  entrants.forEach((id, k) =>
    rows.set(id, {
      rank: 0,
      id,
      seed: k + 1,
      score: 0,
      played: 0,
      wins: 0,
      draws: 0,
      losses: 0,
      byes: 0,
      directEncounter: null,
      buchholzCut1: 0,
      sonnebornBerger: 0,
      strength: 0,
      strengthSe: 0,
    }),
  );
  const row = (id: EntrantId) => rows.get(id)!;
  for (const id of byes) {
    row(id).byes++;
    row(id).score += 1;
  }
  for (const g of games) {
    for (const id of [g.a, g.b]) {
      const r = row(id);
      const p = pointsFor(g, id);
      r.played++;
      r.score += p;
      if (p === 1) r.wins++;
      else if (p === 0) r.losses++;
      else r.draws++;
    }
  }
  // Buchholz cut-1 and Sonneborn-Berger over final scores.
  for (const r of rows.values()) {
    const contributions: number[] = new Array<number>(r.byes).fill(0);
    for (const g of games) {
      if (g.a !== r.id && g.b !== r.id) continue;
      const oppScore = row(opponentIn(g, r.id)).score;
      contributions.push(oppScore);
      r.sonnebornBerger += pointsFor(g, r.id) * oppScore;
    }
    if (contributions.length > 0) {
      r.buchholzCut1 = contributions.reduce((s, x) => s + x, 0) - Math.min(...contributions);
    }
  }
  // Direct encounter within each score group.
  const groups = new Map<number, EntrantId[]>();
  for (const r of rows.values()) groups.set(r.score, [...(groups.get(r.score) ?? []), r.id]);
  for (const ids of groups.values()) {
    if (ids.length < 2) continue;
    const members = new Set(ids);
    const met = new Set<string>();
    const pts = new Map<EntrantId, number>(ids.map((id) => [id, 0]));
    for (const g of games) {
      if (!members.has(g.a) || !members.has(g.b)) continue;
      met.add(pairKey(g.a, g.b));
      pts.set(g.a, pts.get(g.a)! + g.pointsA);
      pts.set(g.b, pts.get(g.b)! + 1 - g.pointsA);
    }
    if (met.size === (ids.length * (ids.length - 1)) / 2) {
      for (const id of ids) row(id).directEncounter = pts.get(id)!;
    }
  }
  const bt = btData(games, prior);
  const fit = fitBradleyTerry(entrants, bt.games, bt.options);
  fit.ids.forEach((id, k) => {
    row(id).strength = fit.theta[k];
    row(id).strengthSe = fit.se[k];
  });
  const sorted = [...rows.values()].sort(compareStandings);
  sorted.forEach((r, k) => (r.rank = k + 1));
  return sorted;
}

export function compareStandings(x: Standing, y: Standing): number {
  if (x.score !== y.score) return y.score - x.score;
  if (x.directEncounter !== null && y.directEncounter !== null && x.directEncounter !== y.directEncounter) {
    return y.directEncounter - x.directEncounter;
  }
  if (x.buchholzCut1 !== y.buchholzCut1) return y.buchholzCut1 - x.buchholzCut1;
  if (x.sonnebornBerger !== y.sonnebornBerger) return y.sonnebornBerger - x.sonnebornBerger;
  if (Math.abs(x.strength - y.strength) > STRENGTH_EPS) return y.strength - x.strength;
  return x.seed - y.seed;
}

export function pairKey(a: EntrantId, b: EntrantId): string {
  return a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
}
