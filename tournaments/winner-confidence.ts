/**
 * How sure the final ranking is of its winner: P(the winner is the strongest) under the Laplace
 * posterior of the same Bradley-Terry fit that ranks the entrants. With z_i = (θ_W − θ_i)/sd(θ_W − θ_i)
 * for every other entrant i, confidence = Π_i Φ(z_i). The differences θ_W − θ_i share θ_W and so are
 * positively correlated, for which the product is a lower bound on P(all > 0) (Slepian): a cautious
 * figure, and 1 − Σ_i Φ(−z_i) (the stop rule's risk) is a lower bound on it in turn.
 * `allDraws`: every judgement said "same" — the games say nothing about which answer is better.
 */

import { btData, type BtModel } from "./bt-model";
import { fitBradleyTerry, sdOfDifference } from "./fit-bradley-terry";
import { normalCdf } from "./plan-adaptive-duels";
import { pointsOf } from "./score-game";
import type { EntrantId, Game } from "./types";

export interface WinnerConfidence {
  /** P(winner is the best) under the fit, in [0, 1]; 1 with a single entrant. */
  confidence: number;
  /** Games were played and every judgement was a draw. */
  allDraws: boolean;
}

export function winnerConfidence(entrants: readonly EntrantId[], winner: EntrantId, games: readonly Game[], model: number | BtModel): WinnerConfidence {
  const allDraws = games.length > 0 && games.every((g) => g.judgements.every((j) => pointsOf(j.verdict) === 0.5));
  const w = entrants.indexOf(winner);
  if (entrants.length < 2 || w < 0) return { confidence: entrants.length < 2 ? 1 : 0, allDraws };
  const bt = btData(games, model);
  const fit = fitBradleyTerry(entrants, bt.games, bt.options);
  let confidence = 1;
  for (let i = 0; i < entrants.length; i++) {
    if (i !== w) confidence *= normalCdf((fit.theta[w] - fit.theta[i]) / sdOfDifference(fit, w, i));
  }
  return { confidence, allDraws };
}
