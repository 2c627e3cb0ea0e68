import { describe, expect, it } from "vitest";
import { applyPadding, harvestPaddings, paddingFor } from "./run-padding";

const r = (prompt: string, response: string) => ({ prompt, response });

describe("harvestPaddings", () => {
  it("finds the words a policy wraps its answers in, seen with several prompts, most widespread first", () => {
    const rollouts = [
      r("What is 7+2?", "It is 9."),
      r("What is 7+2?", "Sure! It is 9. Hope this helps!"),
      r("What is 7+2?", "It is 9. Glad to help."),
      r("Capital of France?", "Paris is the capital."),
      r("Capital of France?", "Sure! Paris is the capital. Hope this helps!"),
      r("Which is larger, 3 or 5?", "5 is larger."),
      r("Which is larger, 3 or 5?", "Sure! 5 is larger. Hope this helps!"),
    ];
    const found = harvestPaddings(rollouts);
    // "Glad to help." appears around one prompt only: not counted.
    expect(found).toEqual([{ before: "Sure! ", after: " Hope this helps!" }]);
    // Input order does not matter.
    expect(harvestPaddings([...rollouts].reverse())).toEqual(found);
  });

  it("ignores prompt-specific additions (an explanation is content), short answers and unrelated rollouts", () => {
    const rollouts = [
      r("What is 12+30?", "It is 42."),
      r("What is 12+30?", "It is 42. Because 12+30 = 42."),
      r("What is 5+5?", "It is 10."),
      r("What is 5+5?", "It is 10. Because 5+5 = 10."),
      r("Yes or no?", "Yes."),
      r("Yes or no?", "Yes. Hope this helps!"),
      r("Other?", "Yes."),
      r("Other?", "Yes. Hope this helps!"),
      r("Capital of Peru?", "Lima is the capital."),
      r("Capital of Peru?", "The capital is Cusco, I think."),
    ];
    expect(harvestPaddings(rollouts)).toEqual([]);
  });

  it("caps the result and is empty for no input", () => {
    expect(harvestPaddings([])).toEqual([]);
    const many = Array.from({ length: 10 }, (_, i) => [r(`p${i}`, `Answer number ${i}.`), r(`p${i}`, `Answer number ${i}. Note ${i % 3}.`)]).flat();
    expect(harvestPaddings(many, 2)).toHaveLength(2);
  });
});

describe("applyPadding and paddingFor", () => {
  it("wraps the trimmed answer; picks a padding by the answer's text, stable and independent of position", () => {
    expect(applyPadding("  It is 9. ", { before: "Sure! ", after: " Hope this helps!" })).toBe("Sure! It is 9. Hope this helps!");
    const pads = [
      { before: "", after: " A." },
      { before: "B ", after: "" },
    ];
    expect(paddingFor("x", [])).toBeNull();
    expect(paddingFor("It is 9.", pads)).toEqual(paddingFor("It is 9.", pads));
    const picks = new Set(Array.from({ length: 40 }, (_, i) => JSON.stringify(paddingFor(`answer ${i}`, pads))));
    expect(picks.size).toBe(2);
  });
});

describe("harvestPaddings and repetition", () => {
  it("does not take an answer repeating itself (or cut mid-repeat) for padding", () => {
    const rollouts = ["Q7X", "K2M", "Z9P"].flatMap((code) => [
      r(`Echo the code: ${code}`, `The code is ${code}.`),
      r(`Echo the code: ${code}`, `The code is ${code}.\n\nThe code is`),
      r(`Echo the code: ${code}`, `The code is ${code}. The code is ${code}.`),
    ]);
    expect(harvestPaddings(rollouts)).toEqual([]);
  });
});
