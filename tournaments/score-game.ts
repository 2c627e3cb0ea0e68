/**
 * Turning judgements into games: which requests a pairing needs, and the debiased 1/½/0 score.
 * The only place that knows how a verdict distribution maps to points.
 */

import { TournamentError } from "./errors";
import type { Game, GameStage, Judgement, JudgeRequest, Pairing, Points, VerdictProbs } from "./types";

const EPS = 1e-9;

export function normaliseVerdict(v: VerdictProbs): VerdictProbs {
  const { better, same, worse } = v ?? ({} as VerdictProbs);
  for (const x of [better, same, worse]) {
    if (typeof x !== "number" || !Number.isFinite(x) || x < 0) {
      throw new TournamentError("invalid-verdicts", `verdict probabilities must be finite and >= 0: ${JSON.stringify(v)}`);
    }
  }
  const sum = better + same + worse;
  if (sum <= 0) throw new TournamentError("invalid-verdicts", "verdict probabilities sum to 0");
  return { better: better / sum, same: same / sum, worse: worse / sum };
}

export function mirrorVerdict(v: VerdictProbs): VerdictProbs {
  return { better: v.worse, same: v.same, worse: v.better };
}

/** better → 1, worse → 0, same or a better/worse tie at the top → ½. */
export function pointsOf(v: VerdictProbs): Points {
  if (v.better > v.worse + EPS && v.better >= v.same - EPS) return 1;
  if (v.worse > v.better + EPS && v.worse >= v.same - EPS) return 0;
  return 0.5;
}

export function requestsFor(p: Pairing): JudgeRequest[] {
  if (p.order === "both") return [{ first: p.a, second: p.b }, { first: p.b, second: p.a }];
  if (p.order === "ab") return [{ first: p.a, second: p.b }];
  return [{ first: p.b, second: p.a }];
}

export function requestsForAll(pairings: readonly Pairing[]): JudgeRequest[] {
  return pairings.flatMap(requestsFor);
}

/** The verdict about `a` vs `b` from one judgement, whichever was shown first. */
function fromA(j: Judgement, a: string): VerdictProbs {
  return j.first === a ? j.verdict : mirrorVerdict(j.verdict);
}

export function scoreGame(a: string, b: string, judgements: Judgement[], round: number, stage: GameStage): Game {
  const views = judgements.map((j) => normaliseVerdict(fromA(j, a)));
  const probs: VerdictProbs = {
    better: views.reduce((s, v) => s + v.better, 0) / views.length,
    same: views.reduce((s, v) => s + v.same, 0) / views.length,
    worse: views.reduce((s, v) => s + v.worse, 0) / views.length,
  };
  const consistent = views.every((v) => pointsOf(v) === pointsOf(views[0]));
  return {
    a,
    b,
    round,
    stage,
    judgements,
    probs,
    pointsA: pointsOf(probs),
    expectedA: probs.better + probs.same / 2,
    consistent,
  };
}

/**
 * Split one round's verdicts (in request order) back into games. Throws on a count mismatch or a
 * malformed distribution so a broken backend never silently scores a game.
 */
export function scoreRound(
  pairings: readonly Pairing[],
  verdicts: readonly VerdictProbs[],
  round: number,
  stage: GameStage,
): Game[] {
  const requests = requestsForAll(pairings);
  if (!Array.isArray(verdicts) || verdicts.length !== requests.length) {
    throw new TournamentError(
      "invalid-verdicts",
      `judge returned ${Array.isArray(verdicts) ? verdicts.length : "no array of"} verdicts for ${requests.length} requests`,
    );
  }
  let k = 0;
  return pairings.map((p) => {
    const js: Judgement[] = requestsFor(p).map((r) => ({ ...r, verdict: normaliseVerdict(verdicts[k++]) }));
    return scoreGame(p.a, p.b, js, round, stage);
  });
}

/** Points of `id` in a game it played. */
export function pointsFor(g: Game, id: string): number {
  return g.a === id ? g.pointsA : 1 - g.pointsA;
}

export function opponentIn(g: Game, id: string): string {
  return g.a === id ? g.b : g.a;
}
