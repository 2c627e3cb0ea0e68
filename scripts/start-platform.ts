/**
 * `npm start` after set-up: services check, migrations, idempotent demo seed in demo mode (incl. the demo
 * GenRM), a refusal to listen beyond loopback while demo accounts keep their public password, web build,
 * then workers, the judge service (:JUDGE_PORT, default PORT+1) and the web app (:PORT) as supervised
 * child processes: one that crashes is restarted with back-off while the others keep serving
 * (scripts/lib/supervisor.ts). Ctrl-C stops them all gracefully.
 */
import { env } from "@core/env";
import { ensureDatabase, explainStartupError, preflight } from "@core/preflight";
import { db, disconnectDb } from "@core/db/client";
import { demoMode, exposureRefusal } from "@core/demo-mode";
import { buildWeb, generateClient, migrateDeploy, waitForHttp } from "./lib/platform";
import { startPlatformProcesses } from "./lib/platform-processes";

async function main() {
  process.loadEnvFile?.(".env");
  const e = env();
  await preflight();
  await ensureDatabase();
  console.log("• Generating the Prisma client and applying migrations…");
  generateClient();
  migrateDeploy(e.DATABASE_URL);
  const { runSeed } = await import("../prisma/seed");
  const accounts = await runSeed({ skipModel: process.argv.includes("--skip-model") });
  const host = e.HOST ?? "127.0.0.1";
  // Demo accounts may exist from an earlier start in demo mode: never expose them to the network.
  const { demoAccountsWithPublicPassword } = await import("../prisma/seed/demo-accounts");
  const refusal = exposureRefusal(host, await demoAccountsWithPublicPassword(db()));
  await disconnectDb();
  if (refusal) {
    console.error(`\n✖ Refusing to start: ${refusal}\n`);
    process.exit(1);
  }
  buildWeb();

  const judgePort = e.JUDGE_PORT ?? e.PORT + 1;
  const platform = startPlatformProcesses({ webPort: e.PORT, judgePort, host, onLine: (l) => console.log(l) });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log("\n• Stopping web, judge service and workers…");
    await platform.stop();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);

  const base = `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${e.PORT}`;
  await Promise.all([waitForHttp(`${base}/signin`), waitForHttp(`${platform.judgeUrl}/healthz`)]);
  console.log(`\n✔ GenRM platform is up\n  Web app:     ${base}\n  Status:      ${base}/status\n  API docs:    ${base}/api/v1/docs`);
  console.log(`  Judge API:   ${platform.judgeUrl}  (trainers: /get_reward, /api/v1/judge; the web app's same URLs forward here)\n`);
  const mode = demoMode();
  if (accounts.length) {
    console.log(`DEMO MODE (${mode.why}). Demo accounts (public password: ${accounts[0]!.password}):`);
    for (const a of accounts) console.log(`  ${a.role.padEnd(10)} ${a.email}`);
    console.log("  Reachable from this machine only while they keep that password. DEMO=0 turns demo mode off.");
  } else console.log(`Demo mode is off (${mode.why}): sign in with the accounts an admin created.`);
  console.log("\nA crashed process is restarted by itself (see /status). Ctrl-C stops everything.");
}

main().catch((error) => {
  console.error(explainStartupError(error));
  process.exit(1);
});
