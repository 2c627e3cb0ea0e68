/**
 * The full ranking over every game played: Bradley-Terry MAP strengths with standard errors and
 * 95 % Laplace intervals. Near-equal strengths (|Δθ| ≤ 1e-9) fall back to a caller-given order.
 */

import { btData, type BtModel } from "./bt-model";
import { fitBradleyTerry } from "./fit-bradley-terry";
import { pointsFor } from "./score-game";
import type { EntrantId, Game } from "./types";

export interface RankedEntrant {
  rank: number;
  id: EntrantId;
  /** Bradley-Terry log-strength (prior mean 0). */
  strength: number;
  se: number;
  /** strength ± 1.96·se */
  lower: number;
  upper: number;
  played: number;
  points: number;
}

/**
 * @param fallbackOrder entrants in the order used to break exact strength ties (e.g. Swiss standings).
 * @param model the prior precision (games model) or the whole Bradley-Terry model (bt-model.ts).
 */
export function rankByBradleyTerry(
  fallbackOrder: readonly EntrantId[],
  games: readonly Game[],
  model: number | BtModel,
): RankedEntrant[] {
  const bt = btData(games, model);
  const fit = fitBradleyTerry(fallbackOrder, bt.games, bt.options);
  const rows = fallbackOrder.map((id, k): RankedEntrant & { order: number } => {
    const mine = games.filter((g) => g.a === id || g.b === id);
    return {
      rank: 0,
      id,
      order: k,
      strength: fit.theta[k],
      se: fit.se[k],
      lower: fit.theta[k] - 1.96 * fit.se[k],
      upper: fit.theta[k] + 1.96 * fit.se[k],
      played: mine.length,
      points: mine.reduce((s, g) => s + pointsFor(g, id), 0),
    };
  });
  rows.sort((x, y) => (Math.abs(x.strength - y.strength) > 1e-9 ? y.strength - x.strength : x.order - y.order));
  return rows.map(({ order: _order, ...r }, k) => ({ ...r, rank: k + 1 }));
}
