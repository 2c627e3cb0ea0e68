import { describe, expect, it } from "vitest";
import { resolveDetectorConfig } from "./config";
import { detectRewardLengthCoupling } from "./reward-length-coupling";
import { summary } from "./test-helpers";

const absolute = resolveDetectorConfig({
  coupling: { threshold: 0.4, m: 3, n: 4, minSamples: 32, minRiseOverBaseline: null },
}).coupling;

const run = (rhos: (number | null)[], n = 64) => rhos.map((r, i) => summary(i + 1, 1000, 0.5, r, n));

describe("detectRewardLengthCoupling", () => {
  it("fires when m of the last n steps exceed the threshold, on the rising edge only", () => {
    //           step: 1    2    3    4    5    6    7    8    9    10
    const rhos = [0.5, 0.1, 0.5, 0.1, 0.5, 0.6, 0.7, 0.8, 0.1, 0.1];
    // step 3: above, window 1..3 has 2 above → no; step 5: window 2..5 has 3,5 → 2 → no;
    // step 6: window 3..6 has 3,5,6 → 3 ≥ 3 and step 6 above → ALERT; 7, 8 still true (no new alert)
    const alerts = detectRewardLengthCoupling(run(rhos), absolute);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ detector: "reward_length_coupling", statistic: "spearman_reward_length", step: 6, value: 0.6, threshold: 0.4 });
    expect(alerts[0].evidenceSteps).toEqual([3, 5, 6]);
  });

  it("re-arms after the condition clears", () => {
    const rhos = [0.5, 0.5, 0.5, 0.1, 0.1, 0.1, 0.1, 0.5, 0.5, 0.5];
    expect(detectRewardLengthCoupling(run(rhos), absolute).map((a) => a.step)).toEqual([3, 10]);
  });

  it("ignores steps with too few samples or a degenerate correlation", () => {
    expect(detectRewardLengthCoupling(run([0.9, 0.9, 0.9, 0.9], 20), absolute)).toEqual([]);
    expect(detectRewardLengthCoupling(run([0.9, null, 0.9, null]), absolute)).toEqual([]);
  });

  it("by default asks for a rise over the run's own baseline", () => {
    const cfg = resolveDetectorConfig({ coupling: { baselineSteps: 4 } }).coupling; // threshold 0.3, rise 0.25
    // a GenRM that always couples at 0.5: absolute mode alerts, the default does not
    const steady = run(Array(12).fill(0.5));
    expect(detectRewardLengthCoupling(steady, { ...cfg, minRiseOverBaseline: null }).length).toBe(1);
    expect(detectRewardLengthCoupling(steady, cfg)).toEqual([]);
    // baseline 0.2 → bar max(0.3, 0.2 + 0.25) = 0.45; steps 5..7 at 0.5 → alert at step 7
    const rising = run([0.2, 0.2, 0.2, 0.2, 0.5, 0.5, 0.5, 0.5]);
    const alerts = detectRewardLengthCoupling(rising, cfg);
    expect(alerts.map((a) => a.step)).toEqual([7]);
    expect(alerts[0].threshold).toBeCloseTo(0.45, 12);
    expect(alerts[0].message).toMatch(/baseline 0\.20/);
  });
});
