/**
 * The two tables of the Hugging Face export and their Parquet column types, one place for both the
 * writer and the dataset card:
 *  - `preferences` (default config): one row per comparison with a decisive consensus (or an imported
 *    preference), the columns TRL's DPO/reward trainers read: prompt, chosen, rejected.
 *  - `labels`: one row per human label, raw (annotators pseudonymised), for agreement or reward-model work.
 */
import type { BasicType } from "hyparquet-writer";

export type TableName = "preferences" | "labels";
export const TABLES: readonly TableName[] = ["preferences", "labels"];
export type SplitName = "train" | "test";
export const SPLITS: readonly SplitName[] = ["train", "test"];

export interface PreferenceRecord {
  comparison_id: string;
  prompt: string;
  chosen: string;
  rejected: string;
  chosen_model: string;
  rejected_model: string;
  /** Human labels behind the consensus (0: the preference came with the imported file). */
  num_labels: number;
}

export interface LabelRecord {
  label_id: string;
  comparison_id: string;
  mode: string;
  prompt: string;
  response_a: string;
  response_b: string;
  model_a: string;
  model_b: string;
  /** "a" | "b" | "tie" (pairwise) or "better" | "same" | "worse" (A as candidate against reference B). */
  verdict: string;
  /** 1 = slightly, 2 = clearly, 0 for ties. */
  strength: number;
  annotator: string;
  source: string;
  is_gold: boolean;
  created_at: Date;
}

export const COLUMNS: { [T in TableName]: ReadonlyArray<{ name: string; type: BasicType }> } = {
  preferences: [
    { name: "comparison_id", type: "STRING" },
    { name: "prompt", type: "STRING" },
    { name: "chosen", type: "STRING" },
    { name: "rejected", type: "STRING" },
    { name: "chosen_model", type: "STRING" },
    { name: "rejected_model", type: "STRING" },
    { name: "num_labels", type: "INT32" },
  ],
  labels: [
    { name: "label_id", type: "STRING" },
    { name: "comparison_id", type: "STRING" },
    { name: "mode", type: "STRING" },
    { name: "prompt", type: "STRING" },
    { name: "response_a", type: "STRING" },
    { name: "response_b", type: "STRING" },
    { name: "model_a", type: "STRING" },
    { name: "model_b", type: "STRING" },
    { name: "verdict", type: "STRING" },
    { name: "strength", type: "INT32" },
    { name: "annotator", type: "STRING" },
    { name: "source", type: "STRING" },
    { name: "is_gold", type: "BOOLEAN" },
    { name: "created_at", type: "TIMESTAMP" },
  ],
};

export type TableRecord<T extends TableName> = T extends "preferences" ? PreferenceRecord : LabelRecord;

/** Path of a shard inside the export folder; the card's data_files globs match these. */
export const shardPath = (table: TableName, split: SplitName, index: number) => `data/${table}/${split}-${String(index).padStart(5, "0")}.parquet`;
export const shardGlob = (table: TableName, split: SplitName) => `data/${table}/${split}-*.parquet`;
