/**
 * A dataset (or one of its snapshots) as a Hugging Face `datasets` folder, streamed as a tar archive:
 * `<root>/data/<config>/<split>-NNNNN.parquet` shards and `<root>/README.md`, the dataset card (written
 * last: its statistics are known only once every row has been seen). The train/test split is the
 * training run's held-out rule (genrm/export isHeldout, by prompt key), so the same seed holds out the
 * same prompts here and in training.
 */
import { isHeldout } from "../../../genrm/export";
import { pseudonymiseAnnotator } from "../../formats";
import { consensusPair, type Trust } from "../consensus-pair";
import { comparisonRows, type ExportScope } from "../dataset-rows";
import { datasetCard } from "./dataset-card";
import { LabelStatsCollector } from "./label-stats";
import { ShardWriter, type Shard, type ShardBudget } from "./parquet-shards";
import { SPLITS, TABLES, type SplitName, type TableName } from "./tables";
import { tarEnd, tarEntry } from "./tar";

export interface HfFolderInput {
  scope: ExportScope;
  /** Top folder inside the archive. */
  root: string;
  name: string;
  description: string;
  license: string;
  testFraction: number;
  seed: number;
  weighting: "none" | "trust";
  trust: Trust;
  salt: string;
  snapshot: { id: string; contentHash: string } | null;
  shardBudget?: ShardBudget;
  now?: Date;
}

export async function* hfFolderTar(input: HfFolderInput): AsyncGenerator<Uint8Array> {
  const now = input.now ?? new Date();
  const mtime = Math.floor(now.getTime() / 1000);
  const shards = new ShardWriter(input.shardBudget);
  const stats = new LabelStatsCollector();
  const emit = (s: Shard | null) => (s ? tarEntry(`${input.root}/${s.path}`, s.content, mtime) : []);

  for await (const c of comparisonRows(input.scope)) {
    stats.addComparison({ promptKey: c.prompt.key, mode: c.mode, isGold: c.isGold, labels: c.labels });
    const split: SplitName = isHeldout(c.prompt.key, input.testFraction, input.seed) ? "test" : "train";
    const pair = consensusPair(c, input.trust);
    if (pair && pair.verdict !== "tie") {
      const [win, lose] = pair.verdict === "a" ? [c.a, c.b] : [c.b, c.a];
      yield* emit(
        shards.add("preferences", split, {
          comparison_id: c.id, prompt: c.prompt.text, chosen: win.text, rejected: lose.text, chosen_model: win.model, rejected_model: lose.model, num_labels: c.labels.length,
        }),
      );
    }
    for (const l of c.labels) {
      yield* emit(
        shards.add("labels", split, {
          label_id: l.id, comparison_id: c.id, mode: c.mode, prompt: c.prompt.text, response_a: c.a.text, response_b: c.b.text, model_a: c.a.model, model_b: c.b.model,
          verdict: l.verdict, strength: l.strength, annotator: pseudonymiseAnnotator(l.annotatorId, input.salt), source: l.source, is_gold: c.isGold, created_at: l.createdAt,
        }),
      );
    }
  }
  for (const s of shards.finish()) yield* emit(s);

  const rows = Object.fromEntries(TABLES.map((t) => [t, Object.fromEntries(SPLITS.map((s) => [s, shards.rowsWritten(t, s)]))])) as Record<TableName, Record<SplitName, number>>;
  const card = datasetCard({
    name: input.name, description: input.description, license: input.license, rows, split: { testFraction: input.testFraction, seed: input.seed },
    weighting: input.weighting, snapshot: input.snapshot, stats: stats.result(), exportedAt: now,
  });
  yield* tarEntry(`${input.root}/README.md`, Buffer.from(card, "utf8"), mtime);
  yield tarEnd();
}
