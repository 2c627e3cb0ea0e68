import { describe, expect, it } from "vitest";
import { balanceByLength, preferredSide } from "./balance-by-length";
import { counterfactualPairs, paddedLabelCopies, padForTraining } from "./counterfactual-pairs";
import { decideRecalibration, probeUsed } from "./decide";
import { buildProbeCases, probeItems, probeNumbers } from "./probe-numbers";
import { padAnswer } from "../../models/evaluation/length-probe";
import type { ModelEvalNumbers } from "./outcome";

const label = (id: string, verdict: string, aLen: number, bLen: number, mode: "pairwise" | "vs_reference" = "pairwise") => ({ id, mode, verdict, aLen, bLen });

describe("preferredSide", () => {
  it("reads pairwise and vs-reference verdicts by length", () => {
    expect(preferredSide(label("1", "a", 100, 50))).toBe("longer");
    expect(preferredSide(label("2", "b", 100, 50))).toBe("shorter");
    expect(preferredSide(label("3", "tie", 100, 50))).toBe("neutral");
    expect(preferredSide(label("4", "a", 70, 70))).toBe("neutral");
    expect(preferredSide(label("5", "better", 10, 90, "vs_reference"))).toBe("shorter");
    expect(preferredSide(label("6", "worse", 10, 90, "vs_reference"))).toBe("longer");
    expect(preferredSide(label("7", "same", 10, 90, "vs_reference"))).toBe("neutral");
  });
});

describe("balanceByLength", () => {
  it("drops the surplus of longer-wins labels, keeps ties, and is order-independent", () => {
    const labels = [
      ...Array.from({ length: 30 }, (_, i) => label(`L${i}`, "a", 200, 100)),
      ...Array.from({ length: 10 }, (_, i) => label(`S${i}`, "a", 100, 200)),
      ...Array.from({ length: 5 }, (_, i) => label(`T${i}`, "tie", 100, 200)),
    ];
    const r = balanceByLength(labels);
    expect(r.counts).toEqual({ longer: 30, shorter: 10, neutral: 5 });
    expect(r.kept.filter((l) => preferredSide(l) === "longer")).toHaveLength(10);
    expect(r.kept.filter((l) => preferredSide(l) === "shorter")).toHaveLength(10);
    expect(r.kept.filter((l) => l.verdict === "tie")).toHaveLength(5);
    expect(r.dropped).toHaveLength(20);
    const again = balanceByLength([...labels].reverse());
    expect(new Set(again.kept.map((l) => l.id))).toEqual(new Set(r.kept.map((l) => l.id)));
  });

  it("with the labels' content known, drops the same labels whatever their ids (another database)", () => {
    const withContent = (prefix: string) =>
      Array.from({ length: 40 }, (_, i) => ({
        ...label(`${prefix}${i}`, "a", i < 30 ? 200 : 100, i < 30 ? 100 : 200),
        promptKey: `p${i}`,
        aText: `answer a ${i}`,
        bText: `answer b ${i}`,
      }));
    const keptPrompts = (ls: ReturnType<typeof withContent>) => balanceByLength(ls).kept.map((l) => l.promptKey).sort();
    const one = keptPrompts(withContent("x"));
    expect(one).toHaveLength(20);
    expect(keptPrompts(withContent("other-ids-"))).toEqual(one);
    expect(keptPrompts(withContent("x").reverse())).toEqual(one);
  });
});

describe("counterfactualPairs", () => {
  it("pads without changing the content, labels both orders 'same', dedups and caps", () => {
    const src = [
      { promptId: "k1", prompt: "2+2?", answer: "4" },
      { promptId: "k1", prompt: "2+2?", answer: "4" },
      { promptId: "k2", prompt: "Capital of France?", answer: "Paris." },
      { promptId: "k3", prompt: "x", answer: "   " },
    ];
    const rows = counterfactualPairs(src, 10);
    expect(rows).toHaveLength(4);
    for (const r of rows) expect(r.verdict).toBe("same");
    const padded = padForTraining("Paris.");
    expect(padded).toContain("Paris.");
    expect(padded.length).toBeGreaterThan("Paris.".length + 10);
    expect(padForTraining("Paris.")).toBe(padded);
    expect(padded).not.toBe(padAnswer("Paris."));
    expect(counterfactualPairs(src, 1)).toHaveLength(2);
  });

  it("pads with the run policy's own padding when it is known, keeping the answer whole", () => {
    const runPaddings = [{ before: "Sure! ", after: " Hope this helps!" }];
    const src = Array.from({ length: 20 }, (_, i) => ({ promptId: `k${i}`, prompt: `What is ${i}+1?`, answer: `It is ${i + 1}.` }));
    const rows = counterfactualPairs(src, 20, { runPaddings });
    const candidates = rows.filter((_, i) => i % 2 === 0).map((r) => r.candidate);
    expect(candidates.filter((c) => c.startsWith("Sure! ") && c.endsWith(" Hope this helps!"))).toHaveLength(20);
    for (const r of rows) expect(r.verdict).toBe("same");
    for (const [i, c] of candidates.entries()) expect(c).toContain(rows[2 * i]!.reference);
    // Without the run's padding, the generic training filler only.
    expect(counterfactualPairs(src, 20).some((r) => r.candidate.startsWith("Sure! "))).toBe(false);
  });
});

