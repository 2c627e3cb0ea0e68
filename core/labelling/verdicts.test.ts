import { describe, expect, it } from "vitest";
import { toStoredVerdict } from "./verdicts";

describe("left/right → stored verdict", () => {
  it("maps through the side shown on the left, for both modes", () => {
    expect(toStoredVerdict("left", "a", "pairwise")).toBe("a");
    expect(toStoredVerdict("left", "b", "pairwise")).toBe("b");
    expect(toStoredVerdict("right", "a", "pairwise")).toBe("b");
    expect(toStoredVerdict("right", "b", "pairwise")).toBe("a");
    expect(toStoredVerdict("same", "b", "pairwise")).toBe("tie");
    // vs reference: A is the candidate; the verdict is about it.
    expect(toStoredVerdict("left", "a", "vs_reference")).toBe("better");
    expect(toStoredVerdict("left", "b", "vs_reference")).toBe("worse");
    expect(toStoredVerdict("right", "b", "vs_reference")).toBe("better");
    expect(toStoredVerdict("same", "a", "vs_reference")).toBe("same");
  });
});
