#!/usr/bin/env node
// Runs the Prisma CLI offline: engine paths point at a stub (nothing is downloaded; the JS schema engine
// and the pg driver adapter do the work, see prisma.config.ts), telemetry off, .env loaded.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
if (existsSync(path.join(root, ".env"))) process.loadEnvFile(path.join(root, ".env"));
const stub = path.join(root, "prisma/engine-stub/stub");
const env = {
  ...process.env,
  PRISMA_QUERY_ENGINE_LIBRARY: stub,
  PRISMA_SCHEMA_ENGINE_BINARY: stub,
  CHECKPOINT_DISABLE: "1",
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
  DATABASE_URL: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/genrm",
};
const cli = path.join(root, "node_modules/prisma/build/index.js");
const r = spawnSync(process.execPath, [cli, ...process.argv.slice(2)], { stdio: "inherit", env, cwd: root });
process.exit(r.status ?? 1);
