/**
 * The canonical serialisation of a dataset's content and its sha256 (pure). One JSON array per line:
 * a header naming the dataset, then every comparison in id order, then every label in id order. Only
 * what decides the data goes in (ids, keys, modes, verdicts, gold answers, annotators), so taking the
 * same content twice gives the same hash, and any added label or changed gold answer a different one.
 */
import { createHash, type Hash } from "node:crypto";

export const SNAPSHOT_FORMAT = "genrm-dataset-snapshot/1";

export interface SnapshotComparison {
  id: string;
  mode: string;
  promptKey: string;
  aKey: string;
  bKey: string;
  isGold: boolean;
  goldVerdict: string | null;
  importedVerdict: string | null;
}

export interface SnapshotLabel {
  id: string;
  comparisonId: string;
  annotatorId: string;
  verdict: string;
  strength: number;
}

export const comparisonLine = (c: SnapshotComparison) =>
  `${JSON.stringify(["c", c.id, c.mode, c.promptKey, c.aKey, c.bKey, c.isGold, c.goldVerdict, c.importedVerdict])}\n`;

export const labelLine = (l: SnapshotLabel) => `${JSON.stringify(["l", l.id, l.comparisonId, l.annotatorId, l.verdict, l.strength])}\n`;

/** Feed comparisons (id order) then labels (id order); `digest()` gives the hex content hash. */
export class SnapshotHasher {
  private readonly hash: Hash;
  private lastComparison = "";
  private lastLabel = "";
  private labelsStarted = false;

  constructor(datasetId: string) {
    this.hash = createHash("sha256").update(`${JSON.stringify([SNAPSHOT_FORMAT, datasetId])}\n`);
  }

  comparison(c: SnapshotComparison): void {
    if (this.labelsStarted) throw new Error("comparisons must all come before labels");
    if (c.id <= this.lastComparison) throw new Error("comparisons must come in increasing id order");
    this.lastComparison = c.id;
    this.hash.update(comparisonLine(c));
  }

  label(l: SnapshotLabel): void {
    if (l.id <= this.lastLabel) throw new Error("labels must come in increasing id order");
    this.labelsStarted = true;
    this.lastLabel = l.id;
    this.hash.update(labelLine(l));
  }

  digest(): string {
    return this.hash.digest("hex");
  }
}
