/**
 * Public types of the tournament engine: the judge abstraction, games, configs and the serialisable
 * state. Pure types only; everything here is plain JSON so a worker can persist it per round.
 */

import type { RngState } from "./rng";

export type EntrantId = string;

/** An entrant; entrants with the same `key` (e.g. a hash of the answer text) are judged once. */
export interface EntrantInput {
  id: EntrantId;
  key?: string;
}

/** One judgement: is the answer shown `first` better than, the same as, or worse than `second`? */
export interface JudgeRequest {
  first: EntrantId;
  second: EntrantId;
}

/**
 * A distribution over the GenRM's verdict tokens about `first` relative to `second` (same shape as
 * genrm's VerdictProbs). Need not be normalised; it is normalised on receipt. A deterministic judge may
 * return one-hot values.
 */
export interface VerdictProbs {
  better: number;
  same: number;
  worse: number;
}

/**
 * The judge: called once per round with every judgement of that round so a backend can batch them.
 * Returns one distribution per request, in request order.
 */
export type Judge = (requests: readonly JudgeRequest[]) => Promise<readonly VerdictProbs[]>;

/** "both-orders": a game is two judgements (a first, then b first) debiased by averaging the mirrored
 * verdicts. "one-order": a game is one judgement; who is shown first is balanced per entrant. */
export type GameMode = "both-orders" | "one-order";

export type Points = 0 | 0.5 | 1;

/** What a Bradley-Terry observation is: a game (default; its points) or a judgement (its points for
 * the entrant shown first, with a shown-first advantage estimated too). See bt-model.ts. */
export type StrengthModel = "games" | "judgements";

export interface Judgement {
  first: EntrantId;
  second: EntrantId;
  verdict: VerdictProbs;
}

/** A played game; every number is from `a`'s point of view. */
export interface Game {
  a: EntrantId;
  b: EntrantId;
  /** Index of the round (over the whole tournament, 0-based) the game was played in. */
  round: number;
  stage: GameStage;
  judgements: Judgement[];
  /** Debiased distribution for "a is better than b" (both orders averaged, b-first verdict mirrored). */
  probs: VerdictProbs;
  /** Argmax of `probs` (better → 1, same → ½, worse → 0; better = worse → ½). */
  pointsA: Points;
  /** Expected points p(better) + ½ p(same): the soft score. */
  expectedA: number;
  /** Both-order games: whether the two orders' argmax verdicts agree after mirroring. */
  consistent: boolean;
}

export type GameStage = "swiss" | "contender" | "round-robin" | "elimination";

/** A game to be played: `order` "both" for both-order games, otherwise who is shown first. */
export interface Pairing {
  a: EntrantId;
  b: EntrantId;
  order: "both" | "ab" | "ba";
}

// ---------------------------------------------------------------------------------------------------
// Contender stage configs.

/** Which ranking picks a contender stage's pool: the Swiss standings (with tie-breaks) or a
 * Bradley-Terry fit over every game played so far. */
export type PoolBy = "standings" | "bradley-terry";

/** Each pair of the top `top` plays once (per cycle); pairs already played are skipped unless
 * `rematches` (useless with a deterministic, cached judge: it returns the same verdicts). */
export interface RoundRobinStageConfig {
  kind: "round-robin";
  top: number;
  cycles?: number;
  rematches?: boolean;
  poolBy?: PoolBy;
}

/** Single-elimination bracket among the top `top` (seeded 1 vs k, byes to top seeds), each match a
 * best-of-`bestOf` series, one game per live series per round. A series tied after `bestOf` games goes
 * to the higher seed. */
export interface PlayoffStageConfig {
  kind: "playoff";
  top: number;
  bestOf: number;
  poolBy?: PoolBy;
}

/**
 * Adaptive duels: each round, fit Bradley-Terry over all games; z_i = (θ_L − θ_i)/sd says how clearly
 * pool member i trails the leader L (z_L = 0). `select` "z" (default): play the `perRound` pairs with
 * the smallest z_i + z_j (leader vs closest challenger first, then challenger vs challenger).
 * "expected-improvement": the leader against the `perRound` challengers with the largest
 * E[(θ_i − θ_L)⁺] = sd·(φ(−z_i) − z_i·Φ(−z_i)), which weighs how close a challenger is against how
 * little is known about it. Stops after `maxGames` games or when no pair is below `stopZ` (the pair's
 * z_i + z_j). Spends games on close contests only (see plan-adaptive-duels.ts).
 */