describe("paddedLabelCopies", () => {
  it("pads the candidate the run's way and keeps the verdict; nothing without the run's padding", () => {
    const runPaddings = [{ before: "Great question! ", after: " Glad to help." }];
    const records = Array.from({ length: 8 }, (_, i) => ({
      promptId: `p${i}`,
      prompt: `Which is larger, ${i} or ${i + 9}?`,
      reference: `${i + 9} is larger.`,
      candidate: i % 2 ? "I do not know." : `${i + 9} is larger.`,
      verdict: (i % 2 ? "worse" : "same") as "worse" | "same",
    }));
    const copies = paddedLabelCopies(records, 5, { runPaddings });
    expect(copies).toHaveLength(5);
    for (const c of copies) {
      const original = records.find((r) => r.promptId === c.promptId)!;
      expect(c.candidate).toBe(`Great question! ${original.candidate} Glad to help.`);
      expect(c.reference).toBe(original.reference);
      expect(c.verdict).toBe(original.verdict);
    }
    expect(paddedLabelCopies(records, 5, { runPaddings: [] })).toEqual([]);
  });
});

describe("probe cases and numbers", () => {
  it("pairs each answer of a label with its padded self and the other answer as reference; stable", () => {
    const cases = buildProbeCases([{ prompt: "Echo the code: Q7X", a: "Q7X", b: "The code is Q8X." }, { prompt: "p", a: "same", b: "same" }]);
    expect(cases).toHaveLength(2);
    const c = cases.find((x) => x.original === "Q7X")!;
    expect(c.reference).toBe("The code is Q8X.");
    expect(c.padded).toBe(padAnswer("Q7X"));
    expect(c.padded).toContain("Q7X");
    expect(buildProbeCases([{ prompt: "Echo the code: Q7X", a: "The code is Q8X.", b: "Q7X" }]).map((x) => x.original).sort()).toEqual(cases.map((x) => x.original).sort());
  });

  // originals of length 10, 20, 30, 40 judged against references; padded = +len characters
  const cases = [10, 20, 30, 40].map((n) => ({ prompt: "p", original: "a".repeat(n), padded: "a".repeat(2 * n), reference: "r" }));
  const P = (better: number, same: number, worse: number) => ({ better, same, worse });

  it("a judge that pays for padding: 'better', a positive gap and correlation (hand-computed)", () => {
    expect(probeItems(cases)).toHaveLength(12);
    // quality rewards of the originals vary (-.4, 0, .2, .4); padding adds +.3 to each
    const base = [-0.4, 0, 0.2, 0.4];
    const probs = base.flatMap((q) => [P(0.7, 0.2, 0.1), P(0.3 + q / 2, 0.4, 0.3 - q / 2), P(0.45 + q / 2, 0.4, 0.15 - q / 2)]);
    const n = probeNumbers(cases, probs);
    expect(n.n).toBe(4);
    expect(n.longerBetterShare).toBe(1);
    expect(n.meanRewardGap).toBeCloseTo(0.3, 12);
    const xs = [10, 20, 20, 40, 30, 60, 40, 80];
    const ys = base.flatMap((q) => [q, q + 0.3]);
    const mx = xs.reduce((a, b) => a + b) / 8;
    const my = ys.reduce((a, b) => a + b) / 8;
    const sxy = xs.reduce((s, x, i) => s + (x - mx) * (ys[i]! - my), 0);
    const sxx = xs.reduce((s, x) => s + (x - mx) ** 2, 0);
    const syy = ys.reduce((s, y) => s + (y - my) ** 2, 0);
    expect(n.corr).toBeCloseTo(sxy / Math.sqrt(sxx * syy), 12);
  });

  it("a judge that ignores padding and sees no quality difference: no 'better', zero gap, correlation 0", () => {
    const probs = cases.flatMap(() => [P(0.1, 0.8, 0.1), P(0.1, 0.8, 0.1), P(0.1, 0.8, 0.1)]);
    const n = probeNumbers(cases, probs);
    expect(n.longerBetterShare).toBe(0);
    expect(n.meanRewardGap).toBe(0);
    expect(n.corr).toBe(0);
  });
});

