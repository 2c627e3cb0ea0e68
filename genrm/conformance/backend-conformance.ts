/**
 * The ONE conformance suite every JudgeBackend must pass. Call `runBackendConformance` from a
 * `*.test.ts` file; it registers vitest tests. Imports vitest, so never import it from runtime code
 * (genrm/index.ts does not re-export it). See README.md in this folder.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { judgeBothOrders, judgeBothOrdersOutcomes, requireJudgements, swapItem } from "../debias";
import { BackendError, isItemFailure, VERDICTS, type JudgeBackend, type JudgeItem, type VerdictProbs } from "../types";
import { isValidProbs, mirrorProbs, mirrorVerdict } from "../verdicts";

export interface NetworkFailureHooks {
  /** A backend aimed at an address where nothing listens. */
  unreachable: () => Promise<JudgeBackend>;
  /** A backend aimed at a server that accepts and never answers, with the backend's configured timeout. */
  hanging: () => Promise<{ backend: JudgeBackend; timeoutMs: number; cleanup?: () => Promise<void> }>;
}

export interface ConformanceOptions {
  /** Absolute tolerance when comparing probabilities across calls. Default 1e-6. */
  tolerance?: number;
  /** Characters in each field of the long-text item. Default 1 000 000. */
  longTextChars?: number;
  /** Items used by the order/determinism checks. Default: a built-in mix (unicode, newlines, empty, equal texts). */
  items?: JudgeItem[];
  /** Per-test timeout, ms. Default 60 000. */
  testTimeoutMs?: number;
  /** For backends with a network: failure scenarios. Omitted = those tests are skipped. */
  network?: NetworkFailureHooks;
  /**
   * For backends whose judge can answer unusably (e.g. a reasoning judge with no verdict line): a backend
   * and items of which those at `failing` get such replies. Omitted = that test is skipped.
   */
  itemFailures?: () => Promise<{ backend: JudgeBackend; items: JudgeItem[]; failing: number[]; cleanup?: () => Promise<void> }>;
}

export const CONFORMANCE_ITEMS: JudgeItem[] = [
  { prompt: "What is 2 + 2?", reference: "4", candidate: "2 + 2 = 4." },
  { prompt: "What is 2 + 2?", reference: "2 + 2 = 4.", candidate: "5" },
  { prompt: "Name a prime.", reference: "7", candidate: "7" },
  { prompt: "Übersetze: cat", reference: "Katze 🐈", candidate: "die Katze" },
  { prompt: "Write a haiku.\nAbout rain.", reference: "Rain taps the window\nslow grey afternoon\nthe kettle sings", candidate: "" },
  { prompt: "Explain recursion.", reference: "A function calling itself.", candidate: "Recursion: see recursion. ".repeat(40) },
  { prompt: "日本の首都は?", reference: "東京です。", candidate: "Tokyo." },
];

function expectClose(a: VerdictProbs, b: VerdictProbs, tol: number, what: string): void {
  for (const v of VERDICTS) {
    expect(Math.abs(a[v] - b[v]), `${what}: p(${v}) ${a[v]} vs ${b[v]}`).toBeLessThanOrEqual(tol);
  }
}

async function expectBackendError(p: Promise<unknown>, codes: string[]): Promise<BackendError> {
  try {
    await p;
  } catch (err) {
    expect(err, `expected a BackendError, got ${String(err)}`).toBeInstanceOf(BackendError);
    expect(codes).toContain((err as BackendError).code);
    return err as BackendError;
  }
  throw new Error(`expected a BackendError (${codes.join(" | ")}), but the call succeeded`);
}

