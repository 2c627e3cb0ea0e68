/**
 * The Swiss tournament engine as a state machine over plain-JSON state:
 *   createTournament → (state.next = the round to play) → applyVerdicts → … → state.next === null.
 * Every round's judgements are one judge call. The state after each round is everything needed to
 * continue (PRNG included), so a run resumed from any saved state ends exactly like an uninterrupted one.
 * No I/O: the judge is passed in, and persistence is the caller's (onRound).
 */

import { DEFAULT_POSITION_BIAS_PRIOR, type BtModel } from "./bt-model";
import { computeStandings, pairKey } from "./compute-standings";
import { applyStage, initStage, planStage } from "./contender-stages";
import { TournamentError } from "./errors";
import { DEFAULT_PRIOR } from "./fit-bradley-terry";
import { pairSwissRound } from "./pair-swiss-round";
import { prepareEntrants } from "./prepare-entrants";
import { rankByBradleyTerry } from "./rank-by-bradley-terry";
import { Rng } from "./rng";
import { requestsForAll, scoreRound } from "./score-game";
import type {
  ContenderStageConfig,
  EntrantId,
  EntrantInput,
  Game,
  Judge,
  Pairing,
  PlannedRound,
  ResolvedSwissConfig,
  SwissConfig,
  TournamentState,
  VerdictProbs,
} from "./types";

/**
 * Default contender stage: N adaptive duels among all entrants, several per round for large N so the
 * judge still gets few, large batches. No rematches by default: a deterministic, cached GenRM returns
 * the same verdicts for a replayed pair (set `rematches: true` for a sampling judge).
 */
export function defaultContender(n: number): ContenderStageConfig[] {
  return n < 2 ? [] : [{ kind: "adaptive", maxGames: n, perRound: Math.max(1, Math.floor(n / 16)) }];
}

export function createTournament(entrants: readonly (EntrantId | EntrantInput)[], config: SwissConfig = {}): TournamentState {
  const rng = Rng.fromSeed(config.seed ?? 0);
  const prepared = prepareEntrants(entrants, config.initialOrder ?? "shuffle", rng);
  const resolved = resolveConfig(config, prepared.entrants.length);
  return advance({
    format: "swiss-tournament/v1",
    config: resolved,
    entrants: prepared.entrants,
    duplicates: prepared.duplicates,
    rng: rng.state(),
    rounds: [],
    swissRoundsPlayed: 0,
    swissStoppedEarly: false,
    contenderStages: [],
    next: null,
  });
}

/** Most Swiss rounds without a rematch (N−1 for even N; N for odd, each entrant one bye). */
export function maxSwissRounds(n: number): number {
  return n % 2 === 0 ? n - 1 : n;
}

export function defaultSwissRounds(n: number): number {
  return n <= 1 ? 0 : Math.ceil(Math.log2(n));
}

function resolveConfig(c: SwissConfig, n: number): ResolvedSwissConfig {
  const bad = (msg: string) => new TournamentError("invalid-config", msg);
  const isInt = (x: unknown, min: number) => typeof x === "number" && Number.isInteger(x) && x >= min;
  if (c.rounds !== undefined && !isInt(c.rounds, 0)) throw bad("rounds must be an integer >= 0");
  if (c.gameMode !== undefined && c.gameMode !== "both-orders" && c.gameMode !== "one-order") throw bad("gameMode must be both-orders or one-order");
  if (c.prior !== undefined && !(c.prior > 0 && Number.isFinite(c.prior))) throw bad("prior must be a finite number > 0");
  if (c.strengthModel !== undefined && c.strengthModel !== "games" && c.strengthModel !== "judgements") throw bad("strengthModel must be games or judgements");
  if (c.positionBiasPrior !== undefined && !(c.positionBiasPrior > 0 && Number.isFinite(c.positionBiasPrior))) {
    throw bad("positionBiasPrior must be a finite number > 0");
  }
  if (c.initialOrder !== undefined && c.initialOrder !== "shuffle" && c.initialOrder !== "given") throw bad("initialOrder must be shuffle or given");
  const contender = c.contender ?? defaultContender(n);
  for (const s of contender) {
    if (s.kind === "round-robin") {
      if (!isInt(s.top, 2) || (s.cycles !== undefined && !isInt(s.cycles, 1))) throw bad("round-robin stage: top >= 2, cycles >= 1");
    } else if (s.kind === "playoff") {
      if (!isInt(s.top, 2) || !isInt(s.bestOf, 1)) throw bad("playoff stage: top >= 2, bestOf >= 1");
    } else if (s.kind === "adaptive") {
      if (!isInt(s.maxGames, 0) || (s.top !== undefined && !isInt(s.top, 2)) || (s.perRound !== undefined && !isInt(s.perRound, 1))) {
        throw bad("adaptive stage: maxGames >= 0, top >= 2, perRound >= 1");
      }
      if (s.stopZ !== undefined && (typeof s.stopZ !== "number" || Number.isNaN(s.stopZ))) throw bad("adaptive stage: stopZ must be a number");
      if (s.stopRisk !== undefined && !(typeof s.stopRisk === "number" && s.stopRisk > 0 && Number.isFinite(s.stopRisk))) {
        throw bad("adaptive stage: stopRisk must be a finite number > 0");
      }
      if (s.rematches !== undefined && s.rematches !== true && s.rematches !== false && s.rematches !== "other-order") {
        throw bad("adaptive stage: rematches must be true, false or other-order");
      }
      if (s.select !== undefined && s.select !== "z" && s.select !== "expected-improvement") {
        throw bad("adaptive stage: select must be z or expected-improvement");
      }
    } else {
      throw bad(`unknown contender stage ${(s as { kind: unknown }).kind}`);
    }
  }
  return {
    seed: c.seed ?? 0,
    rounds: Math.min(c.rounds ?? defaultSwissRounds(n), maxSwissRounds(n)),
    gameMode: c.gameMode ?? "both-orders",
    contender: structuredClone(contender),
    prior: c.prior ?? DEFAULT_PRIOR,
    // only when on, so a default config's state is what it always was
    ...(c.strengthModel === "judgements"
      ? { strengthModel: "judgements" as const, positionBiasPrior: c.positionBiasPrior ?? DEFAULT_POSITION_BIAS_PRIOR }
      : {}),
    initialOrder: c.initialOrder ?? "shuffle",
  };
}

