import { describe, expect, it } from "vitest";
import {
  collectImport,
  formatLabelsJsonl,
  formatTrlPreferenceJsonl,
  pseudonymiseAnnotator,
  type ConsensusPair,
  type RawLabelRow,
} from "./index";

const pairs: ConsensusPair[] = [
  { id: "c1", prompt: "Name a colour.", a: { model: "m1", text: "Blue." }, b: { model: "m2", text: "Idk" }, verdict: "a" },
  {
    id: "c2",
    prompt: [
      { role: "system", content: "Be brief." },
      { role: "user", content: "2+2?" },
    ],
    a: { model: "m1", text: "5" },
    b: { model: "m2", text: "4" },
    verdict: "b",
  },
  { id: "c3", prompt: "Say hi.", a: { model: "m1", text: "Hi" }, b: { model: "m2", text: "Hello" }, verdict: "tie" },
];

describe("TRL preference export", () => {
  it("writes standard rows for string prompts and conversational rows for conversations; ties excluded by default", () => {
    const lines = [...formatTrlPreferenceJsonl(pairs)];
    expect(lines.every((l) => l.endsWith("\n"))).toBe(true);
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      { id: "c1", prompt: "Name a colour.", chosen: "Blue.", rejected: "Idk" },
      {
        id: "c2",
        prompt: pairs[1]!.prompt,
        chosen: [{ role: "assistant", content: "4" }],
        rejected: [{ role: "assistant", content: "5" }],
      },
    ]);
  });

  it("keeps a tie as two mirrored rows marked tie:true", () => {
    const rows = [...formatTrlPreferenceJsonl([pairs[2]!], { ties: "both-orders", includeModels: true })].map((l) =>
      JSON.parse(l),
    );
    expect(rows).toEqual([
      { id: "c3", prompt: "Say hi.", chosen: "Hi", rejected: "Hello", tie: true, chosen_model: "m1", rejected_model: "m2" },
      { id: "c3", prompt: "Say hi.", chosen: "Hello", rejected: "Hi", tie: true, chosen_model: "m2", rejected_model: "m1" },
    ]);
  });

  it("round-trips: the exported JSONL re-parses to the same pairs", async () => {
    const text = [...formatTrlPreferenceJsonl(pairs, { ties: "both-orders" })].join("");
    const { format, records, errors } = await collectImport(text);
    expect(errors).toEqual([]);
    expect(format).toBe("trl");
    const back = records.map((r) => ({
      prompt: r.prompt,
      chosen: r.responses[r.preference!.chosen]!.text,
      rejected: r.responses[r.preference!.rejected]!.text,
      tie: r.preference!.tie ?? false,
      id: r.meta?.id,
    }));
    const win = (p: ConsensusPair) => (p.verdict === "b" ? p.b : p.a);
    const lose = (p: ConsensusPair) => (p.verdict === "b" ? p.a : p.b);
    expect(back).toEqual([
      { prompt: pairs[0]!.prompt, chosen: win(pairs[0]!).text, rejected: lose(pairs[0]!).text, tie: false, id: "c1" },
      { prompt: pairs[1]!.prompt, chosen: win(pairs[1]!).text, rejected: lose(pairs[1]!).text, tie: false, id: "c2" },
      { prompt: "Say hi.", chosen: "Hi", rejected: "Hello", tie: true, id: "c3" },
      { prompt: "Say hi.", chosen: "Hello", rejected: "Hi", tie: true, id: "c3" },
    ]);
    // …and exporting the re-parsed pairs again gives byte-identical output.
    const again = records
      .filter((r) => !r.preference!.tie)
      .map((r) => ({
        id: String(r.meta!.id),
        prompt: r.prompt,
        a: r.responses[0]!,
        b: r.responses[1]!,
        verdict: "a" as const,
      }));
    expect([...formatTrlPreferenceJsonl(again)].join("")).toBe([...formatTrlPreferenceJsonl(pairs)].join(""));
  });
});

describe("raw label export", () => {
  const salt = "0123456789abcdef-secret";
  const labels: RawLabelRow[] = [
    {
      comparisonId: "c1",
      annotatorId: "user-alice",
      verdict: "a",
      strength: 2,
      shownLeft: "b",
      msSpent: 5300,
      createdAt: new Date("2026-01-02T03:04:05Z"),
      rationale: "I'm Alice, a is right",
    },
    { comparisonId: "c2", annotatorId: "user-alice", verdict: "tie", strength: 0, shownLeft: "a", msSpent: 800, createdAt: "2026-01-02T03:05:00.000Z" },
    { comparisonId: "c2", annotatorId: "user-bob", verdict: "b", strength: 1, shownLeft: "a", msSpent: 900, createdAt: "2026-01-02T03:06:00.000Z" },
  ];

  it("pseudonymises annotators with a salted HMAC: stable per annotator, distinct across, unguessable without the salt", () => {
    const rows = [...formatLabelsJsonl(labels, { salt })].map((l) => JSON.parse(l));
    expect(rows[0]).toEqual({
      comparison_id: "c1",
      annotator: rows[1].annotator,
      verdict: "a",
      strength: 2,
      shown_left: "b",
      ms_spent: 5300,
      created_at: "2026-01-02T03:04:05.000Z",
    });
    expect(rows[0].annotator).toMatch(/^[0-9a-f]{16}$/);
    expect(rows[2].annotator).not.toBe(rows[0].annotator);
    expect(JSON.stringify(rows)).not.toContain("alice");
    expect(pseudonymiseAnnotator("user-alice", "another-salt-of-16+")).not.toBe(rows[0].annotator);
  });

  it("includes rationales only when asked and refuses a short salt", () => {
    const [first] = [...formatLabelsJsonl(labels, { salt, includeRationale: true })].map((l) => JSON.parse(l));
    expect(first.rationale).toBe("I'm Alice, a is right");
    expect(() => [...formatLabelsJsonl(labels, { salt: "short" })]).toThrow(/at least 16 bytes/);
  });
});