export interface AdaptiveStageConfig {
  kind: "adaptive";
  /** Pool size (default: every entrant). */
  top?: number;
  maxGames: number;
  perRound?: number;
  stopZ?: number;
  /**
   * Stop once the leader is clear: when risk = Σ_i Φ(−z_i) over the other pool members (the expected
   * number of them stronger than the leader under the Laplace posterior; a bound on P(the leader is not
   * the best)) falls below this. Unlike `stopZ` it grows with the pool, so one value suits N = 8 and 64.
   * With it, `maxGames` is a cap and the games a tournament spends vary: clear fields stop early, close
   * ones get more.
   */
  stopRisk?: number;
  select?: "z" | "expected-improvement";
  /**
   * Default false: only pairs that never met (a cached deterministic judge gains nothing from a replay).
   * "other-order" (one-order games): a pair judged in one order may play once more, shown the other way
   * round — new information even from a cached deterministic judge, spent where a duel is close.
   */
  rematches?: boolean | "other-order";
  poolBy?: PoolBy;
}

export type ContenderStageConfig = RoundRobinStageConfig | PlayoffStageConfig | AdaptiveStageConfig;

export interface SwissConfig {
  /** PRNG seed; default 0. */
  seed?: number | string;
  /** Swiss rounds; default ⌈log2 N⌉; capped at the most rounds a no-rematch Swiss can have. */
  rounds?: number;
  gameMode?: GameMode;
  /** Stages after the Swiss rounds, run in order; default defaultContender(N) (N adaptive duels).
   * `[]` = none (plain Swiss). */
  contender?: ContenderStageConfig[];
  /** Precision of the Gaussian prior on Bradley-Terry log-strengths (keeps the MLE finite). Default 0.1
   * (nearly flat); 1 matches log-strengths ~ Normal(0, 1). */
  prior?: number;
  /** What a Bradley-Terry observation is, in every fit: "games" (default) or "judgements" (one per
   * judgement, with the judge's shown-first advantage estimated; the natural choice for one-order games). */
  strengthModel?: StrengthModel;
  /** "judgements" model: precision of the Gaussian prior (mean 0) on the shown-first advantage; default 1. */
  positionBiasPrior?: number;
  /** "shuffle" (default): pairing numbers are a seeded shuffle of the ids sorted, so the listing order of
   * the input does not matter. "given": the input order is the seeding (1 = first). */
  initialOrder?: "shuffle" | "given";
}

export interface ResolvedSwissConfig {
  seed: number | string;
  rounds: number;
  gameMode: GameMode;
  contender: ContenderStageConfig[];
  prior: number;
  /** Absent in states saved before it existed: read as "games". */
  strengthModel?: StrengthModel;
  positionBiasPrior?: number;
  initialOrder: "shuffle" | "given";
}

// ---------------------------------------------------------------------------------------------------
// Serialisable engine state.

export interface RoundRecord {
  index: number;
  stage: "swiss" | "contender";
  /** Index into config.contender for contender rounds. */
  contenderStage?: number;
  bye: EntrantId | null;
  games: Game[];
}

export interface RoundRobinStageState {
  kind: "round-robin";
  pool: EntrantId[];
  cyclesPlayed: number;
}

export interface PlayoffSeries {
  a: EntrantId;
  b: EntrantId | null; // null = bye
  pointsA: number;
  pointsB: number;
  games: number;
  winner: EntrantId | null;
}

export interface PlayoffStageState {
  kind: "playoff";
  pool: EntrantId[];
  bracketRound: number;
  series: PlayoffSeries[];
  champion: EntrantId | null;
}

export interface AdaptiveStageState {
  kind: "adaptive";
  pool: EntrantId[];
  gamesPlayed: number;
  /** Bradley-Terry strengths from the last plan (entrants order): the next fit's warm start. */
  warmStart?: number[];
}

export type ContenderStageState = RoundRobinStageState | PlayoffStageState | AdaptiveStageState;

export interface PlannedRound {
  index: number;
  stage: "swiss" | "contender";
  contenderStage?: number;
  bye: EntrantId | null;
  pairings: Pairing[];
  /** Exactly what the judge will be asked, in order. */
  requests: JudgeRequest[];
  /** PRNG state after planning (side choices); becomes the state's rng once the round is applied. */
  rngAfter: RngState;
}

export interface DuplicateEntrant {
  id: EntrantId;
  /** The entrant with the same key that plays for it. */
  sameAs: EntrantId;
}

export interface TournamentState {
  format: "swiss-tournament/v1";
  config: ResolvedSwissConfig;
  /** Entrants that play (duplicates collapsed), in pairing-number order. */
  entrants: EntrantId[];
  duplicates: DuplicateEntrant[];
  rng: RngState;
  rounds: RoundRecord[];
  swissRoundsPlayed: number;
  /** True when the Swiss stage ended before `config.rounds` because no rematch-free pairing existed. */
  swissStoppedEarly: boolean;
  contenderStages: ContenderStageState[];
  /** The next round to play; null once the tournament is finished. */
  next: PlannedRound | null;
}