/** The Bradley-Terry model every fit of this tournament uses. */
export function btModelOf(config: ResolvedSwissConfig): BtModel {
  return config.strengthModel === "judgements"
    ? { prior: config.prior, strengthModel: "judgements", positionBiasPrior: config.positionBiasPrior ?? DEFAULT_POSITION_BIAS_PRIOR }
    : { prior: config.prior };
}

export function isFinished(state: TournamentState): boolean {
  return state.next === null;
}

/** Record the judge's verdicts (in `state.next.requests` order) and plan the following round. */
export function applyVerdicts(state: TournamentState, verdicts: readonly VerdictProbs[]): TournamentState {
  const plan = state.next;
  if (plan === null) throw new TournamentError("finished", "the tournament is finished");
  const games = scoreRound(plan.pairings, verdicts, plan.index, plan.stage === "swiss" ? "swiss" : "contender");
  const round = { index: plan.index, stage: plan.stage, ...(plan.stage === "contender" ? { contenderStage: plan.contenderStage } : {}), bye: plan.bye, games };
  const next: TournamentState = { ...state, rounds: [...state.rounds, round], rng: plan.rngAfter, next: null };
  if (plan.stage === "swiss") {
    next.swissRoundsPlayed = state.swissRoundsPlayed + 1;
  } else {
    const k = plan.contenderStage!;
    next.contenderStages = state.contenderStages.map((st, i) => (i === k ? applyStage(state.config.contender[k], st, games) : st));
  }
  return advance(next);
}

/** Play `state.next` with one judge call. */
export async function playNextRound(state: TournamentState, judge: Judge): Promise<TournamentState> {
  if (state.next === null) throw new TournamentError("finished", "the tournament is finished");
  const verdicts = await judge(state.next.requests);
  return applyVerdicts(state, verdicts);
}

export interface RunOptions {
  /** Called with the state after each finished round (persist it to resume later). */
  onRound?: (state: TournamentState) => void | Promise<void>;
}

/** Play rounds until the tournament is finished; returns the final state. */
export async function playToEnd(state: TournamentState, judge: Judge, options: RunOptions = {}): Promise<TournamentState> {
  assertTournamentState(state);
  let cur = state;
  while (cur.next !== null) {
    cur = await playNextRound(cur, judge);
    await options.onRound?.(cur);
  }
  return cur;
}

/** Light structural check of a state loaded from JSON. */
export function assertTournamentState(x: unknown): asserts x is TournamentState {
  const s = x as TournamentState;
  if (
    !s ||
    s.format !== "swiss-tournament/v1" ||
    !Array.isArray(s.entrants) ||
    !Array.isArray(s.rounds) ||
    !Array.isArray(s.rng) ||
    s.rng.length !== 4 ||
    typeof s.config !== "object"
  ) {
    throw new TournamentError("invalid-state", "not a swiss-tournament/v1 state");
  }
}

// ---------------------------------------------------------------------------------------------------

export function allGames(state: TournamentState): Game[] {
  return state.rounds.flatMap((r) => r.games);
}

export function swissGames(state: TournamentState): Game[] {
  return state.rounds.filter((r) => r.stage === "swiss").flatMap((r) => r.games);
}

export function swissByes(state: TournamentState): EntrantId[] {
  return state.rounds.filter((r) => r.stage === "swiss" && r.bye !== null).map((r) => r.bye!);
}

