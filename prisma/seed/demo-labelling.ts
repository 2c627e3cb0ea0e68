/**
 * Demo labelling queue: 40 AlpacaEval instructions with answers from four models (from
 * ../shared/data/alpaca_eval when present, else a small built-in set), two sampled A-vs-B pairs per
 * prompt wanting 3 labels each, and a few gold attention checks — so annotator@demo.local has work on
 * first start. Idempotent by dataset name; goes through the same import and comparison code as users.
 */
import { createReadStream, existsSync } from "node:fs";
import path from "node:path";
import type { Db } from "@core/db/client";
import type { Actor } from "@core/auth/actor";
import { parseImport, type ImportRecord } from "@core/formats";
import { storeRecords } from "@core/datasets/store-records";
import { generateComparisons } from "@core/datasets/generate-comparisons";

export const DEMO_LABELLING_DATASET = "Demo · AlpacaEval labelling";
const ALPACA_DIR = path.resolve(import.meta.dirname, "../../../shared/data/alpaca_eval");
const MODELS = ["gpt4_1106_preview", "claude-3-5-sonnet-20240620", "Llama-3-Instruct-8B-SimPO", "gpt-3.5-turbo-0613"];
const PROMPTS = 40;

const GUIDELINES = `**Which answer serves the user better?**

1. Correct and safe first: a wrong or harmful answer loses to a plain correct one.
2. Then helpful: does it do what was asked, completely, at a sensible length? Longer is *not* better by itself.
3. Then clear: structure, code that runs, no filler.

Choose **same** when you cannot honestly prefer one. Use *slightly* vs *clearly* for how sure you are.
Flag (F) broken prompts or answers you cannot judge; skip (K) if it is outside what you know.`;

const BUILT_IN: Array<{ prompt: string; answers: [string, string, string] }> = [
  { prompt: "Give three tips for staying healthy.", answers: ["1. Eat vegetables.\n2. Sleep 7–9 hours.\n3. Move every day.", "Stay healthy by being healthy.", "Drink water, exercise regularly, and see a doctor for check-ups. Also, **sleep well**."] },
  { prompt: "What is the capital of Australia?", answers: ["Canberra.", "Sydney is the capital of Australia.", "The capital of Australia is **Canberra**, chosen as a compromise between Sydney and Melbourne."] },
  { prompt: "Write a Python function that reverses a string.", answers: ["```python\ndef reverse(s: str) -> str:\n    return s[::-1]\n```", "Use a loop.", "```python\ndef reverse(s):\n    out = ''\n    for ch in s:\n        out = ch + out\n    return out\n```"] },
  { prompt: "Explain photosynthesis to a 10-year-old.", answers: ["Plants use sunlight, water and air to make their own food (sugar) and give off oxygen for us to breathe.", "Photosynthesis is the process by which chloroplasts convert photons via the Calvin cycle.", "It's how plants eat sunlight! Leaves catch light and turn water and carbon dioxide into sugar, and breathe out oxygen."] },
  { prompt: "Translate 'good morning' into French and Spanish.", answers: ["French: *bonjour*; Spanish: *buenos días*.", "Bonjour.", "French: bonne nuit; Spanish: buenas noches."] },
  { prompt: "Summarise the plot of Romeo and Juliet in two sentences.", answers: ["Two young lovers from feuding families in Verona marry in secret. A chain of misunderstandings leads both to take their own lives, which finally reconciles their families.", "It's a play by Shakespeare.", "Romeo and Juliet fall in love at a party, marry secretly, and after Romeo is banished a failed plan leads to both their deaths."] },
];

function builtInRecords(): ImportRecord[] {
  return BUILT_IN.map((p, i) => ({
    format: "native",
    prompt: p.prompt,
    responses: p.answers.map((text, k) => ({ model: `demo-model-${"abc"[k]}`, text })),
    sourceLine: i + 1,
  }));
}

async function alpacaRecords(): Promise<ImportRecord[] | null> {
  const files = MODELS.map((m) => path.join(ALPACA_DIR, `${m}.json`));
  if (!files.every((f) => existsSync(f))) return null;
  const out: ImportRecord[] = [];
  for (const f of files) {
    let n = 0;
    for await (const ev of parseImport(createReadStream(f), { source: path.basename(f) })) {
      if (!ev.ok) continue;
      out.push(ev.record);
      if (++n >= PROMPTS) break; // the files list the same instructions in the same order
    }
  }
  return out;
}

export async function seedDemoLabelling(db: Db): Promise<string> {
  const existing = await db.dataset.findFirst({ where: { name: DEMO_LABELLING_DATASET }, select: { id: true } });
  if (existing) return `kept "${DEMO_LABELLING_DATASET}"`;
  const researcher = await db.user.findUnique({ where: { email: "researcher@demo.local" } });
  if (!researcher) throw new Error("demo accounts missing: run the accounts step first");
  const actor: Actor = { kind: "user", userId: researcher.id, role: "researcher", email: researcher.email, name: researcher.name };
  const records = (await alpacaRecords()) ?? builtInRecords();
  const ds = await db.dataset.create({
    data: { name: DEMO_LABELLING_DATASET, description: "Real answers of several LLMs to AlpacaEval instructions; label which is better.", guidelines: GUIDELINES, goldRate: 0.1, createdById: researcher.id },
  });
  const stored = await storeRecords(ds.id, records);
  const made = await generateComparisons(actor, ds.id, { mode: "pairwise", overlap: 3, strategy: "sample", perPrompt: 2, attentionChecks: 6, seed: 7 });
  return `${stored.promptsAdded} prompts, ${stored.answersAdded} answers, ${made.created} comparisons (k=3), ${made.gold} gold`;
}
