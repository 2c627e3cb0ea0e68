import { describe, expect, it } from "vitest";
import { SnapshotHasher, type SnapshotComparison, type SnapshotLabel } from "./content-hash";

const c = (id: string, over: Partial<SnapshotComparison> = {}): SnapshotComparison => ({
  id, mode: "pairwise", promptKey: "p", aKey: "a", bKey: "b", isGold: false, goldVerdict: null, importedVerdict: null, ...over,
});
const l = (id: string, verdict = "a"): SnapshotLabel => ({ id, comparisonId: "c1", annotatorId: "u1", verdict, strength: 2 });

function hashOf(datasetId: string, cs: SnapshotComparison[], ls: SnapshotLabel[]) {
  const h = new SnapshotHasher(datasetId);
  cs.forEach((x) => h.comparison(x));
  ls.forEach((x) => h.label(x));
  return h.digest();
}

describe("snapshot content hash", () => {
  it("is the same for the same content and differs for any change that decides the data", () => {
    const base = hashOf("d1", [c("c1"), c("c2")], [l("l1"), l("l2")]);
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(hashOf("d1", [c("c1"), c("c2")], [l("l1"), l("l2")])).toBe(base);
    expect(hashOf("d2", [c("c1"), c("c2")], [l("l1"), l("l2")])).not.toBe(base); // empty datasets never collide either
    expect(hashOf("d1", [c("c1"), c("c2")], [l("l1")])).not.toBe(base);
    expect(hashOf("d1", [c("c1"), c("c2")], [l("l1"), l("l2", "b")])).not.toBe(base);
    expect(hashOf("d1", [c("c1", { goldVerdict: "a", isGold: true }), c("c2")], [l("l1"), l("l2")])).not.toBe(base);
    expect(hashOf("d1", [], [])).not.toBe(hashOf("d2", [], []));
  });

  it("refuses records out of canonical order (a different order would be a different hash)", () => {
    const h = new SnapshotHasher("d");
    h.comparison(c("c2"));
    expect(() => h.comparison(c("c1"))).toThrow(/increasing id order/);
    h.label(l("l1"));
    expect(() => h.comparison(c("c3"))).toThrow(/before labels/);
    expect(() => h.label(l("l1"))).toThrow(/increasing id order/);
  });
});
