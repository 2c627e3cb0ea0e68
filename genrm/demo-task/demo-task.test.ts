import { describe, expect, it } from "vitest";
import { renderJudgePrompt } from "../template";
import {
  createRng,
  DEMO_MODELS,
  generateJudgeItems,
  generatePromptSets,
  simulatePairwiseLabel,
  simulateVerdictLabel,
  toTrainingRows,
  verdictFor,
} from "./index";

const bytes = (s: string) => new TextEncoder().encode(s).length;

describe("generateJudgeItems", () => {
  const items = generateJudgeItems({ seed: 7, count: 3000 });

  it("is a pure function of the seed", () => {
    expect(generateJudgeItems({ seed: 7, count: 50 })).toEqual(items.slice(0, 50));
    expect(generateJudgeItems({ seed: 8, count: 50 })).not.toEqual(items.slice(0, 50));
  });

  it("labels every item from the hidden qualities of both answers", () => {
    for (const it of items) expect(it.verdict).toBe(verdictFor(it.candidateQuality, it.referenceQuality));
  });

  it("balances the three verdicts by default", () => {
    const counts = { better: 0, same: 0, worse: 0 };
    for (const it of items) counts[it.verdict]++;
    for (const n of Object.values(counts)) expect(n / items.length).toBeGreaterThan(0.28);
  });

  it("needs both answers: the same candidate (or reference) text gets different verdicts", () => {
    const seen = (key: (i: (typeof items)[number]) => string) => {
      const verdicts = new Map<string, Set<string>>();
      for (const it of items) verdicts.set(key(it), (verdicts.get(key(it)) ?? new Set()).add(it.verdict));
      return [...verdicts.values()].filter((s) => s.size > 1).length;
    };
    expect(seen((i) => i.prompt + "\u0000" + i.candidate)).toBeGreaterThan(20);
    expect(seen((i) => i.prompt + "\u0000" + i.reference)).toBeGreaterThan(20);
  });

  it("does not reward verbosity: among equally right answers, length says nothing", () => {
    const same = items.filter((i) => i.verdict === "same");
    const longerCandidate = same.filter((i) => i.candidate.length > i.reference.length * 1.5).length;
    expect(longerCandidate).toBeGreaterThan(50); // such pairs exist, and all are "same"
  });

  it("renders within a small model's 511-byte budget without cutting", () => {
    for (const it of items.slice(0, 500)) expect(bytes(renderJudgePrompt(it))).toBeLessThanOrEqual(511);
  });

  it("keeps the items of one prompt under one group id", () => {
    const rows = toTrainingRows(items.slice(0, 10), { maxBytes: 511 });
    expect(rows[0]!.group).toBe(rows[1]!.group);
    expect(rows[0]!.group).not.toBe(rows[2]!.group);
    expect(rows[0]!.completion).toMatch(/^ (better|same|worse)$/);
  });

  it("unbalanced mode follows the models' accuracies", () => {
    const natural = generateJudgeItems({ seed: 1, count: 2000, balanced: false });
    const worse = natural.filter((i) => i.verdict === "worse").length / natural.length;
    const better = natural.filter((i) => i.verdict === "better").length / natural.length;
    expect(Math.abs(worse - better)).toBeLessThan(0.05); // same model pool on both sides
  });
});

describe("generatePromptSets", () => {
  it("answers every prompt once per model, stronger models more often right", () => {
    const sets = generatePromptSets({ seed: 3, prompts: 400 });
    expect(sets[0]!.answers.map((a) => a.model)).toEqual(DEMO_MODELS.map((m) => m.name));
    const acc = DEMO_MODELS.map((_, k) => sets.filter((s) => s.answers[k]!.correct).length / sets.length);
    expect(acc[0]).toBeGreaterThan(acc[3]! + 0.4);
  });
});

describe("simulated annotators", () => {
  const right = { text: "It is 11.", quality: 0.9 };
  const wrong = { text: "I do not know.", quality: 0 };
  const longRight = { text: "Great question! It is 11. Hope this helps!", quality: 0.8 };

  it("agree with the hidden verdict without noise", () => {
    const rng = createRng(1);
    expect(simulateVerdictLabel(right, wrong, rng, { noise: 0 })).toBe("better");
    expect(simulatePairwiseLabel(wrong, right, rng, { noise: 0 })).toBe("b");
  });

  it("with a length bias, prefer the longer of two equally good answers", () => {
    const rng = createRng(2);
    const labels = Array.from({ length: 400 }, () => simulateVerdictLabel(longRight, right, rng, { noise: 0, lengthBias: 0.5 }));
    const share = labels.filter((l) => l === "better").length / labels.length;
    expect(share).toBeGreaterThan(0.4);
    expect(share).toBeLessThan(0.6);
  });

  it("with noise, sometimes disagree", () => {
    const rng = createRng(3);
    const labels = Array.from({ length: 1000 }, () => simulateVerdictLabel(right, wrong, rng, { noise: 0.3 }));
    const off = labels.filter((l) => l !== "better").length / labels.length;
    expect(off).toBeGreaterThan(0.12);
    expect(off).toBeLessThan(0.28);
  });
});

describe("demoAnswerBank", () => {
  it("answers every generated demo prompt right and wrong, and nothing else", async () => {
    const { demoAnswerBank } = await import("./index");
    const sets = generatePromptSets({ seed: 11, prompts: 300 });
    for (const s of sets) {
      const bank = demoAnswerBank(s.prompt.text)!;
      expect(bank, s.prompt.text).not.toBeNull();
      expect(bank.right.length).toBeGreaterThan(0);
      expect(bank.wrong.length).toBeGreaterThan(0);
      if (s.prompt.kind !== "list") {
        expect(bank.right.every((a) => a.includes(s.prompt.answer))).toBe(true);
        expect(bank.wrong.some((a) => a.includes(s.prompt.answer))).toBe(false);
      }
    }
    expect(demoAnswerBank("Write me a poem.")).toBeNull();
    expect(demoAnswerBank("What is the capital of Atlantis?")).toBeNull();
  });
});
