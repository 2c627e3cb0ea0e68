/**
 * The truncation cases shared with the Python trainer (genrm/trainer/tests/truncation_cases.json, checked
 * there by test_truncate.py against its port): TypeScript's renderJudgePrompt must give the same text.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { renderJudgePrompt } from "./template";
import type { JudgeItem } from "./types";

interface Case {
  name: string;
  item: JudgeItem;
  maxBytes: number;
  rendered: string;
  expected: string;
}

const cases = JSON.parse(readFileSync(new URL("./trainer/tests/truncation_cases.json", import.meta.url), "utf8")) as Case[];

describe("truncation cases shared with the Python trainer", () => {
  it.each(cases.map((c) => [c.name, c] as const))("%s", (_, c) => {
    expect(renderJudgePrompt(c.item)).toBe(c.rendered);
    expect(renderJudgePrompt(c.item, { maxBytes: c.maxBytes })).toBe(c.expected);
    expect(new TextEncoder().encode(c.expected).length).toBeLessThanOrEqual(c.maxBytes);
  });
});
