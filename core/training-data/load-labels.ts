/**
 * Reads labels with their comparison, prompt and answer texts, a page at a time (an export never
 * holds more than one page of Prisma objects at once).
 */
import { db, type Prisma } from "../db/client";
import type { QualityLabel, RawVerdict } from "../quality";
import type { DbLabel } from "./label-records";

const select = {
  id: true,
  annotatorId: true,
  verdict: true,
  strength: true,
  comparisonId: true,
  comparison: {
    select: {
      mode: true,
      isGold: true,
      goldVerdict: true,
      promptId: true,
      prompt: { select: { text: true, key: true } },
      responseA: { select: { text: true, charLen: true } },
      responseB: { select: { text: true, charLen: true } },
    },
  },
} satisfies Prisma.LabelSelect;

type Row = Prisma.LabelGetPayload<{ select: typeof select }>;

function toDbLabel(r: Row): DbLabel {
  const c = r.comparison;
  return {
    id: r.id,
    annotatorId: r.annotatorId,
    verdict: r.verdict,
    strength: r.strength,
    comparisonId: r.comparisonId,
    mode: c.mode,
    isGold: c.isGold,
    goldVerdict: c.goldVerdict,
    promptId: c.promptId,
    promptKey: c.prompt.key,
    promptText: c.prompt.text,
    aText: c.responseA.text,
    bText: c.responseB.text,
    aLen: c.responseA.charLen,
    bLen: c.responseB.charLen,
  };
}

/** Labels of datasets (only those held by `snapshotIds` when given), or of a training run's split. */
export type LabelFilter = { datasetIds: string[]; snapshotIds?: string[] } | { trainingRunId: string; heldOut: boolean };

function where(f: LabelFilter): Prisma.LabelWhereInput {
  if ("datasetIds" in f) {
    if (f.datasetIds.length === 0 || f.datasetIds.some((id) => !id)) throw new Error("datasetIds must be non-empty ids");
    const snapshots = f.snapshotIds?.length ? { snapshots: { some: { snapshotId: { in: f.snapshotIds } } } } : {};
    return { comparison: { datasetId: { in: f.datasetIds } }, ...snapshots };
  }
  if (!f.trainingRunId) throw new Error("trainingRunId is required");
  return { trainingRuns: { some: { trainingRunId: f.trainingRunId, heldOut: f.heldOut } } };
}

export async function* iterateLabels(filter: LabelFilter, pageSize = 2000): AsyncGenerator<DbLabel> {
  let cursor: string | undefined;
  for (;;) {
    const page = await db().label.findMany({
      where: where(filter),
      select,
      orderBy: { id: "asc" },
      take: pageSize,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    for (const r of page) yield toDbLabel(r);
    if (page.length < pageSize) return;
    cursor = page[page.length - 1]!.id;
  }
}

/**
 * The light view trust weights need (no texts): every label of the datasets (within `snapshotIds` when
 * given), with its gold answer if any (the quality page's fuller view is core/quality/load-quality-labels.ts).
 */
export async function loadTrustLabels(datasetIds: string[], snapshotIds?: string[]): Promise<QualityLabel[]> {
  const rows = await db().label.findMany({
    where: where({ datasetIds, snapshotIds }),
    select: { comparisonId: true, annotatorId: true, verdict: true, comparison: { select: { isGold: true, goldVerdict: true } } },
  });
  return rows.map((r) => ({
    comparisonId: r.comparisonId,
    annotatorId: r.annotatorId,
    verdict: r.verdict as RawVerdict,
    isGold: r.comparison.isGold,
    goldVerdict: r.comparison.goldVerdict as RawVerdict | null,
  }));
}

export async function loadLabels(filter: LabelFilter): Promise<DbLabel[]> {
  const out: DbLabel[] = [];
  for await (const l of iterateLabels(filter)) out.push(l);
  return out;
}
