/**
 * The knobs of a tournament run (stored in TournamentRun.config) and their translation into the pure
 * engine's SwissConfig. One documented place for every knob; the start form and the seed use it.
 */
import { z } from "zod";
import type { SwissConfig } from "../../tournaments/index";

/** The engine supports 2–64 entrants per tournament (one prompt's distinct, non-empty answers). */
export const MAX_ENTRANTS = 64;

const int = (what: string) => z.number({ error: `${what} must be a number` }).int(`${what} must be a whole number`);

export const contenderInput = z.discriminatedUnion(
  "kind",
  [
    /** The product's default design (defaultModeConfig below): one one-order Swiss round, then duels
     * until the leader is clear, both orders for close pairs. */
    z.object({ kind: z.literal("default") }).strict(),
    /** Swiss rounds only, then the Bradley-Terry ranking. */
    z.object({ kind: z.literal("none") }).strict(),
    /** Every pair of the top k plays (pairs already met in the Swiss rounds are not replayed). */
    z.object({ kind: z.literal("round-robin"), top: int("contender.top").min(2).max(16) }).strict(),
    /** Top-k single-elimination playoff, each match best of m games. */
    z
      .object({
        kind: z.literal("playoff"),
        top: int("contender.top").min(2).max(16),
        bestOf: int("contender.bestOf").min(1).max(7).refine((n) => n % 2 === 1, "contender.bestOf must be odd"),
      })
      .strict(),
    /**
     * Duels of the Bradley-Terry leader against the challenger with the largest expected improvement,
     * until the leader is clear (the expected number of answers stronger than it, Σ Φ(−z), is below
     * `stopRisk`) or `maxGames` games are played. Clear prompts stop early, close ones get more games.
     * Pairs already judged are not replayed (the GenRM is deterministic and cached).
     */
    z
      .object({
        kind: z.literal("until-clear"),
        maxGames: int("contender.maxGames").min(1, "contender.maxGames must be >= 1").max(2016, "contender.maxGames must be <= 2016"),
        stopRisk: z
          .number({ error: "contender.stopRisk must be a number" })
          .gt(0, "contender.stopRisk must be > 0")
          .max(5, "contender.stopRisk must be <= 5")
          .default(0.8),
      })
      .strict(),
  ],
  { error: "contender.kind must be one of default, none, round-robin, playoff, until-clear" },
);

/** Default threshold on P(winner is the best) below which a prompt is undecided. */
export const DEFAULT_MIN_CONFIDENCE = 0.3;

export const tournamentConfigInput = z
  .object({
    /** Swiss rounds; default ⌈log2 N⌉ (capped by the engine at the most rounds without a rematch). */
    rounds: int("rounds").min(0, "rounds must be >= 0").max(63, "rounds must be <= 63").optional(),
    /** "both-orders": a game is two judgements, debiased. "one-order": one judgement, sides balanced.
     * Unset (default): chosen by the contender stage (the default design plays one order per game and
     * asks the other order only where a duel is close). */
    gameMode: z.enum(["both-orders", "one-order"], { error: "gameMode must be both-orders or one-order" }).optional(),
    contender: contenderInput.default({ kind: "default" }),
    /**
     * A prompt whose current reference is a human override keeps it unless this is true: a tournament
     * never silently undoes a researcher's decision.
     */
    replaceOverrides: z.boolean({ error: "replaceOverrides must be true or false" }).default(false),
    /**
     * A prompt whose winner has P(best) below this under the final fit (or whose games were all draws)
     * is undecided (decide-reference.ts).
     */
    minConfidence: z
      .number({ error: "minConfidence must be a number" })
      .min(0, "minConfidence must be between 0 and 1")
      .max(1, "minConfidence must be between 0 and 1")
      .default(DEFAULT_MIN_CONFIDENCE),
    /** What an undecided prompt gets: the best-supported answer marked low confidence, or no reference
     * until a researcher chooses one. */
    undecided: z
      .enum(["low-confidence", "wait-for-human"], { error: "undecided must be low-confidence or wait-for-human" })
      .default("low-confidence"),
  })
  .strict();

export type TournamentConfig = z.output<typeof tournamentConfigInput>;

/** Reads a stored config back (older rows or a bad edit fall back to defaults field by field). */
export function parseStoredConfig(json: unknown): TournamentConfig {
  const parsed = tournamentConfigInput.safeParse(json ?? {});
  return parsed.success ? parsed.data : tournamentConfigInput.parse({});
}

