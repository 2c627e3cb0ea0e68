/**
 * The export's README.md: a Hugging Face dataset card. The YAML front matter is what `datasets` and the
 * Hub read (configs with their data_files per split, licence, task category, size); the body says how
 * the data was made and gives the label statistics. Pure: everything it states comes in as arguments.
 */
import type { LabelStatistics } from "./label-stats";
import { shardGlob, SPLITS, TABLES, type SplitName, type TableName } from "./tables";

export interface CardInput {
  name: string;
  description: string;
  license: string;
  /** Rows written per table and split (a split with none is left out of the configs). */
  rows: Record<TableName, Record<SplitName, number>>;
  split: { testFraction: number; seed: number };
  weighting: "none" | "trust";
  snapshot: { id: string; contentHash: string } | null;
  stats: LabelStatistics;
  exportedAt: Date;
}

const q = (s: string) => JSON.stringify(s); // a JSON string is a valid YAML double-quoted scalar

export function sizeCategory(n: number): string {
  const bounds: Array<[number, string]> = [[1e3, "n<1K"], [1e4, "1K<n<10K"], [1e5, "10K<n<100K"], [1e6, "100K<n<1M"], [1e7, "1M<n<10M"], [1e8, "10M<n<100M"]];
  return bounds.find(([b]) => n < b)?.[1] ?? "100M<n<1B";
}

function frontMatter(c: CardInput): string {
  const lines = ["---", `pretty_name: ${q(c.name)}`, `license: ${c.license}`, "task_categories:", "- text-classification", "- reinforcement-learning", "tags:", "- rlhf", "- preference", "- reward-modeling", "- genrm"];
  lines.push("size_categories:", `- ${sizeCategory(Math.max(c.stats.labels, c.rows.preferences.train + c.rows.preferences.test))}`, "configs:");
  for (const table of TABLES) {
    const splits = SPLITS.filter((s) => c.rows[table][s] > 0);
    if (splits.length === 0) continue;
    lines.push(`- config_name: ${table}`);
    if (table === "preferences") lines.push("  default: true");
    lines.push("  data_files:");
    for (const s of splits) lines.push(`  - split: ${s}`, `    path: ${shardGlob(table, s)}`);
  }
  lines.push("---");
  return lines.join("\n");
}

const pct = (n: number, total: number) => (total ? `${((100 * n) / total).toFixed(1)} %` : "–");

function table(head: string[], rows: Array<Array<string | number>>): string {
  return [`| ${head.join(" | ")} |`, `| ${head.map(() => "---").join(" | ")} |`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");
}

export function datasetCard(c: CardInput): string {
  const s = c.stats;
  const parts = [frontMatter(c), "", `# ${c.name}`, ""];
  if (c.description.trim()) parts.push(c.description.trim(), "");
  parts.push(
    "Human preference labels exported from a GenRM platform dataset.",
    "",
    c.snapshot
      ? `Snapshot \`${c.snapshot.id}\` (content sha256 \`${c.snapshot.contentHash}\`): exactly the comparisons and labels it froze.`
      : "The dataset as it was at export time (no snapshot: take one to cite a fixed version).",
    `Exported ${c.exportedAt.toISOString()}.`,
    "",
    "## Configs and splits",
    "",
    "- `preferences` (default): one row per comparison with a decisive consensus of its labels " +
      `(${c.weighting === "trust" ? "annotators weighted by gold-based trust" : "every annotator weighs the same"}), ` +
      "or with the preference its imported file recorded: `prompt`, `chosen`, `rejected` (TRL's preference columns). Ties are left out.",
    "- `labels`: one row per human label; annotators are pseudonymised (HMAC with the platform's export salt).",
    "",
    `Splits are by prompt, never by row: a prompt is in \`test\` when sha256([seed, prompt key]) falls below ${c.split.testFraction} ` +
      `(seed ${c.split.seed}) — a training run's held-out rule: a run with heldoutFraction ${c.split.testFraction} and splitSeed ${c.split.seed} held out exactly the \`test\` prompts.`,
    "",
    table(["config", "train", "test"], TABLES.map((t) => [t, c.rows[t].train, c.rows[t].test])),
    "",
    "```python",
    "from datasets import load_dataset",
    `prefs = load_dataset("path/to/this/folder")            # config "preferences"`,
    `labels = load_dataset("path/to/this/folder", "labels")`,
    "```",
    "",
    "## Label statistics",
    "",
    table(
      ["", "count"],
      [["comparisons", s.comparisons], ["prompts", s.prompts], ["labels", s.labels], ["annotators", s.annotators], ["gold comparisons", s.goldComparisons]],
    ),
    "",
    "Class balance (labels per verdict):",
    "",
    table(
      ["mode", "verdict", "labels", "share"],
      Object.entries(s.verdicts).flatMap(([mode, vs]) => {
        const total = Object.values(vs).reduce((a, b) => a + b, 0);
        return Object.entries(vs).sort().map(([v, n]) => [mode, v, n, pct(n, total)]);
      }),
    ),
    "",
    `Strength (1 slightly, 2 clearly, 0 tie): ${Object.entries(s.strengths).sort().map(([k, n]) => `${k}: ${n}`).join(", ") || "–"}.`,
    `Sources: ${Object.entries(s.sources).sort().map(([k, n]) => `${k}: ${n}`).join(", ") || "–"}.`,
    "",
    s.agreement
      ? `Agreement: Krippendorff's α (nominal, verdicts) = ${s.agreement.krippendorffAlpha === null ? "undefined (a single verdict used)" : s.agreement.krippendorffAlpha.toFixed(3)} over ${s.agreement.comparisons} comparisons with two or more labels.`
      : "Agreement: not available (no comparison has two labels).",
    "",
  );
  return parts.join("\n");
}
