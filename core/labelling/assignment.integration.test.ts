/**
 * Assignment under concurrency (real Postgres): 50 simulated annotators over 500 comparisons with k=3;
 * leases that expire return work to the pool; skips, flags, double submits and other people's
 * assignments behave; gold items mix in at the dataset's rate.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestEnv, type TestEnv } from "../../tests/helpers/test-db";
import { closeSqlPool } from "../db/sql-pool";
import { createAnnotators, createComparisonDataset, type UserActor } from "../../tests/helpers/labelling-fixtures";
import { db } from "../db/client";
import { nextAssignment } from "./next-assignment";
import { submitLabel } from "./submit-label";
import { flagAssignment, skipAssignment } from "./end-assignment";

let t: TestEnv;
let owner: UserActor;

beforeAll(async () => {
  t = await createTestEnv("assign");
  [owner] = await createAnnotators(1, "owner");
});
afterAll(async () => {
  await closeSqlPool();
  await t?.cleanup();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("k-overlap under concurrency", () => {
  it("50 concurrent annotators × 500 comparisons, k=3: exactly 3 labels each, nobody twice, nothing lost", async () => {
    const annotators = await createAnnotators(50, "conc");
    const { datasetId, comparisonIds } = await createComparisonDataset(owner.userId, { comparisons: 500, overlap: 3 });
    const accepted: Array<{ labelId: string; annotatorId: string }> = [];
    const conflicts: string[] = [];
    const choices = ["left", "same", "right"] as const;
    await Promise.all(
      annotators.map(async (actor, i) => {
        for (let n = 0; ; n++) {
          const { task } = await nextAssignment(actor, { datasetId });
          if (!task) return;
          if ((i + n) % 37 === 0) {
            await skipAssignment(actor, task.assignmentId); // some skips: the comparison goes back to the pool
            continue;
          }
          try {
            const res = await submitLabel(actor, task.assignmentId, { choice: choices[(i + n) % 3]!, strength: 1, msSpent: 50 });
            accepted.push({ labelId: res.labelId, annotatorId: actor.userId });
          } catch (e) {
            conflicts.push((e as Error).message);
          }
        }
      }),
    );
    expect(conflicts).toEqual([]);
    const counts = await db().$queryRaw<Array<{ id: string; labels: bigint; distinct: bigint; labelCount: number }>>`
      SELECT c.id, count(l.id) AS labels, count(DISTINCT l."annotatorId") AS distinct, c."labelCount"
      FROM "Comparison" c LEFT JOIN "Label" l ON l."comparisonId" = c.id WHERE c."datasetId" = ${datasetId} GROUP BY c.id`;
    expect(counts).toHaveLength(comparisonIds.length);
    expect(counts.filter((c) => Number(c.labels) !== 3)).toEqual([]);
    expect(counts.filter((c) => Number(c.distinct) !== 3)).toEqual([]);
    expect(counts.filter((c) => c.labelCount !== 3)).toEqual([]);
    // Every accepted submit is a stored label, and there is no label nobody was told about.
    const stored = await db().label.findMany({ where: { comparison: { datasetId } }, select: { id: true, annotatorId: true } });
    expect(stored).toHaveLength(1500);
    expect(new Set(stored.map((l) => l.id))).toEqual(new Set(accepted.map((a) => a.labelId)));
    // Labels carry their assignment, side and time.
    const sample = await db().label.findFirst({ where: { comparison: { datasetId } }, include: { assignment: true } });
    expect(sample!.assignment!.state).toBe("done");
    expect(sample!.shownLeft).toBe(sample!.assignment!.shownLeft);
  }, 240_000);
});

describe("leases", () => {
  it("an expired lease returns the comparison to the pool; the late submit is refused, nothing extra is stored", async () => {
    const [a, b, c] = await createAnnotators(3, "lease");
    const { datasetId, comparisonIds } = await createComparisonDataset(owner.userId, { comparisons: 1, overlap: 1, leaseSeconds: 1 });
    const first = await nextAssignment(a!, { datasetId });
    expect(first.task).not.toBeNull();
    expect((await nextAssignment(b!, { datasetId })).task).toBeNull(); // held by a
    expect((await nextAssignment(a!, { datasetId })).task!.assignmentId).toBe(first.task!.assignmentId); // a resumes
    await sleep(1300);
    const second = await nextAssignment(b!, { datasetId });
    expect(second.task).not.toBeNull(); // back in the pool after expiry
    await expect(submitLabel(a!, first.task!.assignmentId, { choice: "left", strength: 2, msSpent: 10 })).rejects.toMatchObject({ code: "Conflict" });
    expect((await db().assignment.findUnique({ where: { id: first.task!.assignmentId } }))!.state).toBe("expired");
    await submitLabel(b!, second.task!.assignmentId, { choice: "right", strength: 1, msSpent: 10 });
    expect((await nextAssignment(c!, { datasetId })).task).toBeNull();
    expect(await db().label.count({ where: { comparisonId: comparisonIds[0] } })).toBe(1);
  });

  it("a late submit still counts when nobody else took the comparison; re-leasing your own expired one works", async () => {
    const [a] = await createAnnotators(1, "late");
    const { datasetId } = await createComparisonDataset(owner.userId, { comparisons: 2, overlap: 1, leaseSeconds: 1 });
    const one = await nextAssignment(a!, { datasetId });
    await sleep(1200);
    const again = await nextAssignment(a!, { datasetId }); // re-lease of its own expired row (same id) or the other one
    expect(again.task).not.toBeNull();
    await submitLabel(a!, one.task!.assignmentId, { choice: "same", msSpent: 900 });
    const labels = await db().label.findMany({ where: { comparison: { datasetId } } });
    expect(labels).toHaveLength(1);
    expect(labels[0]).toMatchObject({ verdict: "tie", strength: 0 });
  });
});

describe("submit, skip and flag", () => {
  it("maps left/right through the recorded side, caps time by the lease's age, and refuses doubles and strangers", async () => {
    const [a, b] = await createAnnotators(2, "submit");
    const researcher: UserActor = { ...owner, role: "researcher" };
    const { datasetId } = await createComparisonDataset(owner.userId, { comparisons: 3, overlap: 2 });
    const { task, progress } = await nextAssignment(a!, { datasetId });
    expect(progress).toMatchObject({ doneToday: 0, doneInDataset: 0, remaining: 3 });
    expect(JSON.stringify(task)).not.toMatch(/model-|charLen|responseA/);
    await expect(submitLabel(b!, task!.assignmentId, { choice: "left", strength: 1, msSpent: 5 })).rejects.toMatchObject({ code: "NotFound" });
    await expect(submitLabel(researcher, task!.assignmentId, { choice: "left", strength: 1, msSpent: 5 })).rejects.toMatchObject({ code: "NotFound" });
    await expect(submitLabel(a!, task!.assignmentId, { choice: "left", msSpent: 5 })).rejects.toThrow(/strength is required/);
    await submitLabel(a!, task!.assignmentId, { choice: "left", strength: 2, rationale: "  more precise  ", msSpent: 3_600_000 });
    await expect(submitLabel(a!, task!.assignmentId, { choice: "left", strength: 2, msSpent: 5 })).rejects.toMatchObject({ code: "Conflict", message: "You already labelled this comparison" });
    // Two submits of one assignment at the same moment (a double Enter): exactly one label.
    const race = await nextAssignment(b!, { datasetId });
    const results = await Promise.allSettled([1, 2, 3].map(() => submitLabel(b!, race.task!.assignmentId, { choice: "right", strength: 1, msSpent: 5 })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason.code)).toEqual(["Conflict", "Conflict"]);
    expect(await db().label.count({ where: { assignmentId: race.task!.assignmentId } })).toBe(1);
    const label = await db().label.findFirst({ where: { assignmentId: task!.assignmentId }, include: { assignment: true } });
    expect(label!.verdict).toBe(label!.assignment!.shownLeft); // "left" = whichever of a/b was shown left
    expect(label).toMatchObject({ strength: 2, rationale: "more precise" });
    expect(label!.msSpent).toBeLessThan(60_000); // the client claimed an hour; the lease is seconds old

    const s = await nextAssignment(a!, { datasetId });
    await skipAssignment(a!, s.task!.assignmentId);
    await expect(submitLabel(a!, s.task!.assignmentId, { choice: "same", msSpent: 5 })).rejects.toMatchObject({ code: "Conflict", message: expect.stringMatching(/was skipped/) });
    await expect(skipAssignment(a!, s.task!.assignmentId)).rejects.toMatchObject({ code: "Conflict" });
    const f = await nextAssignment(a!, { datasetId });
    expect(f.task!.assignmentId).not.toBe(s.task!.assignmentId);
    await expect(flagAssignment(a!, f.task!.assignmentId, { reason: "" })).rejects.toThrow(/reason|characters/);
    await flagAssignment(a!, f.task!.assignmentId, { reason: "prompt is cut off" });
    const end = await nextAssignment(a!, { datasetId });
    expect(end.task).toBeNull();
    expect(end.progress).toMatchObject({ doneInDataset: 1, doneToday: 1, remaining: 0 });
    // The skipped and flagged comparisons are still open to others (b labelled one of the three).
    expect((await nextAssignment(b!, { datasetId })).progress.remaining).toBe(2);
  });

  it("mixes gold in at the dataset's rate and never caps gold by overlap", async () => {
    const anns = await createAnnotators(3, "gold");
    const { datasetId, goldIds } = await createComparisonDataset(owner.userId, { comparisons: 3, overlap: 3, gold: 2, goldRate: 0.5 });
    const seen = new Map<string, string[]>();
    for (const a of anns) {
      const ids: string[] = [];
      // random() < 0.5 → gold first; alternate to see both kinds.
      let k = 0;
      for (;;) {
        const { task } = await nextAssignment(a, { datasetId }, { random: () => (k++ % 2 === 0 ? 0.1 : 0.9) });
        if (!task) break;
        const { comparisonId } = (await db().assignment.findUnique({ where: { id: task.assignmentId } }))!;
        ids.push(comparisonId);
        await submitLabel(a, task.assignmentId, { choice: "left", strength: 1, msSpent: 5 });
      }
      seen.set(a.userId, ids);
    }
    const first = seen.get(anns[0]!.userId)!;
    expect(goldIds).toContain(first[0]); // asked for gold first
    expect(first).toHaveLength(5);
    // Every annotator answered both gold items (gold has no overlap cap: 3 labels on a k=3 dataset's gold
    // is a coincidence here, see the count below) and each regular item got exactly k=3 labels.
    for (const ids of seen.values()) for (const g of goldIds) expect(ids).toContain(g);
    const regular = await db().comparison.findMany({ where: { datasetId, isGold: false }, select: { labelCount: true } });
    expect(regular.map((r) => r.labelCount)).toEqual([3, 3, 3]);
    // Gold never blocks the regular queue: once regular work is done, no gold-only tasks are served.
    const extra = await createAnnotators(1, "gold-late");
    expect((await nextAssignment(extra[0]!, { datasetId }, { random: () => 0.1 })).task).toBeNull();
  });
});
