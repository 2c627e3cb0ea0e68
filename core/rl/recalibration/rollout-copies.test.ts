import { describe, expect, it } from "vitest";
import { TEMPLATE_VERSION } from "../../../genrm/template";
import type { JudgeBackend, JudgeItem } from "../../../genrm/types";
import { probsFromLogprobs } from "../../../genrm/verdicts";
import { isProbePrompt } from "./recent-rollouts";
import { rolloutCopies } from "./rollout-copies";

/** A judge sure of its verdict on right (“It is 9.”) and wrong answers, unsure on evasions. */
const judge: JudgeBackend = {
  kind: "test",
  modelId: "copies",
  templateVersion: TEMPLATE_VERSION,
  judge: async (items: JudgeItem[]) =>
    items.map((it) => {
      const score = (s: string) => (s.includes("It is 9") ? 1 : s.includes("not sure") ? 0.5 : 0);
      const d = score(it.candidate) - score(it.reference);
      return Math.abs(d) === 0.5 ? probsFromLogprobs({ better: 0, same: 0, worse: 0 }) : probsFromLogprobs({ better: 4 * d, same: d === 0 ? 3 : 0, worse: -4 * d });
    }),
};

const rollout = (original: string) => ({ prompt: "What is 7+2?", reference: "It is 9.", original, padded: `Sure! ${original} Hope this helps!`, withCloser: `${original} I hope this helps.`, correct: null });

describe("rolloutCopies", () => {
  it("labels a rollout and its padded copy with the version's verdict on the rollout as written; skips unsure ones", async () => {
    const records = await rolloutCopies([rollout("It is 9."), rollout("It is 5."), rollout("I am not sure.")], judge);
    expect(records.map((r) => [r.candidate, r.verdict])).toEqual([
      ["It is 9.", "same"],
      ["Sure! It is 9. Hope this helps!", "same"],
      ["It is 5.", "worse"],
      ["Sure! It is 5. Hope this helps!", "worse"],
    ]);
    expect(new Set(records.map((r) => r.promptId)).size).toBe(1);
  });
});

describe("isProbePrompt", () => {
  it("splits prompts in two stable halves", () => {
    const prompts = Array.from({ length: 200 }, (_, i) => `prompt ${i}`);
    const probe = prompts.filter(isProbePrompt);
    expect(probe.length).toBeGreaterThan(60);
    expect(probe.length).toBeLessThan(140);
    expect(prompts.filter(isProbePrompt)).toEqual(probe);
  });
});
