/** Fixtures for the GenRM registry/training tests: users by role, model rows, labelled demo datasets. */
import { randomBytes } from "node:crypto";
import { db } from "@core/db/client";
import type { Actor, Role } from "@core/auth/actor";
import { TEMPLATE_VERSION } from "@genrm/template";
import type { Verdict } from "@genrm/types";
import { insertDemoLabels } from "../../prisma/seed/demo-genrm-labels";

export async function userActor(role: Role = "researcher"): Promise<Actor> {
  const u = await db().user.create({ data: { email: `${role}-${randomBytes(4).toString("hex")}@genrm.test`, name: role, role } });
  return { kind: "user", userId: u.id, role, email: u.email, name: u.name };
}

/** A registered version without training (registry tests). */
export async function modelRow(version: number, status: "candidate" | "active" | "retired" | "failed" | "training" = "candidate") {
  return db().genrmModel.create({ data: { version, name: `t${version}`, backend: "embedded", kind: "tiny", templateVersion: TEMPLATE_VERSION, status } });
}

/** A dataset of demo-task comparisons labelled by simulated annotators, owned by `owner` (default: a new researcher). */
export async function labelledDataset(opts: { count: number; seed?: number; forceVerdict?: Verdict; mode?: "vs_reference" | "pairwise"; name?: string; owner?: Actor }) {
  const owner = opts.owner ?? (await userActor("researcher"));
  const annotators = [await userActor("annotator"), await userActor("annotator")].map((a) => ({ id: a.userId, profile: { noise: 0.05 } }));
  const r = await insertDemoLabels(db(), {
    name: opts.name ?? `genrm-test-${randomBytes(3).toString("hex")}`,
    createdById: owner.userId,
    annotators,
    count: opts.count,
    seed: opts.seed ?? 7,
    forceVerdict: opts.forceVerdict,
    mode: opts.mode,
  });
  return { ...r, owner };
}

export async function emptyDataset(owner?: Actor) {
  owner ??= await userActor("researcher");
  return db().dataset.create({ data: { name: `empty-${randomBytes(3).toString("hex")}`, createdById: owner.userId } });
}
