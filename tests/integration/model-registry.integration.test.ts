/**
 * The registry's promote / roll back / retire rules on a real database: one active version at a time
 * (also under concurrent promotes), roll back as a stack of activations, who may do it, and the
 * guards that keep a stale click from rolling back twice.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestEnv, type TestEnv } from "../helpers/test-db";
import { db } from "@core/db/client";
import type { Actor } from "@core/auth/actor";
import { promoteModel, retireModel, rollbackModel } from "@core/models/activate-model";
import { listModels } from "@core/models/list-models";
import { getModel } from "@core/models/get-model";
import { compareModels } from "@core/models/compare-models";
import { modelRow, userActor } from "../helpers/genrm-fixtures";

let t: TestEnv;
let researcher: Actor;
let admin: Actor;
let annotator: Actor;

beforeAll(async () => {
  t = await createTestEnv("registry");
  researcher = await userActor("researcher");
  admin = await userActor("admin");
  annotator = await userActor("annotator");
});
afterAll(async () => t?.cleanup());
beforeEach(async () => {
  await db().modelActivation.deleteMany();
  await db().genrmModel.deleteMany();
});

const statuses = async () => Object.fromEntries((await db().genrmModel.findMany({ orderBy: { version: "asc" } })).map((m) => [m.version, m.status]));

describe("model registry", () => {
  it("promote makes one version active and retires the previous; roll back walks the history back", async () => {
    for (const v of [1, 2, 3]) await modelRow(v);
    await promoteModel(researcher, "1");
    await promoteModel(admin, "v2", { reason: "better accuracy" });
    await promoteModel(researcher, "3");
    expect(await statuses()).toEqual({ 1: "retired", 2: "retired", 3: "active" });

    expect((await rollbackModel(researcher)).active.version).toBe(2);
    expect(await statuses()).toEqual({ 1: "retired", 2: "active", 3: "retired" });
    expect((await rollbackModel(researcher)).active.version).toBe(1);
    expect(await statuses()).toEqual({ 1: "active", 2: "retired", 3: "retired" });
    await expect(rollbackModel(researcher)).rejects.toMatchObject({ code: "Conflict", message: "GenRM v1 has no earlier active version to roll back to" });

    const detail = await getModel(researcher, "2");
    expect(detail.activations.map((a) => [a.action, a.version, a.previousVersion])).toEqual([
      ["rollback", 1, 2],
      ["rollback", 2, 3],
      ["promote", 3, 2],
      ["promote", 2, 1],
    ]);
    expect(detail.activations.find((a) => a.reason)?.reason).toBe("better accuracy");
  });

  it("after a roll back, promoting again and rolling back returns to the version active just before", async () => {
    for (const v of [1, 2, 3]) await modelRow(v);
    await promoteModel(researcher, "1");
    await promoteModel(researcher, "2");
    await rollbackModel(researcher); // 1 active
    await promoteModel(researcher, "3");
    expect((await rollbackModel(researcher)).active.version).toBe(1);
  });

  it("two promotes at the same moment leave exactly one active version", async () => {
    for (const v of [1, 2, 3, 4]) await modelRow(v);
    await Promise.allSettled([promoteModel(researcher, "1"), promoteModel(researcher, "2"), promoteModel(admin, "3"), promoteModel(admin, "4")]);
    expect(await db().genrmModel.count({ where: { status: "active" } })).toBe(1);
    expect(await db().modelActivation.count()).toBe(4);
  });

  it("refuses what makes no sense, with a reason", async () => {
    await modelRow(1, "failed");
    await modelRow(2, "training");
    await modelRow(3);
    await expect(promoteModel(researcher, "1")).rejects.toMatchObject({ code: "Conflict", message: expect.stringMatching(/is failed; only a candidate or retired/) });
    await expect(promoteModel(researcher, "2")).rejects.toMatchObject({ code: "Conflict" });
    await expect(promoteModel(researcher, "99")).rejects.toMatchObject({ code: "NotFound" });
    await expect(rollbackModel(researcher)).rejects.toMatchObject({ code: "Conflict", message: "No version is active, so there is nothing to roll back" });
    await promoteModel(researcher, "3");
    await expect(promoteModel(researcher, "3")).rejects.toMatchObject({ code: "Conflict", message: "GenRM v3 is already active" });
    await expect(retireModel(researcher, "3")).rejects.toMatchObject({ code: "Conflict", message: expect.stringMatching(/is active/) });
  });

  it("a stale roll back click (expectedActive no longer active) changes nothing", async () => {
    for (const v of [1, 2]) await modelRow(v);
    await promoteModel(researcher, "1");
    await promoteModel(researcher, "2");
    await expect(rollbackModel(researcher, { expectedActive: 1 })).rejects.toMatchObject({ code: "Conflict", message: expect.stringMatching(/v1 is no longer the active version \(v2 is\)/) });
    expect(await statuses()).toEqual({ 1: "retired", 2: "active" });
    expect((await rollbackModel(researcher, { expectedActive: 2 })).active.version).toBe(1);
  });

  it("retires a candidate; lists versions with roll back availability", async () => {
    for (const v of [1, 2, 3]) await modelRow(v);
    await retireModel(researcher, "3");
    await promoteModel(researcher, "1");
    let l = await listModels(researcher);
    expect(l.models.map((m) => [m.version, m.status])).toEqual([[3, "retired"], [2, "candidate"], [1, "active"]]);
    expect(l.canRollback).toBe(false);
    await promoteModel(researcher, "2");
    l = await listModels(researcher);
    expect(l.active?.version).toBe(2);
    expect(l.canRollback).toBe(true);
    expect(l.rollbackTo).toBe(1);
  });

  it("only researchers and admins may touch the registry", async () => {
    await modelRow(1);
    for (const a of [annotator, null]) {
      await expect(promoteModel(a, "1")).rejects.toMatchObject({ code: a ? "Forbidden" : "Unauthenticated" });
      await expect(rollbackModel(a)).rejects.toMatchObject({ code: a ? "Forbidden" : "Unauthenticated" });
      await expect(listModels(a)).rejects.toMatchObject({ code: a ? "Forbidden" : "Unauthenticated" });
      await expect(getModel(a, "1")).rejects.toMatchObject({ code: a ? "Forbidden" : "Unauthenticated" });
    }
    expect(await statuses()).toEqual({ 1: "candidate" });
  });

  it("compare says when two versions were not evaluated on the same held-out prompts", async () => {
    await modelRow(1);
    await modelRow(2);
    const c = await compareModels(researcher, "1", "2");
    expect([c.left.model.version, c.right.model.version]).toEqual([1, 2]);
    expect(c.sameHeldout).toBe(false);
    await expect(compareModels(researcher, "1", "")).rejects.toMatchObject({ code: "Invalid" });
  });
});
