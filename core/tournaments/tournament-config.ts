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
    /** The engine's default contender stage (tournaments/ DEFAULT_CONTENDER). */
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

export const tournamentConfigInput = z
  .object({
    /** Swiss rounds; default ⌈log2 N⌉ (capped by the engine at the most rounds without a rematch). */
    rounds: int("rounds").min(0, "rounds must be >= 0").max(63, "rounds must be <= 63").optional(),
    /** "both-orders" (default): a game is two judgements, debiased. "one-order": one judgement, sides balanced. */
    gameMode: z.enum(["both-orders", "one-order"], { error: "gameMode must be both-orders or one-order" }).default("both-orders"),
    contender: contenderInput.default({ kind: "default" }),
    /**
     * A prompt whose current reference is a human override keeps it unless this is true: a tournament
     * never silently undoes a researcher's decision.
     */
    replaceOverrides: z.boolean({ error: "replaceOverrides must be true or false" }).default(false),
  })
  .strict();

export type TournamentConfig = z.output<typeof tournamentConfigInput>;

/** Reads a stored config back (older rows or a bad edit fall back to defaults field by field). */
export function parseStoredConfig(json: unknown): TournamentConfig {
  const parsed = tournamentConfigInput.safeParse(json ?? {});
  return parsed.success ? parsed.data : tournamentConfigInput.parse({});
}

/**
 * The engine config for one prompt. The seed mixes the run's seed with the prompt's content key, so
 * the same seed gives the same tournament for the same prompt in any run or database.
 */
export function toSwissConfig(config: TournamentConfig, runSeed: number, promptKey: string): SwissConfig {
  const out: SwissConfig = { seed: `${runSeed}:${promptKey}`, gameMode: config.gameMode };
  if (config.rounds !== undefined) out.rounds = config.rounds;
  const c = config.contender;
  if (c.kind === "none") out.contender = [];
  else if (c.kind === "round-robin") out.contender = [{ kind: "round-robin", top: c.top }];
  else if (c.kind === "playoff") out.contender = [{ kind: "playoff", top: c.top, bestOf: c.bestOf }];
  else if (c.kind === "until-clear") {
    out.contender = [{ kind: "adaptive", select: "expected-improvement", maxGames: c.maxGames, stopRisk: c.stopRisk }];
  }
  return out;
}

export function describeConfig(config: TournamentConfig): string {
  const rounds = config.rounds === undefined ? "⌈log2 N⌉ Swiss rounds" : `${config.rounds} Swiss rounds`;
  const c = config.contender;
  const stage =
    c.kind === "default"
      ? "default contender stage"
      : c.kind === "none"
        ? "no contender stage"
        : c.kind === "round-robin"
          ? `top-${c.top} round robin`
          : c.kind === "until-clear"
            ? `duels until the leader is clear (risk < ${c.stopRisk}, at most ${c.maxGames} games)`
            : `top-${c.top} best-of-${c.bestOf} playoff`;
  return `${rounds}, ${stage}, ${config.gameMode === "both-orders" ? "both orders per game" : "one order per game"}`;
}