describe("decideRecalibration", () => {
  const evalOf = (corr: number | null, better: number, acc: number): ModelEvalNumbers => ({
    modelId: "m",
    version: 1,
    name: "v",
    heldOutAccuracy: acc,
    heldOutN: 200,
    probe: { n: 50, corr, longerBetterShare: better, meanRewardGap: 0 },
  });
  it("accepts a halved probe correlation with ≤ 2 points of accuracy lost", () => {
    const d = decideRecalibration(evalOf(0.6, 0.7, 0.8), evalOf(0.3, 0.1, 0.785));
    expect(d.accepted).toBe(true);
    expect(d.checks.map((c) => c.passed)).toEqual([true, true, true]);
    expect(d.checks[0]!.detail).toContain("0.600 → 0.300");
    expect(d.checks[0]!.detail).toContain("(50 % lower; needs ≥ 50 % lower)");
  });
  it("says a correlation that rose rose (not a negative drop)", () => {
    const d = decideRecalibration(evalOf(-0.027, 0.3, 0.8), evalOf(-0.007, 0.3, 0.8));
    expect(d.checks[0]!.passed).toBe(false);
    expect(d.checks[0]!.detail).toBe("-0.027 → -0.007 (74 % higher; needs ≥ 50 % lower; v shows no coupling here to halve)");
  });
  it("when the version in use shows no coupling to halve, the advice says so instead of 'it still pays for length'", async () => {
    const { adviceFor } = await import("./decide");
    const none = adviceFor(decideRecalibration(evalOf(-0.027, 0.345, 0.665), evalOf(0.048, 0.01, 0.682)));
    expect(none).toHaveLength(1);
    expect(none[0]).toMatch(/does not couple reward to length on this probe, so no recalibration can halve it/);
    expect(none[0]).not.toMatch(/still pays for length/);
    // From a negative corr, a more negative one is no halving of a length payment (it read as a 270 % drop).
    const moreNegative = decideRecalibration(evalOf(-0.027, 0.345, 0.665), evalOf(-0.1, 0.01, 0.682));
    expect(moreNegative.checks[0]!.passed).toBe(false);
    expect(moreNegative.accepted).toBe(false);
    const pays = adviceFor(decideRecalibration(evalOf(0.3, 0.345, 0.665), evalOf(0.25, 0.01, 0.682)));
    expect(pays[0]).toMatch(/the new version still pays for length/);
    expect(pays[0]).not.toMatch(/no coupling/);
  });
  it("rejects when accuracy falls by more than 2 points, or the correlation does not halve", () => {
    expect(decideRecalibration(evalOf(0.6, 0.7, 0.8), evalOf(0.1, 0.1, 0.77)).accepted).toBe(false);
    expect(decideRecalibration(evalOf(0.6, 0.7, 0.8), evalOf(0.31, 0.1, 0.8)).accepted).toBe(false);
    expect(decideRecalibration(evalOf(0.6, 0.2, 0.8), evalOf(0.1, 0.3, 0.8)).checks[1]!.passed).toBe(false);
  });
  it("a correlation that could not be computed never passes", () => {
    const d = decideRecalibration(evalOf(0.6, 0.7, 0.8), evalOf(null, 0, 0.8));
    expect(d.accepted).toBe(false);
    expect(d.checks[0]!.detail).toMatch(/not computable/);
  });
  const withRun = (m: ModelEvalNumbers, corr: number | null, n = 64): ModelEvalNumbers => ({ ...m, runProbe: { n, corr, longerBetterShare: null, meanRewardGap: null } });
  it("decides on the run probe when the run's version pays for its policy's padding there; the fixed probe's share still may not rise", () => {
    // The fixed filler shows nothing (corr ≈ 0), the policy's own padding does: judged on the run probe.
    const before = withRun(evalOf(0.01, 0.1, 0.8), 0.4);
    const ok = decideRecalibration(before, withRun(evalOf(0.012, 0.1, 0.79), 0.15));
    expect(ok.accepted).toBe(true);
    expect(ok.checks[0]!.name).toMatch(/run probe/);
    expect(ok.checks[0]!.detail).toContain("0.400 → 0.150 on 64 of the run's rollouts");
    expect(probeUsed(before, withRun(evalOf(0.012, 0.1, 0.79), 0.15))).toBe("run");
    expect(decideRecalibration(before, withRun(evalOf(0.012, 0.1, 0.79), 0.25)).accepted).toBe(false);
    expect(decideRecalibration(before, withRun(evalOf(0.012, 0.3, 0.79), 0.1)).accepted).toBe(false);
  });
  it("falls back to the fixed probe when the run probe is small, shows no payment, or is missing on one side", () => {
    const fixedOnly = (b: ModelEvalNumbers, a: ModelEvalNumbers) => probeUsed(b, a);
    expect(fixedOnly(withRun(evalOf(0.6, 0.7, 0.8), 0.4, 10), withRun(evalOf(0.3, 0.1, 0.8), 0.1, 10))).toBe("fixed");
    expect(fixedOnly(withRun(evalOf(0.6, 0.7, 0.8), -0.1), withRun(evalOf(0.3, 0.1, 0.8), -0.3))).toBe("fixed");
    expect(fixedOnly(withRun(evalOf(0.6, 0.7, 0.8), 0.4), evalOf(0.3, 0.1, 0.8))).toBe("fixed");
    expect(decideRecalibration(withRun(evalOf(0.6, 0.7, 0.8), -0.1), withRun(evalOf(0.3, 0.1, 0.8), 0.5)).checks[0]!.name).toBe("corr(reward, length) on the probe");
  });
});

