/** Migrations apply to an empty database, and they agree with schema.prisma (no drift). */
import { afterAll, describe, expect, it } from "vitest";
import pg from "pg";
import { randomBytes } from "node:crypto";
import { migrateDeploy, prisma } from "../../scripts/lib/platform";

const base = process.env.TEST_DATABASE_BASE_URL ?? "postgresql://postgres@127.0.0.1:5432";
const name = `genrm_test_migr_${randomBytes(4).toString("hex")}`;

async function q<T extends pg.QueryResultRow>(db: string, text: string) {
  const c = new pg.Client({ connectionString: `${base}/${db}` });
  await c.connect();
  try {
    return await c.query<T>(text);
  } finally {
    await c.end();
  }
}

describe("migrations", () => {
  afterAll(async () => {
    await q("postgres", `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });

  it("apply to an empty database with migrate deploy", async () => {
    await q("postgres", `CREATE DATABASE "${name}"`);
    migrateDeploy(`${base}/${name}`);
    const tables = await q<{ table_name: string }>(name, "select table_name from information_schema.tables where table_schema='public'");
    const names = tables.rows.map((r) => r.table_name);
    for (const t of ["User", "ApiKey", "Dataset", "Prompt", "Response", "Comparison", "Assignment", "Label", "GenrmModel", "TrainingRun", "Tournament", "Game", "Reference", "RlRun", "RlStep", "RolloutSample", "BiasAlert", "Recalibration", "ControlCommand"]) {
      expect(names).toContain(t);
    }
    const applied = await q<{ n: string }>(name, `select count(*) as n from "_prisma_migrations" where finished_at is not null and rolled_back_at is null`);
    expect(Number(applied.rows[0]!.n)).toBeGreaterThan(0);
  }, 180_000);

  it("match schema.prisma exactly (no drift)", () => {
    // --exit-code: 0 = no difference, 2 = difference; prisma() throws on non-zero.
    const out = prisma(
      ["migrate", "diff", "--from-migrations", "prisma/migrations", "--to-schema-datamodel", "prisma/schema.prisma", "--exit-code"],
      { DATABASE_URL: `${base}/postgres` },
      true,
    );
    expect(out).toMatch(/No difference detected/);
  }, 180_000);
});
