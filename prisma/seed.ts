/**
 * Idempotent demo seed (`npm run db:seed`, also run by `npm start`), in demo mode only (core/demo-mode.ts):
 * accounts for each role, then the
 * demo steps that later parts add (datasets, labels, a trained GenRM, tournaments, an RL run).
 * Flags: --skip-model  skip training the demo GenRM (tests that bring their own).
 */
import { db, disconnectDb } from "@core/db/client";
import { closeServingPool } from "@core/genrm-service/serving-pool";
import { closeQueues } from "@core/queue/queues";
import { closeRedis } from "@core/queue/redis";
import { explainStartupError } from "@core/preflight";
import { demoMode } from "@core/demo-mode";
import { seedDemoAccounts } from "./seed/demo-accounts";
import { seedSteps } from "./seed/steps";

export async function runSeed(opts: { skipModel?: boolean; log?: (s: string) => void } = {}) {
  const log = opts.log ?? ((s: string) => console.log(s));
  const mode = demoMode();
  if (!mode.on) {
    log(`seed: demo mode is off (${mode.why}): no demo accounts or demo data`);
    return [];
  }
  log(`seed: DEMO MODE (${mode.why}) — demo accounts share a public password; reachable from this machine only`);
  const accounts = await seedDemoAccounts(db());
  log(`seed: ${accounts.length} demo accounts`);
  for (const step of seedSteps) {
    if (opts.skipModel && step.needsModel) continue;
    const started = Date.now();
    const summary = await step.run(db(), log);
    log(`seed: ${step.name} — ${summary} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
  return accounts;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    const accounts = await runSeed({ skipModel: process.argv.includes("--skip-model") });
    if (accounts.length) console.log("\nDemo accounts (password for all: " + accounts[0]!.password + "):");
    for (const a of accounts) console.log(`  ${a.role.padEnd(10)} ${a.email}`);
  } catch (error) {
    console.error(explainStartupError(error));
    process.exitCode = 1;
  } finally {
    // Steps that judge (tournaments, RL demo) open the serving pool and Redis: close them, or the
    // process never exits.
    await closeServingPool().catch(() => undefined);
    await closeQueues().catch(() => undefined);
    await closeRedis().catch(() => undefined);
    await disconnectDb();
  }
}
