/**
 * Demo mode: seed the demo accounts (public password) and demo data. On by default so a fresh clone's
 * `npm start` shows a working platform; never in production (NODE_ENV=production) or with DEMO=0.
 */
export interface DemoMode {
  on: boolean;
  why: string;
}

export function demoMode(e: NodeJS.ProcessEnv = process.env): DemoMode {
  if (e.NODE_ENV === "production") return { on: false, why: "NODE_ENV=production" };
  if (e.DEMO === "0" || e.DEMO === "false") return { on: false, why: "DEMO=0" };
  return { on: true, why: e.DEMO === "1" || e.DEMO === "true" ? "DEMO=1" : "the default on a development machine (DEMO=0 turns it off)" };
}

const LOOPBACK_HOST = /^(localhost|127(?:\.\d{1,3}){3}|::1|\[::1\])$/i;
export const isLoopbackHost = (host: string) => LOOPBACK_HOST.test(host.trim());

/**
 * Refuses to listen beyond this machine while accounts with the public demo password exist: with
 * HOST=0.0.0.0 anyone on the network could sign in as the demo admin. Returns the refusal, or null.
 */
export function exposureRefusal(host: string, openDemoAccounts: readonly string[]): string | null {
  if (isLoopbackHost(host) || openDemoAccounts.length === 0) return null;
  return (
    `HOST=${host} would let anyone on the network sign in with the public demo password as: ${openDemoAccounts.join(", ")}.\n` +
    `  Change those passwords first (Settings → Password, or an admin's reset in Users), or deactivate them; ` +
    `start with DEMO=0 (or NODE_ENV=production) on a fresh database so no demo accounts are created.`
  );
}
