import { describe, expect, it } from "vitest";
import { chooseForHumans, MAX_CHECKS_PER_STEP } from "./queue-human-checks";

const samples = Array.from({ length: 400 }, (_, i) => ({ response: `rollout ${i}` }));

describe("chooseForHumans", () => {
  it("samples about the rate, reproducibly, and nothing at rate 0", () => {
    const a = chooseForHumans("run-1", 3, samples.slice(0, 100), 0.2);
    expect(a.length).toBeGreaterThan(8);
    expect(a.length).toBeLessThan(32);
    expect(chooseForHumans("run-1", 3, [...samples.slice(0, 100)].reverse(), 0.2).map((s) => s.response).sort()).toEqual(a.map((s) => s.response).sort());
    expect(chooseForHumans("run-1", 3, samples, 0)).toEqual([]);
  });

  it("differs between steps and runs, and is capped per step", () => {
    const s3 = chooseForHumans("run-1", 3, samples.slice(0, 100), 0.2).map((s) => s.response);
    const s4 = chooseForHumans("run-1", 4, samples.slice(0, 100), 0.2).map((s) => s.response);
    expect(s3).not.toEqual(s4);
    expect(chooseForHumans("run-1", 3, samples, 1)).toHaveLength(MAX_CHECKS_PER_STEP);
  });
});
