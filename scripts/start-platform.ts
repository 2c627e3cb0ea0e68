/**
 * `npm start` after set-up: services check, migrations, idempotent demo seed in demo mode (incl. the demo
 * GenRM), a refusal to listen beyond loopback while demo accounts keep their public password, web build,
 * then web (:3000) and workers as child processes. Ctrl-C stops both gracefully.
 */
import { env } from "@core/env";
import { ensureDatabase, explainStartupError, preflight } from "@core/preflight";
import { db, disconnectDb } from "@core/db/client";
import { demoMode, exposureRefusal } from "@core/demo-mode";
import { buildWeb, generateClient, migrateDeploy, startWeb, startWorkers, waitForHttp, type Spawned } from "./lib/platform";

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
  const host = process.env.HOST ?? "127.0.0.1";
  // Demo accounts may exist from an earlier start in demo mode: never expose them to the network.
  const { demoAccountsWithPublicPassword } = await import("../prisma/seed/demo-accounts");
  const refusal = exposureRefusal(host, await demoAccountsWithPublicPassword(db()));
  await disconnectDb();
  if (refusal) {
    console.error(`\n✖ Refusing to start: ${refusal}\n`);
    process.exit(1);
  }
  buildWeb();

  const children: Spawned[] = [];
  const print = (l: string) => console.log(l);
  children.push(startWorkers({}, print));
  children.push(startWeb(e.PORT, {}, print, host));
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log("\n• Stopping web and workers…");
    await Promise.all(children.map((c) => c.stop()));
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  for (const c of children) c.child.once("exit", (code) => !stopping && (console.error(`✖ a child process exited (${code}); stopping`), stop()));

  const base = `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${e.PORT}`;
  await waitForHttp(`${base}/signin`);
  console.log(`\n✔ GenRM platform is up\n  Web app:     ${base}\n  Status:      ${base}/status\n  API docs:    ${base}/api/v1/docs\n`);
  const mode = demoMode();
  if (accounts.length) {
    console.log(`DEMO MODE (${mode.why}). Demo accounts (public password: ${accounts[0]!.password}):`);
    for (const a of accounts) console.log(`  ${a.role.padEnd(10)} ${a.email}`);
    console.log("  Reachable from this machine only while they keep that password. DEMO=0 turns demo mode off.");
  } else console.log(`Demo mode is off (${mode.why}): sign in with the accounts an admin created.`);
  console.log("\nCtrl-C stops everything.");
}

main().catch((error) => {
  console.error(explainStartupError(error));
  process.exit(1);
});
