/** Ordered demo seed steps after the accounts. Each must be idempotent and return a one-line summary. */
import { demoTournamentsStep } from "./demo-tournaments";
import { seedDemoGenrmLabels } from "./demo-genrm-labels";
import { seedDemoGenrmModel } from "./demo-genrm-model";
import { rlDemoRunStep } from "./rl-demo-run";
import { seedDemoLabelling } from "./demo-labelling";
import type { SeedStep } from "./seed-step";

export const seedSteps: SeedStep[] = [
  // The annotators' first work: AlpacaEval pairs to label.
  { name: "demo labelling queue", run: (db) => seedDemoLabelling(db) },
  {
    name: "demo labels",
    async run(db) {
      const r = await seedDemoGenrmLabels(db);
      return `${r.created ? "created" : "kept"} ${r.labels} simulated GenRM training labels`;
    },
  },
  { name: "demo GenRM", needsModel: true, run: seedDemoGenrmModel },
  // Keep after the demo GenRM step: it judges with the active version.
  demoTournamentsStep,
  // Needs the references the tournaments step picks.
  rlDemoRunStep,
];