export function swissStandings(state: TournamentState) {
  return computeStandings({ entrants: state.entrants, games: swissGames(state), byes: swissByes(state), prior: btModelOf(state.config) });
}

/** Move through phases until there is a round to play (state.next) or nothing is left. */
function advance(input: TournamentState): TournamentState {
  const state = { ...input };
  const rng = new Rng(state.rng);
  for (;;) {
    const swissOpen =
      state.contenderStages.length === 0 && !state.swissStoppedEarly && state.swissRoundsPlayed < state.config.rounds;
    if (swissOpen) {
      const standings = swissStandings(state);
      const pairing = pairSwissRound({
        ranked: standings.map((s) => s.id),
        scores: new Map(standings.map((s) => [s.id, s.score])),
        played: new Set(swissGames(state).map((g) => pairKey(g.a, g.b))),
        hadBye: new Set(swissByes(state)),
        ...(state.config.gameMode === "one-order" ? { sideBalance: sideBalance(state) } : {}),
      });
      if (pairing === null) {
        state.swissStoppedEarly = true;
        continue;
      }
      const pairings = orient(pairing.pairs, state, rng);
      state.next = plan(state, "swiss", undefined, pairing.bye, pairings, rng);
      return state;
    }
    const k = state.contenderStages.length - 1;
    if (k >= 0) {
      const ctx = { entrants: state.entrants, games: allGames(state), model: btModelOf(state.config) };
      const { pairs, state: stage } = planStage(state.config.contender[k], state.contenderStages[k], ctx);
      if (pairs !== null && pairs.length > 0) {
        state.contenderStages = state.contenderStages.map((st, i) => (i === k ? stage : st));
        const cfg = state.config.contender[k];
        const otherOrder = cfg.kind === "adaptive" && cfg.rematches === "other-order";
        state.next = plan(state, "contender", k, null, orient(pairs, state, rng, otherOrder), rng);
        return state;
      }
    }
    if (state.contenderStages.length < state.config.contender.length) {
      const cfg = state.config.contender[state.contenderStages.length];
      const ranking = poolRanking(state, cfg.poolBy ?? "bradley-terry");
      state.contenderStages = [...state.contenderStages, initStage(cfg, ranking)];
      continue;
    }
    state.next = null;
    return state;
  }
}

function poolRanking(state: TournamentState, by: "standings" | "bradley-terry"): EntrantId[] {
  const standings = swissStandings(state).map((s) => s.id);
  if (by === "standings") return standings;
  return rankByBradleyTerry(standings, allGames(state), btModelOf(state.config)).map((r) => r.id);
}

function plan(
  state: TournamentState,
  stage: "swiss" | "contender",
  contenderStage: number | undefined,
  bye: EntrantId | null,
  pairings: Pairing[],
  rng: Rng,
): PlannedRound {
  return {
    index: state.rounds.length,
    stage,
    ...(contenderStage !== undefined ? { contenderStage } : {}),
    bye,
    pairings,
    requests: requestsForAll(pairings),
    rngAfter: rng.state(),
  };
}

/**
 * Who is shown first. Both-order games need no choice. One-order games: the entrant shown first less
 * often so far goes first; a tie is settled by the seeded PRNG. With `unjudgedOrder` (a stage whose
 * rematches are "other-order"), a pair already judged one way round is shown the other way.
 */
function orient(pairs: readonly [EntrantId, EntrantId][], state: TournamentState, rng: Rng, unjudgedOrder = false): Pairing[] {
  if (state.config.gameMode === "both-orders") return pairs.map(([a, b]) => ({ a, b, order: "both" }));
  const balance = sideBalance(state);
  const judged = unjudgedOrder ? new Set(allGames(state).flatMap((g) => g.judgements.map((j) => `${j.first}\u0000${j.second}`))) : null;
  return pairs.map(([a, b]) => {
    const ba = balance.get(a) ?? 0;
    const bb = balance.get(b) ?? 0;
    const abSeen = judged?.has(`${a}\u0000${b}`) ?? false;
    const baSeen = judged?.has(`${b}\u0000${a}`) ?? false;
    const aFirst = abSeen !== baSeen ? baSeen : ba !== bb ? ba < bb : rng.next() < 0.5;
    balance.set(aFirst ? a : b, (balance.get(aFirst ? a : b) ?? 0) + 1);
    balance.set(aFirst ? b : a, (balance.get(aFirst ? b : a) ?? 0) - 1);
    return { a, b, order: aFirst ? "ab" : "ba" };
  });
}

/** Per entrant: judgements shown first minus shown second, over every game so far. */
function sideBalance(state: TournamentState): Map<EntrantId, number> {
  const balance = new Map<EntrantId, number>();
  for (const g of allGames(state)) {
    for (const j of g.judgements) {
      balance.set(j.first, (balance.get(j.first) ?? 0) + 1);
      balance.set(j.second, (balance.get(j.second) ?? 0) - 1);
    }
  }
  return balance;
}
