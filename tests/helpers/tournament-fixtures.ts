/**
 * Rows a tournament test needs, written straight to the test database: a researcher, a dataset of
 * prompts with several models' answers, and GenRM versions served by the test-only "deterministic"
 * backend (hash-based fake judge; see core/tournaments/tournament-backend.ts).
 */
import { db } from "@core/db/client";
import { promptKey, responseKey } from "@core/formats/content-key";
import { TEMPLATE_VERSION } from "@genrm/template";

export interface FixturePrompt {
  text: string;
  answers: { model: string; text: string }[];
}

export async function createResearcher(tag: string) {
  return db().user.create({ data: { email: `researcher-${tag}@test.local`, name: `Researcher ${tag}`, role: "researcher" } });
}

export async function createDataset(createdById: string, name: string, prompts: FixturePrompt[]) {
  const dataset = await db().dataset.create({ data: { name, createdById } });
  const promptIds: string[] = [];
  for (const p of prompts) {
    const key = promptKey(p.text);
    const prompt = await db().prompt.create({ data: { datasetId: dataset.id, key, text: p.text } });
    promptIds.push(prompt.id);
    for (const a of p.answers) {
      await db().response.create({
        data: { promptId: prompt.id, model: a.model, text: a.text, key: responseKey(key, a.model, a.text), charLen: a.text.length, tokenLen: Math.ceil(a.text.length / 4) },
      });
    }
  }
  return { datasetId: dataset.id, promptIds };
}

let nextVersion = 1;

/** A GenRM version judged by the deterministic fake (same salt = same judgements, different cache keys). */
export async function createFakeModel(opts: { salt?: string; status?: "active" | "candidate"; latencyMs?: number; positionBias?: number } = {}) {
  const version = nextVersion++ + Math.floor(Math.random() * 1e6);
  return db().genrmModel.create({
    data: {
      version,
      name: `fake-${version}`,
      backend: "deterministic",
      kind: "external",
      templateVersion: TEMPLATE_VERSION,
      status: opts.status ?? "candidate",
      config: { salt: opts.salt ?? "fixture", latencyMs: opts.latencyMs ?? 0, positionBias: opts.positionBias ?? 0.3 },
    },
  });
}

/** `n` prompts with `k` answers each from models m1..mk, answers of varied length. */
export function makePrompts(n: number, k: number, tag = "q"): FixturePrompt[] {
  return Array.from({ length: n }, (_, i) => ({
    text: `${tag} ${i}: explain topic number ${i} briefly.`,
    answers: Array.from({ length: k }, (_, j) => ({ model: `m${j + 1}`, text: `Answer ${j} to ${tag}-${i}. ` + "detail ".repeat((i * 7 + j * 5) % 13) })),
  }));
}