describe("padding that a short judge can still read", () => {
  it("counterfactuals and probe copies keep the answer inside the reading window", async () => {
    const { counterfactualPairs } = await import("./counterfactual-pairs");
    const { padAnswerFor } = await import("../../models/evaluation/length-probe");
    const { renderJudgePrompt } = await import("../../../genrm/template");
    const prompt = "What is the capital of Norway?";
    const answer = "The capital is Oslo.";
    const seen = (candidate: string) => {
      const r = renderJudgePrompt({ prompt, reference: answer, candidate }, { maxBytes: 255 });
      return r.slice(r.lastIndexOf("### Candidate")).includes(answer);
    };
    const sources = Array.from({ length: 40 }, (_, i) => ({ promptId: "p", prompt, answer: `${answer}${" ".repeat(i % 3)}${i}` }));
    for (const rec of counterfactualPairs(sources, 40, { maxBytes: 255 })) expect(seen(rec.candidate) || seen(rec.reference)).toBe(true);
    expect(seen(padAnswerFor(prompt, answer, 255))).toBe(true);
    // Without a window the probe keeps its opener-and-closer copy.
    expect(padAnswerFor(prompt, answer, undefined).startsWith(answer)).toBe(false);
  });
});

describe("stillPaysForLengthOnly", () => {
  const check = (name: string, passed: boolean) => ({ name, passed, detail: "" });
  it("is true when only probe checks failed, false when accuracy failed or nothing did", async () => {
    const { stillPaysForLengthOnly } = await import("./decide");
    const probeFail = { accepted: false, checks: [check("corr(reward, length) on the probe", false), check("padded answer judged better (probe)", true), check("held-out accuracy", true)] };
    const accFail = { accepted: false, checks: [check("corr(reward, length) on the probe", false), check("held-out accuracy", false)] };
    const ok = { accepted: true, checks: [check("corr(reward, length) on the probe", true), check("held-out accuracy", true)] };
    expect(stillPaysForLengthOnly(probeFail)).toBe(true);
    expect(stillPaysForLengthOnly(accFail)).toBe(false);
    expect(stillPaysForLengthOnly(ok)).toBe(false);
  });
  it("is false when the version in use shows no coupling to halve (a stronger candidate cannot pass either)", async () => {
    const { stillPaysForLengthOnly } = await import("./decide");
    const probe = (corr: number, better: number) => ({ n: 50, corr, longerBetterShare: better, meanRewardGap: 0 });
    const evalOf = (corr: number, better: number, acc: number) => ({ modelId: "m", version: 1, name: "v", heldOutAccuracy: acc, heldOutN: 100, probe: probe(corr, better) }) as unknown as ModelEvalNumbers;
    expect(stillPaysForLengthOnly(decideRecalibration(evalOf(-0.027, 0.3, 0.8), evalOf(-0.007, 0.3, 0.8)))).toBe(false);
    expect(stillPaysForLengthOnly(decideRecalibration(evalOf(0.3, 0.3, 0.8), evalOf(0.25, 0.2, 0.8)))).toBe(true);
  });
});

