/** Scoring the demo tournaments' picks against genrm/demo-task's truth. */
import { describe, expect, it } from "vitest";
import { generateJudgeItems } from "@genrm/demo-task";
import { demoAnswerTruth, describeReferenceQuality, scoreReferences } from "./demo-reference-quality";

describe("demo reference quality", () => {
  it("knows every seeded answer's correctness (correct answers score ≥ 0.8, wrong ones ≤ 0.25)", () => {
    const truth = demoAnswerTruth(7, 40);
    const items = generateJudgeItems({ seed: 7, count: 40, itemsPerPrompt: 2 });
    for (const it of items) {
      expect(truth.get(`${it.prompt}\u0000${it.reference}`)).toBe(it.referenceQuality >= 0.5);
      expect(truth.get(`${it.prompt}\u0000${it.candidate}`)).toBe(it.candidateQuality >= 0.5);
    }
  });
  it("counts correct picks separately for decided and undecided prompts; skips prompts with no correct answer or unknown answers", () => {
    const truth = new Map([
      ["p1\u0000right", true],
      ["p1\u0000wrong", false],
      ["p2\u0000wrong", false],
      ["p2\u0000bad", false],
    ]);
    const q = scoreReferences(
      [
        { prompt: "p1", candidates: ["right", "wrong"], chosen: "right", undecided: false },
        { prompt: "p1", candidates: ["right", "wrong"], chosen: "wrong", undecided: false },
        { prompt: "p1", candidates: ["right", "wrong"], chosen: "wrong", undecided: true },
        { prompt: "p2", candidates: ["wrong", "bad"], chosen: "bad", undecided: false },
        { prompt: "p3", candidates: ["x", "y"], chosen: "x", undecided: false },
        { prompt: "p1", candidates: ["right", "wrong"], chosen: null, undecided: false },
      ],
      truth,
    );
    expect(q).toEqual({ scored: 3, decided: 2, decidedCorrect: 1, undecided: 1, undecidedCorrect: 0, skipped: 3 });
    expect(describeReferenceQuality(q)).toBe("correct reference on 1/2 decided prompts (50 %), 0/1 undecided ones (0 %); 3 prompt(s) without a correct answer not counted");
  });
});
