/**
 * Fixtures for labelling tests and the annotation benchmark: annotator accounts and a dataset with
 * N pairwise comparisons (three answers per prompt → three pairs), written straight to the database.
 */
import { randomBytes } from "node:crypto";
import { db } from "@core/db/client";
import { hashPassword } from "@core/auth/password";
import type { Actor } from "@core/auth/actor";

export type UserActor = Extract<Actor, { kind: "user" }>;

export async function createAnnotators(n: number, prefix = "ann", password?: string): Promise<UserActor[]> {
  const passwordHash = password ? await hashPassword(password) : null; // one hash for all: scrypt is slow on purpose
  const tag = randomBytes(3).toString("hex");
  const data = Array.from({ length: n }, (_, i) => ({ email: `${prefix}${i}-${tag}@test.local`, name: `${prefix} ${i}`, role: "annotator" as const, passwordHash }));
  await db().user.createMany({ data });
  const users = await db().user.findMany({ where: { email: { in: data.map((d) => d.email) } }, orderBy: { email: "asc" } });
  return users.map((u) => ({ kind: "user", userId: u.id, role: u.role, email: u.email, name: u.name }));
}

export interface DatasetFixture {
  datasetId: string;
  comparisonIds: string[];
  goldIds: string[];
}

export async function createComparisonDataset(
  ownerId: string,
  opts: { comparisons: number; overlap: number; gold?: number; goldRate?: number; leaseSeconds?: number; name?: string; text?: (i: number, side: string) => string },
): Promise<DatasetFixture> {
  const client = db();
  const ds = await client.dataset.create({
    data: { name: opts.name ?? `fixture ${randomBytes(3).toString("hex")}`, createdById: ownerId, goldRate: opts.goldRate ?? 0, leaseSeconds: opts.leaseSeconds ?? 600 },
  });
  const total = opts.comparisons + (opts.gold ?? 0);
  const promptCount = Math.ceil(total / 3);
  await client.prompt.createMany({ data: Array.from({ length: promptCount }, (_, i) => ({ datasetId: ds.id, key: `k${i}`, text: `Prompt ${i}: explain item ${i}.` })) });
  const prompts = await client.prompt.findMany({ where: { datasetId: ds.id }, select: { id: true, key: true } });
  const text = opts.text ?? ((i: number, side: string) => `Answer ${side} to prompt ${i}.`);
  await client.response.createMany({
    data: prompts.flatMap((p) => {
      const i = Number(p.key.slice(1));
      return ["x", "y", "z"].map((m) => {
        const t = text(i, m);
        return { promptId: p.id, model: `model-${m}`, text: t, key: `${p.key}-${m}`, charLen: t.length, tokenLen: Math.ceil(t.length / 4) };
      });
    }),
  });
  const responses = await client.response.findMany({ where: { promptId: { in: prompts.map((p) => p.id) } }, select: { id: true, promptId: true, model: true } });
  const byPrompt = new Map<string, Map<string, string>>();
  for (const r of responses) byPrompt.set(r.promptId, (byPrompt.get(r.promptId) ?? new Map()).set(r.model, r.id));
  const rows: Array<{ datasetId: string; promptId: string; responseAId: string; responseBId: string; mode: "pairwise"; overlap: number; isGold: boolean; goldVerdict: string | null }> = [];
  for (const p of prompts) {
    const m = byPrompt.get(p.id)!;
    for (const [a, b] of [["model-x", "model-y"], ["model-y", "model-z"], ["model-x", "model-z"]] as const) {
      if (rows.length >= total) break;
      const gold = rows.length >= opts.comparisons;
      rows.push({ datasetId: ds.id, promptId: p.id, responseAId: m.get(a)!, responseBId: m.get(b)!, mode: "pairwise", overlap: opts.overlap, isGold: gold, goldVerdict: gold ? "a" : null });
    }
  }
  await client.comparison.createMany({ data: rows });
  const cs = await client.comparison.findMany({ where: { datasetId: ds.id }, select: { id: true, isGold: true } });
  return { datasetId: ds.id, comparisonIds: cs.filter((c) => !c.isGold).map((c) => c.id), goldIds: cs.filter((c) => c.isGold).map((c) => c.id) };
}

/** Uploads `text` as an import file and runs the import inline (what the worker's job would do). */
export async function importInline(actor: Actor, datasetId: string, text: string, fileName = "upload.jsonl", format = "auto") {
  const { startImport } = await import("@core/datasets/start-import");
  const { runImport } = await import("@core/datasets/run-import");
  const imp = await startImport(actor, datasetId, { fileName, format }, [Buffer.from(text)]);
  await runImport(imp.id, { progress: async () => undefined });
  return db().datasetImport.findUniqueOrThrow({ where: { id: imp.id } });
}
