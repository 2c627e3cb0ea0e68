/**
 * Where active labelling looks for comparisons worth a label. A source yields candidates — a prompt and
 * two answers (A = candidate, B = reference in vs_reference mode) — that the GenRM then judges; the
 * most uncertain become comparisons in the target dataset. Three sources:
 *  - the dataset's own answers (all pairs per prompt, or each answer vs the prompt's reference);
 *  - RL rollouts of chosen runs, each against its prompt's current reference;
 *  - tournaments' undecided prompts (core/tournaments/undecided-for-labelling.ts: prompts whose games
 *    left the winner unclear and no researcher has settled); tests may plug in their own source
 *    (`registerUndecidedSource`).
 * Every source skips pairs the dataset already has (in either order, same mode).
 */
import { db } from "../../db/client";
import { ATTENTION_CHECK_MODEL } from "../add-attention-checks";
import { pairKey } from "../pair-order";

export interface CandidateAnswer {
  text: string;
  model: string;
  /** set when the answer already lives in the target dataset */
  responseId?: string;
}

export interface Candidate {
  /** which source proposed it */
  source: "dataset" | "rollouts" | "undecided";
  mode: "pairwise" | "vs_reference";
  prompt: string;
  /** set when the prompt already lives in the target dataset */
  promptId?: string;
  a: CandidateAnswer;
  b: CandidateAnswer;
}

/** A tournament's undecided prompt: its text and the answers whose order the games did not settle. */
export interface UndecidedPrompt {
  prompt: string;
  answers: Array<{ text: string; model: string }>;
  /** the prompt's current reference, when it has one (vs_reference candidates are then built) */
  reference?: { text: string; model: string };
}

export type UndecidedSource = (opts: { limit: number }) => Promise<UndecidedPrompt[]>;

const g = globalThis as unknown as { __genrmUndecidedSource?: UndecidedSource };

/** The tournament side plugs in here (one source; registering again replaces it). */
export function registerUndecidedSource(source: UndecidedSource | null): void {
  g.__genrmUndecidedSource = source ?? undefined;
}

export async function datasetCandidates(datasetId: string, mode: "pairwise" | "vs_reference", limit: number): Promise<Candidate[]> {
  const prompts = await db().prompt.findMany({
    where: { datasetId },
    select: {
      id: true,
      text: true,
      responses: { where: { model: { not: ATTENTION_CHECK_MODEL } }, select: { id: true, text: true, model: true, key: true }, orderBy: { key: "asc" } },
      references: { orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: 1, select: { responseId: true } },
    },
    orderBy: { key: "asc" },
  });
  const existing = await db().comparison.findMany({ where: { datasetId, mode }, select: { responseAId: true, responseBId: true } });
  const seen = new Set(existing.map((c) => pairKey(c.responseAId, c.responseBId)));
  const out: Candidate[] = [];
  for (const p of prompts) {
    const answers = p.responses.map((r) => ({ text: r.text, model: r.model, responseId: r.id, key: r.key }));
    const pairs: Array<[typeof answers[number], typeof answers[number]]> = [];
    if (mode === "pairwise") {
      for (let i = 0; i < answers.length; i++) for (let j = i + 1; j < answers.length; j++) pairs.push([answers[i]!, answers[j]!]);
    } else {
      const ref = answers.find((a) => a.responseId === p.references[0]?.responseId);
      if (ref) for (const c of answers) if (c.responseId !== ref.responseId && c.key !== ref.key) pairs.push([c, ref]);
    }
    for (const [a, b] of pairs) {
      if (seen.has(pairKey(a.responseId, b.responseId))) continue;
      out.push({ source: "dataset", mode, prompt: p.text, promptId: p.id, a: { text: a.text, model: a.model, responseId: a.responseId }, b: { text: b.text, model: b.model, responseId: b.responseId } });
      if (out.length >= limit) return out;
    }
  }
  return out;
}

/** Recent rollouts of the given runs (newest steps first), each against its prompt's current reference. */
export async function rolloutCandidates(runIds: readonly string[], limit: number, resolveReference: (prompts: string[]) => Promise<Map<string, { text: string } | null>>): Promise<Candidate[]> {
  if (runIds.length === 0) return [];
  const rows = await db().rolloutSample.findMany({
    where: { step: { runId: { in: [...runIds] } } },
    orderBy: [{ step: { step: "desc" } }, { id: "asc" }],
    take: limit,
    select: { prompt: true, response: true },
  });
  const refs = await resolveReference(rows.map((r) => r.prompt));
  const out: Candidate[] = [];
  for (const r of rows) {
    const ref = refs.get(r.prompt);
    if (!ref || ref.text.trim() === r.response.trim() || r.response.trim() === "") continue;
    out.push({ source: "rollouts", mode: "vs_reference", prompt: r.prompt, a: { text: r.response, model: "rl-rollout" }, b: { text: ref.text, model: "reference" } });
  }
  return out;
}

export async function undecidedCandidates(limit: number): Promise<Candidate[]> {
  // Tests may plug in their own source; otherwise the tournaments' own list.
  const source = g.__genrmUndecidedSource ?? (await import("../../tournaments/undecided-for-labelling")).undecidedPromptsForLabelling;
  const out: Candidate[] = [];
  for (const u of await source({ limit })) {
    const answers = u.answers.filter((a) => a.text.trim() !== "");
    if (u.reference) {
      for (const a of answers) if (a.text.trim() !== u.reference.text.trim()) out.push({ source: "undecided", mode: "vs_reference", prompt: u.prompt, a, b: u.reference });
    } else {
      for (let i = 0; i < answers.length; i++) for (let j = i + 1; j < answers.length; j++) out.push({ source: "undecided", mode: "pairwise", prompt: u.prompt, a: answers[i]!, b: answers[j]! });
    }
    if (out.length >= limit) break;
  }
  return out.slice(0, limit);
}
