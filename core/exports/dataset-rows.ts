/**
 * Streams a dataset's comparisons (with prompt, both answers and their labels) and its labels, page by
 * page in id order, so an export never holds the dataset in memory.
 */
import { db } from "../db/client";
import type { Turn } from "../formats";
import { trustFromGold, trustWeights, type RawVerdict } from "../quality";

const PAGE = 500;

export interface ComparisonRow {
  id: string;
  mode: "pairwise" | "vs_reference";
  isGold: boolean;
  goldVerdict: string | null;
  importedVerdict: string | null;
  prompt: { id: string; key: string; text: string; turns: Turn[] | null };
  a: { model: string; text: string; key: string; charLen: number };
  b: { model: string; text: string; key: string; charLen: number };
  labels: Array<{ id: string; annotatorId: string; verdict: string; strength: number; source: string; createdAt: Date }>;
}

const answer = { select: { model: true, text: true, key: true, charLen: true } } as const;

/** What an export reads: the dataset as it is now, or one of its snapshots (only the rows it holds). */
export interface ExportScope {
  datasetId: string;
  snapshotId?: string;
}

const inSnapshot = (s: ExportScope) => (s.snapshotId ? { snapshots: { some: { snapshotId: s.snapshotId } } } : {});

export async function* comparisonRows(scope: ExportScope): AsyncGenerator<ComparisonRow> {
  let cursor: string | undefined;
  for (;;) {
    const page = await db().comparison.findMany({
      where: { datasetId: scope.datasetId, ...inSnapshot(scope), ...(cursor ? { id: { gt: cursor } } : {}) },
      orderBy: { id: "asc" },
      take: PAGE,
      select: {
        id: true,
        mode: true,
        isGold: true,
        goldVerdict: true,
        importedVerdict: true,
        prompt: { select: { id: true, key: true, text: true, turns: true } },
        responseA: answer,
        responseB: answer,
        labels: { where: inSnapshot(scope), select: { id: true, annotatorId: true, verdict: true, strength: true, source: true, createdAt: true }, orderBy: { createdAt: "asc" } },
      },
    });
    for (const c of page) {
      yield {
        id: c.id,
        mode: c.mode,
        isGold: c.isGold,
        goldVerdict: c.goldVerdict,
        importedVerdict: c.importedVerdict,
        prompt: { ...c.prompt, turns: Array.isArray(c.prompt.turns) ? (c.prompt.turns as unknown as Turn[]) : null },
        a: c.responseA,
        b: c.responseB,
        labels: c.labels,
      };
    }
    if (page.length < PAGE) return;
    cursor = page[page.length - 1]!.id;
  }
}

export interface LabelRow {
  id: string;
  comparisonId: string;
  annotatorId: string;
  verdict: string;
  strength: number;
  shownLeft: string;
  msSpent: number;
  rationale: string | null;
  source: string;
  createdAt: Date;
  comparison: { mode: "pairwise" | "vs_reference"; prompt: { key: string }; responseA: { key: string; model: string }; responseB: { key: string; model: string } };
}

export async function* labelRows(scope: ExportScope): AsyncGenerator<LabelRow> {
  let cursor: string | undefined;
  for (;;) {
    const page = await db().label.findMany({
      where: { comparison: { datasetId: scope.datasetId }, ...inSnapshot(scope), ...(cursor ? { id: { gt: cursor } } : {}) },
      orderBy: { id: "asc" },
      take: PAGE * 2,
      select: {
        id: true,
        comparisonId: true,
        annotatorId: true,
        verdict: true,
        strength: true,
        shownLeft: true,
        msSpent: true,
        rationale: true,
        source: true,
        createdAt: true,
        comparison: { select: { mode: true, prompt: { select: { key: true } }, responseA: { select: { key: true, model: true } }, responseB: { select: { key: true, model: true } } } },
      },
    });
    yield* page;
    if (page.length < PAGE * 2) return;
    cursor = page[page.length - 1]!.id;
  }
}

/**
 * Consensus weights from gold answers in this dataset (core/quality/trust.ts). Only gold labels are
 * read; annotators without gold answers get `defaultWeight` (trust 0.5 → ln 2).
 */
export async function datasetTrust(scope: ExportScope): Promise<{ weights: Map<string, number>; defaultWeight: number }> {
  const gold = await db().label.findMany({
    where: { comparison: { datasetId: scope.datasetId, isGold: true, goldVerdict: { not: null } }, ...inSnapshot(scope) },
    select: { comparisonId: true, annotatorId: true, verdict: true, comparison: { select: { goldVerdict: true } } },
  });
  const weights = trustWeights(
    gold.map((l) => ({ comparisonId: l.comparisonId, annotatorId: l.annotatorId, verdict: l.verdict as RawVerdict, isGold: true, goldVerdict: l.comparison.goldVerdict as RawVerdict })),
  );
  return { weights, defaultWeight: trustFromGold(0, 0).weight };
}