/** The default design's stop rule: the expected number of answers stronger than the leader. */
export const DEFAULT_STOP_RISK = 0.5;
/** The default design's prior precision on log-strengths: Normal(0, 1), a generic weakly informative
 * scale (fixed, not fitted to any judge; the engine's own default 0.1 is nearly flat and makes the
 * leader look unsure for longer). */
export const DEFAULT_PRIOR_PRECISION = 1;

/**
 * The default design for N entrants (what a researcher gets without touching the form). With a cached,
 * deterministic GenRM a replayed question returns the same verdict, so information only comes from
 * new pairs or the other order of a pair. Hence:
 * - one Swiss round of one-order games (every entrant judged once, sides balanced);
 * - then the Bradley-Terry leader against the challenger with the largest expected improvement,
 *   several duels per round for large N; a pair met in one order may be asked once more the other way
 *   round (close duels get both orders, clear ones one);
 * - every fit is per judgement with the judge's shown-first advantage estimated from the games played
 *   (nothing about the judge is assumed);
 * - once the leader has met every challenger both ways, challengers play each other (z rule);
 * - stop once the leader is clear (Σ_i P(θ_i > θ_leader) < DEFAULT_STOP_RISK) or after
 *   ⌊N(N−1)/3⌋ judgements in all (a third of a both-order round robin, so no prompt costs more):
 *   clear prompts stop early, close ones get the whole budget.
 */
export function defaultModeConfig(n: number): Pick<SwissConfig, "rounds" | "gameMode" | "strengthModel" | "prior" | "contender"> {
  const rounds = 1;
  const cap = Math.max(1, Math.floor((n * (n - 1)) / 3) - rounds * Math.floor(n / 2));
  return {
    rounds,
    gameMode: "one-order",
    strengthModel: "judgements",
    prior: DEFAULT_PRIOR_PRECISION,
    contender: [
      {
        kind: "adaptive",
        select: "expected-improvement",
        rematches: "other-order",
        maxGames: cap,
        stopRisk: DEFAULT_STOP_RISK,
        perRound: Math.max(1, Math.floor(n / 8)),
      },
    ],
  };
}

/**
 * The engine config for one prompt with `entrants` distinct answers. The seed mixes the run's seed
 * with the prompt's content key, so the same seed gives the same tournament for the same prompt in any
 * run or database.
 */
export function toSwissConfig(config: TournamentConfig, runSeed: number, promptKey: string, entrants: number): SwissConfig {
  const seed = `${runSeed}:${promptKey}`;
  const c = config.contender;
  if (c.kind === "default") {
    const design = defaultModeConfig(entrants);
    return {
      seed,
      ...design,
      ...(config.rounds !== undefined ? { rounds: config.rounds } : {}),
      ...(config.gameMode !== undefined ? { gameMode: config.gameMode } : {}),
    };
  }
  const out: SwissConfig = { seed, gameMode: config.gameMode ?? "both-orders" };
  if (config.rounds !== undefined) out.rounds = config.rounds;
  if (c.kind === "none") out.contender = [];
  else if (c.kind === "round-robin") out.contender = [{ kind: "round-robin", top: c.top }];
  else if (c.kind === "playoff") out.contender = [{ kind: "playoff", top: c.top, bestOf: c.bestOf }];
  else if (c.kind === "until-clear") {
    out.contender = [{ kind: "adaptive", select: "expected-improvement", maxGames: c.maxGames, stopRisk: c.stopRisk }];
  }
  return out;
}

export function describeConfig(config: TournamentConfig): string {
  const c = config.contender;
  const rounds =
    config.rounds !== undefined ? `${config.rounds} Swiss rounds` : c.kind === "default" ? "1 Swiss round" : "⌈log2 N⌉ Swiss rounds";
  const stage =
    c.kind === "default"
      ? `duels until the leader is clear (risk < ${DEFAULT_STOP_RISK}, at most ⌊N(N−1)/3⌋ judgements; both orders only for close pairs)`
      : c.kind === "none"
        ? "no contender stage"
        : c.kind === "round-robin"
          ? `top-${c.top} round robin`
          : c.kind === "until-clear"
            ? `duels until the leader is clear (risk < ${c.stopRisk}, at most ${c.maxGames} games)`
            : `top-${c.top} best-of-${c.bestOf} playoff`;
  const mode = config.gameMode ?? (c.kind === "default" ? "one-order" : "both-orders");
  const unsure = config.undecided === "wait-for-human" ? "undecided prompts wait for a human" : "undecided prompts take the best-supported answer, marked low confidence";
  return `${rounds}, ${stage}, ${mode === "both-orders" ? "both orders per game" : "one order per game"}; P(best) < ${config.minConfidence} or all draws = undecided: ${unsure}`;
}
