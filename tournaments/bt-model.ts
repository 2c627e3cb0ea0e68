/**
 * How played games become Bradley-Terry data: the one place every fit (Swiss tie-break, contender pools,
 * adaptive planning, final ranking) gets its observations from.
 *
 * - "games" (default): one observation per game, its points (1/½/0) for a; the shown-first bias is
 *   ignored (a both-order game cancels it by design; a one-order game carries it).
 * - "judgements": one observation per judgement, its points (1/½/0) for the entrant shown first, with a
 *   shared shown-first advantage h estimated alongside the strengths (Gaussian prior, precision
 *   `positionBiasPrior`): logit P(first better) = θ_first − θ_second + h. The right likelihood for
 *   one-order games, and it counts a both-order game as the two judgements it is (so `prior` means the
 *   same thing whatever the game mode).
 */

import type { BtGame, BtOptions } from "./fit-bradley-terry";
import { pointsOf } from "./score-game";
import type { Game, StrengthModel } from "./types";

export const DEFAULT_POSITION_BIAS_PRIOR = 1;

export interface BtModel {
  /** Precision of the Gaussian prior on log-strengths. */
  prior: number;
  strengthModel?: StrengthModel;
  /** "judgements" only: precision of the Gaussian prior on the shown-first advantage (default 1). */
  positionBiasPrior?: number;
}

/** A bare prior (number) means the default "games" model with that prior. */
export function asBtModel(model: number | BtModel): BtModel {
  return typeof model === "number" ? { prior: model } : model;
}

/** Bradley-Terry observations and fit options for `games` under `model`. */
export function btData(games: readonly Game[], model: number | BtModel): { games: BtGame[]; options: BtOptions } {
  const m = asBtModel(model);
  if ((m.strengthModel ?? "games") === "games") {
    return { games: games.map((g) => ({ a: g.a, b: g.b, scoreA: g.pointsA })), options: { prior: m.prior } };
  }
  return {
    games: games.flatMap((g) =>
      g.judgements.map((j): BtGame => ({ a: j.first, b: j.second, scoreA: pointsOf(j.verdict), advantage: 1 })),
    ),
    options: { prior: m.prior, advantagePrior: m.positionBiasPrior ?? DEFAULT_POSITION_BIAS_PRIOR },
  };
}
