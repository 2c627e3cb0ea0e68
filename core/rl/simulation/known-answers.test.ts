import { describe, expect, it } from "vitest";
import { withKnownAnswers } from "./known-answers";
import type { PromptSource } from "../../../monitoring/index";

describe("withKnownAnswers", () => {
  it("gives demo questions right and wrong answers and returns prompts in text order, whatever the listing order", () => {
    const listed: PromptSource[] = [
      { prompt: "Zebra facts, please.", response: "Stripes." },
      { prompt: "Which is larger, 90 or 78?", response: "90 is larger." },
      { prompt: "Apples or pears?", response: "Both." },
    ];
    const out = withKnownAnswers(listed);
    expect(out.map((p) => p.prompt)).toEqual(["Apples or pears?", "Which is larger, 90 or 78?", "Zebra facts, please."]);
    expect(withKnownAnswers([...listed].reverse())).toEqual(out);
    const demo = out[1]!;
    expect(demo.right!.length).toBeGreaterThan(0);
    expect(demo.right!.every((a) => a.includes("90"))).toBe(true);
    expect(demo.wrong!.length).toBeGreaterThan(0);
    expect(out[0]!.right).toBeUndefined();
  });
});