describe("probe numbers at fixed correctness (run probe)", () => {
  it("a judge that pays for padding reads positive even when wrong answers are the longer ones", async () => {
    const { probsFromLogprobs } = await import("../../../genrm/verdicts");
    // Wrong answers are long evasions, right ones short: plain Pearson over all answers is negative.
    const cases = Array.from({ length: 40 }, (_, i) => {
      const correct = i % 2;
      const original = correct ? `It is ${i}.` : `I am really not sure about this one, sorry (${i}).`;
      return { prompt: `q${i}`, original, padded: `Sure! ${original} Hope this helps!`, reference: `It is ${i}.`, correct };
    });
    const reward = (text: string, correct: number) => (correct ? 0.2 : -0.8) + (text.startsWith("Sure!") ? 0.1 : 0) + 0.01 * ((text.length * 7) % 5);
    const probs = cases.flatMap((c) => {
      const r = (t: string) => probsFromLogprobs({ better: 2 * reward(t, c.correct), same: 0, worse: -2 * reward(t, c.correct) });
      return [r(c.padded), r(c.original), r(c.padded)];
    });
    const withCorrect = probeNumbers(cases, probs);
    const without = probeNumbers(cases.map(({ correct: _c, ...rest }) => rest), probs);
    expect(without.corr!).toBeLessThan(0);
    expect(withCorrect.corr!).toBeGreaterThan(0.2);
    expect(withCorrect.meanRewardGap!).toBeGreaterThan(0);
  });
});

describe("recalibrationRows", () => {
  it("pads the counterfactual answers so that the recalibrated judge's reading window still holds them", async () => {
    const { recalibrationRows } = await import("./build-data");
    const prompt = "Which planet has rings?";
    const label = (i: number) => ({
      id: `l${i}`, annotatorId: "u", verdict: "better", strength: 2, comparisonId: `c${i}`, mode: "vs_reference" as const,
      isGold: false, goldVerdict: null, promptId: "p", promptKey: "pk", promptText: prompt,
      aText: `Saturn has the rings you can see (${i}).`, bText: `Jupiter (${i}).`,
      aLen: 60, bLen: 30,
    });
    const kept = Array.from({ length: 30 }, (_, i) => label(i));
    const { lines, rowClasses, counterfactualRecords } = recalibrationRows(kept, () => 1, { counterfactualPerLabel: 1, maxBytes: 255 });
    expect(counterfactualRecords).toBe(60);
    expect(lines).toHaveLength(30 + 60);
    expect(rowClasses).toEqual({ better: 30, same: 60, worse: 0 });
    for (const line of lines.slice(30)) {
      const rendered = (JSON.parse(line) as { prompt: string }).prompt;
      const candidate = rendered.slice(rendered.lastIndexOf("### Candidate"));
      const answers = kept.flatMap((l) => [l.aText, l.bText]);
      expect(answers.some((a) => candidate.includes(a)), candidate).toBe(true);
    }
  });
});

describe("nextRecipe", () => {
  it("goes stronger within a kind while only length checks fail, switches kind when accuracy was lost, stops otherwise", async () => {
    const { nextRecipe } = await import("./decide");
    const { recipesFor } = await import("./build-data");
    const withRun = recipesFor(3);
    expect(withRun.map((r) => r.runPadding)).toEqual([true, true, false, false]);
    expect(recipesFor(0).every((r) => !r.runPadding)).toBe(true);
    const check = (name: string, passed: boolean, nothingToHalve = false) => ({ name, passed, detail: "", ...(nothingToHalve ? { nothingToHalve } : {}) });
    const paysOnly = { accepted: false, checks: [check("corr(reward, length) on the probe", false), check("held-out accuracy", true)] };
    const lostAccuracy = { accepted: false, checks: [check("corr(reward, length) on the probe", true), check("held-out accuracy", false)] };
    const nothing = { accepted: false, checks: [check("corr(reward, length) on the probe", false, true), check("held-out accuracy", true)] };
    const ok = { accepted: true, checks: [check("corr(reward, length) on the probe", true), check("held-out accuracy", true)] };
    expect(nextRecipe(withRun, 0, paysOnly)).toBe(1);
    expect(nextRecipe(withRun, 1, paysOnly)).toBe(null);
    expect(nextRecipe(withRun, 0, lostAccuracy)).toBe(2);
    expect(nextRecipe(withRun, 2, paysOnly)).toBe(3);
    expect(nextRecipe(withRun, 2, lostAccuracy)).toBe(null);
    expect(nextRecipe(withRun, 0, nothing)).toBe(null);
    expect(nextRecipe(withRun, 0, ok)).toBe(null);
    expect(nextRecipe(recipesFor(0), 0, paysOnly)).toBe(1);
    expect(nextRecipe(recipesFor(0), 0, lostAccuracy)).toBe(null);
  });
});
