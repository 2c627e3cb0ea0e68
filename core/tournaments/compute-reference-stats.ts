/**
 * The dataset-level questions a researcher asks of a tournament run, answered from plain rows (pure):
 * - which models' answers became references, how often (tournament wins vs current references, which
 *   include human overrides)?
 * - are chosen references longer than the answers they beat? A judge with a length bias picks the
 *   longest answer far more often than chance (1/N per prompt) — the "length smell".
 */

export interface PromptRow {
  candidates: { id: string; model: string; charLen: number }[];
  /** The tournament's winner (null: no games, not finished, or no answer). */
  winnerId: string | null;
  /** The prompt's current reference, whatever set it. */
  reference: { responseId: string; source: string } | null;
}

export interface ModelShare {
  model: string;
  /** Prompts where this model had an answer. */
  answered: number;
  /** Prompts whose tournament this model's answer won. */
  wins: number;
  /** Prompts whose current reference is this model's answer. */
  references: number;
  /** …of which set by a human override. */
  overrides: number;
  /** wins / answered */
  winRate: number;
}

export interface LengthStats {
  /** Mean characters over every candidate answer of the prompts counted. */
  candidateMeanChars: number | null;
  winnerMeanChars: number | null;
  referenceMeanChars: number | null;
  /** Prompts (with ≥ 2 answers and a winner) whose winner is the (or a tied) longest answer. */
  winnerLongest: number;
  /** What chance alone gives: Σ (number of longest answers / number of answers). */
  winnerLongestExpected: number;
  promptsCompared: number;
}

export interface ReferenceStats {
  models: ModelShare[];
  length: LengthStats;
  prompts: number;
  withReference: number;
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : null);

export function computeReferenceStats(rows: readonly PromptRow[]): ReferenceStats {
  const byModel = new Map<string, ModelShare>();
  const share = (model: string) => {
    let s = byModel.get(model);
    if (!s) byModel.set(model, (s = { model, answered: 0, wins: 0, references: 0, overrides: 0, winRate: 0 }));
    return s;
  };
  const candidateLens: number[] = [];
  const winnerLens: number[] = [];
  const referenceLens: number[] = [];
  let winnerLongest = 0;
  let winnerLongestExpected = 0;
  let promptsCompared = 0;
  let withReference = 0;

  for (const row of rows) {
    const byId = new Map(row.candidates.map((c) => [c.id, c]));
    for (const model of new Set(row.candidates.map((c) => c.model))) share(model).answered++;
    for (const c of row.candidates) candidateLens.push(c.charLen);
    const winner = row.winnerId ? byId.get(row.winnerId) : undefined;
    if (winner) {
      share(winner.model).wins++;
      winnerLens.push(winner.charLen);
      if (row.candidates.length >= 2) {
        const longest = Math.max(...row.candidates.map((c) => c.charLen));
        const nLongest = row.candidates.filter((c) => c.charLen === longest).length;
        promptsCompared++;
        winnerLongestExpected += nLongest / row.candidates.length;
        if (winner.charLen === longest) winnerLongest++;
      }
    }
    const ref = row.reference ? byId.get(row.reference.responseId) : undefined;
    if (ref) {
      withReference++;
      const s = share(ref.model);
      s.references++;
      if (row.reference!.source === "override") s.overrides++;
      referenceLens.push(ref.charLen);
    }
  }
  const models = [...byModel.values()]
    .map((s) => ({ ...s, winRate: s.answered ? s.wins / s.answered : 0 }))
    .sort((a, b) => b.references - a.references || b.wins - a.wins || (a.model < b.model ? -1 : 1));
  return {
    models,
    length: {
      candidateMeanChars: mean(candidateLens),
      winnerMeanChars: mean(winnerLens),
      referenceMeanChars: mean(referenceLens),
      winnerLongest,
      winnerLongestExpected,
      promptsCompared,
    },
    prompts: rows.length,
    withReference,
  };
}
