/**
 * Prisma CLI configuration for machines that cannot download Prisma's native engines.
 * JS (wasm) schema engine + pg driver adapter, with three adapter bugs worked around. Only the CLI
 * (migrate) loads this file; the app builds its own client in core/db/client.ts.
 */
import { defineConfig } from "prisma/config";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";

// prisma/orm#27403: the JS schema engine can't deserialize `name` (19) / `char` (18) columns.
const ResultProto = (pg as unknown as { Result: { prototype: { addFields: (f: Array<{ dataTypeID: number }>) => void } } })
  .Result.prototype;
const originalAddFields = ResultProto.addFields;
ResultProto.addFields = function (fields) {
  for (const f of fields) if (f.dataTypeID === 19 || f.dataTypeID === 18) f.dataTypeID = 25;
  return originalAddFields.call(this, fields);
};

function connectionFields(url: string) {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username || "postgres"),
    password: decodeURIComponent(u.password),
    database: u.pathname.slice(1),
  };
}

type Adapter = Awaited<ReturnType<PrismaPg["connect"]>>;

/** Sends a migration as ONE simple query inside a transaction (the stock adapter splits on ';'). */
function atomicScripts(adapter: Adapter): Adapter {
  const client = adapter.underlyingDriver() as pg.Pool;
  adapter.executeScript = async (script: string) => {
    const conn = await client.connect();
    try {
      await conn.query(`BEGIN;\n${script}\n;COMMIT;`);
    } catch (error) {
      await conn.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      conn.release();
    }
  };
  return adapter;
}

class OfflinePg extends PrismaPg {
  constructor(private readonly fields: ReturnType<typeof connectionFields>) {
    super(fields);
  }
  override async connect() {
    return atomicScripts(await super.connect());
  }
  // Shadow DB: pass discrete fields (a connectionString would override the database name) and drop
  // the database only after its pool is closed, with FORCE.
  override async connectToShadowDb() {
    const admin = new pg.Pool(this.fields);
    const database = `prisma_shadow_${globalThis.crypto.randomUUID().replaceAll("-", "")}`;
    await admin.query(`CREATE DATABASE "${database}"`);
    const shadow = new PrismaPg({ ...this.fields, database });
    const adapter = atomicScripts(await shadow.connect());
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose();
      await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      await admin.end();
    };
    return adapter;
  }
}

const databaseUrl = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/genrm";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  adapter: async () => new OfflinePg(connectionFields(databaseUrl)),
});
