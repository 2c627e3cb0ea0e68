/** A dataset belongs to its creator: another researcher's session or key gets 404; an admin sees all. Real Postgres. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestEnv, type TestEnv } from "../../tests/helpers/test-db";
import { db } from "../db/client";
import type { Actor } from "../auth/actor";
import { authenticateApiKey, createApiKey } from "../auth/api-keys";
import { datasetNamesFor, OTHERS_DATASET_NAME } from "./access";
import { createDataset } from "./create-dataset";
import { getDataset } from "./get-dataset";
import { listDatasets } from "./list-datasets";
import { updateDataset } from "./update-dataset";

let t: TestEnv;
const people: { user: Actor; key: Actor; datasetId: string }[] = [];

beforeAll(async () => {
  t = await createTestEnv("keyowner");
  for (const n of [1, 2]) {
    const u = await db().user.create({ data: { email: `r${n}@own.test`, name: `R${n}`, role: "researcher" } });
    const user: Actor = { kind: "user", userId: u.id, role: "researcher", email: u.email, name: u.name };
    const key = await authenticateApiKey((await createApiKey(user, { name: "k", scopes: ["data:write"] })).key);
    const ds = await createDataset(key, { name: `owned by r${n}` } as never);
    people.push({ user, key, datasetId: (ds as { id: string }).id });
  }
});
afterAll(async () => t.cleanup());

describe("datasets and keys", () => {
  it("another researcher's key gets 404 for the dataset (read and edit); the owner's key gets it", async () => {
    const [a, b] = people as [(typeof people)[0], (typeof people)[0]];
    await expect(getDataset(b.key, a.datasetId)).rejects.toMatchObject({ status: 404 });
    await expect(updateDataset(b.key, a.datasetId, { guidelines: "mine" } as never)).rejects.toMatchObject({ status: 404 });
    expect(await getDataset(a.key, a.datasetId)).toBeTruthy();
    expect((await listDatasets(b.key)).map((d) => d.id)).toEqual([b.datasetId]);
  });

  it("another researcher's session gets 404 and lists only its own; an admin's session sees every dataset", async () => {
    const [a, b] = people as [(typeof people)[0], (typeof people)[0]];
    await expect(getDataset(b.user, a.datasetId)).rejects.toMatchObject({ status: 404 });
    await expect(updateDataset(b.user, a.datasetId, { guidelines: "mine" } as never)).rejects.toMatchObject({ status: 404 });
    expect(await getDataset(a.user, a.datasetId)).toBeTruthy();
    expect((await listDatasets(b.user)).map((d) => d.id)).toEqual([b.datasetId]);
    const boss = await db().user.create({ data: { email: "boss@own.test", name: "Boss", role: "admin" } });
    const admin: Actor = { kind: "user", userId: boss.id, role: "admin", email: boss.email, name: boss.name };
    expect(await getDataset(admin, a.datasetId)).toBeTruthy();
    expect((await listDatasets(admin)).map((d) => d.id).sort()).toEqual([a.datasetId, b.datasetId].sort());
  });

  it("shared things (a GenRM version's lineage) name another researcher's dataset only as such; an admin sees names", async () => {
    const [a, b] = people as [(typeof people)[0], (typeof people)[0]];
    const names = (rows: { id: string; name: string }[]) => Object.fromEntries(rows.map((r) => [r.id, r.name]));
    expect(names(await datasetNamesFor(b.user, [a.datasetId, b.datasetId]))).toEqual({ [a.datasetId]: OTHERS_DATASET_NAME, [b.datasetId]: "owned by r2" });
    expect(names(await datasetNamesFor(a.key, [a.datasetId, b.datasetId]))).toEqual({ [a.datasetId]: "owned by r1", [b.datasetId]: OTHERS_DATASET_NAME });
    const boss = await db().user.findFirstOrThrow({ where: { role: "admin" } });
    const admin: Actor = { kind: "user", userId: boss.id, role: "admin", email: boss.email, name: boss.name };
    expect(names(await datasetNamesFor(admin, [a.datasetId, b.datasetId]))).toEqual({ [a.datasetId]: "owned by r1", [b.datasetId]: "owned by r2" });
  });
});
