/**
 * What Tournament.standings holds: the engine's read model (Swiss standings with tie-breaks, the
 * Bradley-Terry ranking, contender stages) plus the app's own facts about the prompt (answers excluded
 * as empty, duplicates, why no reference was written). Written after every round so the prompt page
 * shows live standings, and once more when the tournament finishes. Pure.
 */
import type { ContenderSummary, DuplicateEntrant, Game, RankedEntrant, Standing, TournamentState } from "../../tournaments/index";
import { getTournamentResult, mirrorVerdict } from "../../tournaments/index";
import type { Prisma } from "../db/client";
import type { UndecidedReason } from "./decide-reference";
import type { Duplicate, Excluded } from "./prepare-prompt-entrants";

export type TournamentOutcome =
  /** Games were played (or are being played). */
  | "played"
  /** One distinct non-empty answer: it is the reference without games. */
  | "single"
  /** No answer had text: no reference. */
  | "no-answers"
  /** The judge refused this prompt's items (e.g. too long for the model): no reference. */
  | "failed";

export interface TournamentResultDoc {
  outcome: TournamentOutcome;
  /** A sentence for people: why there is no reference, or what was special. */
  note: string | null;
  finished: boolean;
  standings: Standing[];
  ranking: RankedEntrant[];
  contender: ContenderSummary[];
  duplicates: (DuplicateEntrant | Duplicate)[];
  excluded: Excluded[];
  swissRoundsPlayed: number;
  swissStoppedEarly: boolean;
  games: number;
  judgements: number;
  /** Finished games: P(the winner is the best) under the final fit (absent in older documents). */
  confidence?: number | null;
  /** Finished games: every judgement was a draw. */
  allDraws?: boolean;
  /** Set once finished (decide-reference.ts): whether the winner is too unsure to be a silent reference. */
  undecided?: boolean;
  undecidedReason?: UndecidedReason | null;
  /** Undecided under "wait-for-human": no reference was written for it. */
  waitsForHuman?: boolean;
  /** Set when the winner did not become the reference because a human override stands. */
  keptOverride?: { referenceResponseId: string; setBy: string | null };
}

export function resultDocFromState(state: TournamentState, excluded: Excluded[]): TournamentResultDoc {
  const r = getTournamentResult(state);
  return {
    outcome: "played",
    note: null,
    finished: r.finished,
    standings: r.standings,
    ranking: r.ranking,
    contender: r.contender,
    duplicates: r.duplicates,
    excluded,
    swissRoundsPlayed: r.swissRoundsPlayed,
    swissStoppedEarly: r.swissStoppedEarly,
    games: r.games,
    judgements: r.judgeCalls,
    ...(r.finished ? { confidence: r.confidence, allDraws: r.allDraws } : {}),
  };
}

export function resultDocWithoutGames(
  outcome: Exclude<TournamentOutcome, "played">,
  note: string,
  excluded: Excluded[],
  duplicates: Duplicate[],
): TournamentResultDoc {
  return {
    outcome,
    note,
    finished: true,
    standings: [],
    ranking: [],
    contender: [],
    duplicates,
    excluded,
    swissRoundsPlayed: 0,
    swissStoppedEarly: false,
    games: 0,
    judgements: 0,
  };
}

/** A played game as a Game row: both verdicts from a's point of view (b-first mirrored). */
export function gameRow(tournamentId: string, g: Game) {
  const ab = g.judgements.find((j) => j.first === g.a);
  const ba = g.judgements.find((j) => j.first === g.b);
  return {
    tournamentId,
    round: g.round,
    stage: g.stage === "swiss" ? "swiss" : "contender",
    aId: g.a,
    bId: g.b,
    verdictAb: ab ? ({ ...ab.verdict } as Prisma.InputJsonObject) : undefined,
    verdictBa: ba ? ({ ...mirrorVerdict(ba.verdict) } as Prisma.InputJsonObject) : undefined,
    scoreA: g.pointsA,
  };
}

export function readResultDoc(json: unknown): TournamentResultDoc | null {
  if (!json || typeof json !== "object" || !("outcome" in json)) return null;
  return json as TournamentResultDoc;
}
