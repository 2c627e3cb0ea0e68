/**
 * The label statistics a dataset card reports, gathered while the export walks the comparisons: counts,
 * verdict classes per mode (class balance), strengths, annotators, sources, gold comparisons, and
 * inter-annotator agreement (Krippendorff's α, nominal, over comparisons with two or more labels).
 */
import { krippendorffAlpha } from "../../quality/krippendorff-alpha";

export interface LabelStatistics {
  comparisons: number;
  prompts: number;
  labels: number;
  annotators: number;
  goldComparisons: number;
  /** mode → verdict → labels. */
  verdicts: Record<string, Record<string, number>>;
  strengths: Record<string, number>;
  sources: Record<string, number>;
  /** null when no comparison has two labels (nothing to agree on). */
  agreement: { krippendorffAlpha: number | null; comparisons: number } | null;
}

const bump = (m: Record<string, number>, k: string) => (m[k] = (m[k] ?? 0) + 1);

export class LabelStatsCollector {
  private comparisons = 0;
  private labels = 0;
  private goldComparisons = 0;
  private readonly prompts = new Set<string>();
  private readonly annotators = new Set<string>();
  private readonly verdicts: Record<string, Record<string, number>> = {};
  private readonly strengths: Record<string, number> = {};
  private readonly sources: Record<string, number> = {};
  private readonly units: string[][] = [];

  addComparison(c: { promptKey: string; mode: string; isGold: boolean; labels: ReadonlyArray<{ annotatorId: string; verdict: string; strength: number; source: string }> }): void {
    this.comparisons++;
    this.prompts.add(c.promptKey);
    if (c.isGold) this.goldComparisons++;
    for (const l of c.labels) {
      this.labels++;
      this.annotators.add(l.annotatorId);
      bump((this.verdicts[c.mode] ??= {}), l.verdict);
      bump(this.strengths, String(l.strength));
      bump(this.sources, l.source);
    }
    if (c.labels.length >= 2) this.units.push(c.labels.map((l) => l.verdict));
  }

  result(): LabelStatistics {
    const alpha = this.units.length ? krippendorffAlpha(this.units, "nominal") : null;
    return {
      comparisons: this.comparisons,
      prompts: this.prompts.size,
      labels: this.labels,
      annotators: this.annotators.size,
      goldComparisons: this.goldComparisons,
      verdicts: this.verdicts,
      strengths: this.strengths,
      sources: this.sources,
      agreement: alpha ? { krippendorffAlpha: alpha.alpha, comparisons: alpha.units } : null,
    };
  }
}