export function runBackendConformance(name: string, makeBackend: () => Promise<JudgeBackend>, opts: ConformanceOptions = {}): void {
  const tol = opts.tolerance ?? 1e-6;
  const items = opts.items ?? CONFORMANCE_ITEMS;
  const timeout = opts.testTimeoutMs ?? 60_000;

  describe(`JudgeBackend conformance: ${name}`, () => {
    let backend: JudgeBackend;
    beforeAll(async () => {
      backend = await makeBackend();
    });
    afterAll(async () => {
      await backend?.close?.();
    });

    it("names its kind, model id and template version", () => {
      for (const s of [backend.kind, backend.modelId, backend.templateVersion]) {
        expect(typeof s).toBe("string");
        expect(s.length).toBeGreaterThan(0);
      }
    });

    it("returns [] for an empty batch", async () => {
      expect(await backend.judge([])).toEqual([]);
    }, timeout);

    it("returns one distribution per item, each in [0, 1] and summing to 1", async () => {
      const probs = requireJudgements(await backend.judge(items));
      expect(probs).toHaveLength(items.length);
      for (const [i, p] of probs.entries()) {
        expect(isValidProbs(p, 1e-6), `item ${i}: ${JSON.stringify(p)}`).toBe(true);
      }
    }, timeout);

    it("is deterministic: the same batch twice gives the same answers", async () => {
      const [a, b] = [requireJudgements(await backend.judge(items)), requireJudgements(await backend.judge(items))];
      a.forEach((p, i) => expectClose(p, b[i]!, tol, `item ${i}`));
    }, timeout);

    it("keeps order: a batch answers like each item judged alone, and a reversed batch reverses the answers", async () => {
      const batch = requireJudgements(await backend.judge(items));
      for (const [i, item] of items.entries()) {
        const [alone] = requireJudgements(await backend.judge([item]));
        expectClose(batch[i]!, alone!, tol, `item ${i} batched vs alone`);
      }
      const reversed = requireJudgements(await backend.judge([...items].reverse()));
      reversed.reverse().forEach((p, i) => expectClose(p, batch[i]!, tol, `item ${i} in reversed batch`));
    }, timeout);

    it("mirrors under both-order debiasing: judging swapped items gives mirrored results", async () => {
      const fwd = await judgeBothOrders(backend, items);
      const swp = await judgeBothOrders(backend, items.map(swapItem));
      expect(fwd).toHaveLength(items.length);
      for (const [i, r] of fwd.entries()) {
        const s = swp[i]!;
        expect(isValidProbs(r.probs)).toBe(true);
        expectClose(s.probs, mirrorProbs(r.probs), tol, `item ${i} swapped`);
        expect(Math.abs(s.reward + r.reward)).toBeLessThanOrEqual(2 * tol);
        expect(s.verdict).toBe(mirrorVerdict(r.verdict));
        expect(s.consistent).toBe(r.consistent);
      }
    }, timeout);

    it("survives very long texts: valid probabilities or a typed invalid_input error, and keeps working", async () => {
      const n = opts.longTextChars ?? 1_000_000;
      const long: JudgeItem = { prompt: "Summarise. ".repeat(Math.ceil(n / 11)).slice(0, n), reference: "a".repeat(n), candidate: "é".repeat(n) };
      try {
        const [p] = requireJudgements(await backend.judge([long]));
        expect(isValidProbs(p!)).toBe(true);
      } catch (err) {
        expect(err, `expected BackendError("invalid_input"), got ${String(err)}`).toBeInstanceOf(BackendError);
        expect((err as BackendError).code).toBe("invalid_input");
      }
      const [after] = requireJudgements(await backend.judge([items[0]!]));
      expect(isValidProbs(after!)).toBe(true);
    }, timeout);

    it.skipIf(!opts.itemFailures)("an item the judge answers unusably is that item's error; the others are judged", async () => {
      const { backend: b, items: mixed, failing, cleanup } = await opts.itemFailures!();
      try {
        const out = await b.judge(mixed);
        expect(out).toHaveLength(mixed.length);
        out.forEach((o, i) => {
          if (failing.includes(i)) {
            expect(isItemFailure(o), `item ${i} should fail`).toBe(true);
            if (isItemFailure(o)) {
              expect(o.error.code).toBe("unparseable_verdict");
              expect(o.error.message.length).toBeGreaterThan(0);
            }
          } else {
            expect(isItemFailure(o), `item ${i} should be judged: ${JSON.stringify(o)}`).toBe(false);
            expect(isValidProbs(o as VerdictProbs)).toBe(true);
          }
        });
        const both = await judgeBothOrdersOutcomes(b, mixed);
        both.forEach((o, i) => expect(isItemFailure(o), `item ${i} in both orders`).toBe(failing.includes(i)));
        if (failing.length > 0) await expectBackendError(judgeBothOrders(b, mixed), ["bad_response"]);
      } finally {
        await b.close?.();
        await cleanup?.();
      }
    }, timeout);

    const net = opts.network;
    it.skipIf(!net)("an unreachable server gives BackendError(\"unreachable\") promptly, not a hang", async () => {
      const b = await net!.unreachable();
      const t0 = Date.now();
      try {
        await expectBackendError(b.judge([items[0]!]), ["unreachable"]);
        expect(Date.now() - t0).toBeLessThan(15_000);
      } finally {
        await b.close?.();
      }
    }, timeout);

    it.skipIf(!net)("a server that never answers gives BackendError(\"timeout\") within the timeout", async () => {
      const { backend: b, timeoutMs, cleanup } = await net!.hanging();
      const t0 = Date.now();
      try {
        await expectBackendError(b.judge([items[0]!]), ["timeout"]);
        const elapsed = Date.now() - t0;
        expect(elapsed).toBeGreaterThanOrEqual(timeoutMs * 0.9);
        expect(elapsed).toBeLessThan(timeoutMs + 2_000);
      } finally {
        await b.close?.();
        await cleanup?.();
      }
    }, timeout);
  });
}
