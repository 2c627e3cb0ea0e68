import { describe, expect, it } from "vitest";
import { createRng } from "../../../monitoring/index";
import { diagnose, MIN_ROLLOUTS, NOT_BIASED_MESSAGE } from "./diagnosis";

/** Seeded rollouts: reward = correctness + gain·(padded) + noise; samples with lengths that grow. */
function scenario(seed: number, gain: number, n = 96) {
  const rng = createRng(seed);
  const correct = Array.from({ length: n }, () => rng.bernoulli(0.6));
  const plain = correct.map((c) => (c ? 0.5 : -0.5) + 0.05 * rng.normal());
  const padded = plain.map((r) => r + gain + 0.05 * rng.normal());
  const samples = correct.map((c, i) => {
    const length = 20 + Math.round(60 * rng.next());
    return { length, reward: plain[i]! + gain * ((length - 20) / 60), correct: c ? 1 : 0 };
  });
  return { plain, padded, samples };
}

describe("diagnose: does the GenRM pay for length on the run's rollouts?", () => {
  it("positive: a judge that pays for added words is diagnosed as biased", () => {
    const { plain, padded, samples } = scenario(1, 0.12);
    const d = diagnose(plain, padded, samples);
    expect(d.paysForLength).toBe(true);
    expect(d.meanGain!).toBeGreaterThan(0.1);
    expect(d.longerPaidMoreShare!).toBeGreaterThan(0.9);
    expect(d.couplingAtFixedCorrectness!).toBeGreaterThan(0.3);
    expect(d.message).toMatch(/pays for length/);
  });

  it("negative: a judge indifferent to added words — the growth is the policy's drift", () => {
    const { plain, padded, samples } = scenario(2, 0);
    const d = diagnose(plain, padded, samples);
    expect(d.paysForLength).toBe(false);
    expect(Math.abs(d.meanGain!)).toBeLessThan(0.02);
    expect(d.message.startsWith(NOT_BIASED_MESSAGE)).toBe(true);
  });

  it("negative: a judge that penalises padding is not 'biased' either", () => {
    const { plain, padded, samples } = scenario(3, -0.1);
    expect(diagnose(plain, padded, samples).paysForLength).toBe(false);
  });

  it("a small, consistent gain below the threshold does not spend a recalibration", () => {
    const { plain, samples } = scenario(4, 0);
    const d = diagnose(plain, plain.map((r) => r + 0.01), samples);
    expect(d.longerPaidMoreShare).toBe(1);
    expect(d.paysForLength).toBe(false);
  });

  it("a noisy gain near the threshold is not called either way (the recalibration goes ahead)", () => {
    const { plain, samples } = scenario(6, 0);
    const rng = createRng(7);
    const d = diagnose(plain, plain.map((r) => r + 0.02 + 0.3 * rng.normal()), samples);
    expect(d.paysForLength).toBeNull();
    expect(d.message).toMatch(/not clear/);
  });

  it("too few rollouts: cannot tell (null), and mismatched inputs are refused", () => {
    const { plain, padded, samples } = scenario(5, 0.2, MIN_ROLLOUTS - 1);
    expect(diagnose(plain, padded, samples).paysForLength).toBeNull();
    expect(() => diagnose([0], [], [])).toThrow(RangeError);
  });
});
