import { describe, expect, it } from "vitest";
import { createRng } from "../simulator/rng";
import { repetitionScore, summarizeRepetition } from "./repetition";

const WORDS = "the a model answer reasons about each fact then checks its result carefully before stating why numbers matter here in this case".split(" ");
function prose(seed: number, words: number): string {
  const rng = createRng(seed);
  return Array.from({ length: words }, () => WORDS[rng.int(WORDS.length)]).join(" ");
}

describe("repetitionScore", () => {
  it("scores ordinary varied prose near zero", () => {
    const text =
      "Photosynthesis turns light into chemical energy. Chlorophyll absorbs red and blue light, water is split, " +
      "oxygen is released, and the Calvin cycle fixes carbon dioxide into sugars that the plant stores as starch.";
    const s = repetitionScore(text);
    expect(s.unit).toBe("word");
    expect(s.repeatedNgramShare).toBe(0);
    expect(s.longestRepeatedRun).toBe(0);
  });

  it("scores a looping answer near one, and a loop at the end by its longest run", () => {
    const loop = repetitionScore("The answer is 4. ".repeat(60));
    expect(loop.repeatedNgramShare).toBeGreaterThan(0.95);
    expect(loop.longestRepeatedRun).toBeGreaterThan(0.95);
    const tail = repetitionScore(prose(1, 200) + " " + "I am sure of it. ".repeat(40));
    expect(tail.longestRepeatedRun).toBeGreaterThan(0.4);
  });

  it("sees loops without spaces through character n-grams", () => {
    const s = repetitionScore("ab".repeat(500));
    expect(s.unit).toBe("char");
    expect(s.repeatedNgramShare).toBeGreaterThan(0.95);
    expect(repetitionScore("short").ngrams).toBe(0);
  });

  it("is linear and size-capped: a 4 MB loop is cut and scored fast", () => {
    const huge = "loop loop again and again ".repeat(160_000);
    const t0 = performance.now();
    const s = repetitionScore(huge);
    expect(performance.now() - t0).toBeLessThan(500);
    expect(s.ngrams).toBeLessThan(5_000);
  });
});

describe("summarizeRepetition", () => {
  it("counts the share of looping samples", () => {
    const texts = [prose(2, 120), prose(3, 120), "again and again we say ".repeat(30), prose(4, 120)];
    const r = summarizeRepetition(texts);
    expect(r.n).toBe(4);
    expect(r.loopingShare).toBe(0.25);
    expect(r.meanRepeatedShare).toBeGreaterThan(0.2);
  });
});
