/**
 * The one Prisma client of a process (web, workers, CLI). Queries go through the pg driver adapter
 * (no Rust engine: Prisma's native engines cannot be downloaded on offline machines). Put queries in core/ operations, not in web/app.
 */
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client";
import { env } from "../env";

export type Db = PrismaClient;
export { Prisma } from "./generated/client";
export type * from "./generated/client";

const globalForDb = globalThis as unknown as { __genrmDb?: { url: string; client: PrismaClient } };

export function createDb(url: string, poolMax = 10): PrismaClient {
  const adapter = new PrismaPg({ connectionString: url, max: poolMax });
  return new PrismaClient({ adapter });
}

/** Process-wide client for DATABASE_URL (kept on globalThis so Next dev reloads don't leak pools). */
export function db(): PrismaClient {
  const url = env().DATABASE_URL;
  const existing = globalForDb.__genrmDb;
  if (existing && existing.url === url) return existing.client;
  const client = createDb(url);
  globalForDb.__genrmDb = { url, client };
  return client;
}

export async function disconnectDb(): Promise<void> {
  const existing = globalForDb.__genrmDb;
  globalForDb.__genrmDb = undefined;
  if (existing) await existing.client.$disconnect();
}
