/**
 * Sign-in limiter per (account, client address), in Redis.
 *
 * An attempt is counted BEFORE the password is checked, in the same atomic step that decides whether it
 * may run (one Lua script): a burst of parallel guesses cannot all pass the check before any is counted.
 * A successful sign-in clears the count. After SIGNIN_MAX_FAILURES uncleared attempts the pair is blocked
 * for SIGNIN_BLOCK_S, doubling with each further failed attempt, up to SIGNIN_WINDOW_S; attempts refused
 * while blocked are not counted, so hammering does not extend the block.
 *
 * Keyed by account AND address: guesses from one address never block the account's owner elsewhere.
 * (Without TRUST_PROXY every client shares one address — see web/lib/client-ip.ts.)
 * When Redis is unreachable a per-process copy of the same logic holds the limit instead of failing open.
 */
import { once } from "node:events";
import { AppError } from "../errors";
import { env } from "../env";
import { redis, rkey } from "../queue/redis";

// KEYS: count, block. ARGV: max, windowS, blockS. Returns {allowed 1|0, retry-after ms when refused}.
const ATTEMPT = `
local blocked = redis.call('PTTL', KEYS[2])
if blocked > 0 then return {0, blocked} end
local n = redis.call('INCR', KEYS[1])
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[2]))
local max = tonumber(ARGV[1])
if n >= max then
  local s = math.min(tonumber(ARGV[2]), tonumber(ARGV[3]) * 2 ^ (n - max))
  redis.call('SET', KEYS[2], '1', 'PX', math.floor(s * 1000))
end
return {1, 0}`;

interface LocalEntry {
  count: number;
  countUntil: number;
  blockedUntil: number;
}
const local = new Map<string, LocalEntry>();

function localAttempt(key: string, max: number, windowS: number, blockS: number): { allowed: boolean; retryMs: number } {
  const now = Date.now();
  let e = local.get(key);
  if (e && e.blockedUntil > now) return { allowed: false, retryMs: e.blockedUntil - now };
  if (!e || e.countUntil <= now) e = { count: 0, countUntil: 0, blockedUntil: 0 };
  e.count += 1;
  e.countUntil = now + windowS * 1000;
  if (e.count >= max) e.blockedUntil = now + Math.min(windowS, blockS * 2 ** (e.count - max)) * 1000;
  if (local.size > 100_000) local.clear(); // bound memory; the limit then restarts, per process only
  local.set(key, e);
  return { allowed: true, retryMs: 0 };
}

const keysFor = (email: string, ip: string) => {
  const id = `${email.trim().toLowerCase()}|${ip}`;
  return [rkey("signin", "count", id), rkey("signin", "block", id)] as const;
};

/**
 * Counts one sign-in attempt for (email, ip) and lets it proceed, or throws 429 with the time to wait.
 * Call before checking the password; call clearSignInFailures after a success.
 */
export async function beginSignInAttempt(email: string, ip: string): Promise<void> {
  const { SIGNIN_MAX_FAILURES: max, SIGNIN_WINDOW_S: windowS, SIGNIN_BLOCK_S: blockS } = env();
  const [countKey, blockKey] = keysFor(email, ip);
  // The per-process count runs alongside Redis's, so a Redis outage (or a connection still opening)
  // never resets what this process has seen; an attempt must pass both.
  let verdict = localAttempt(countKey, max, windowS, blockS);
  if (verdict.allowed) {
    try {
      const client = redis();
      if (client.status !== "ready") await Promise.race([once(client, "ready"), new Promise((r) => setTimeout(r, 2000))]);
      const [allowed, retryMs] = (await client.eval(ATTEMPT, 2, countKey, blockKey, max, windowS, blockS)) as [number, number];
      if (allowed !== 1) verdict = { allowed: false, retryMs };
    } catch {
      /* Redis unreachable: the per-process count decides */
    }
  }
  if (!verdict.allowed) {
    const s = Math.max(1, Math.ceil(verdict.retryMs / 1000));
    throw new AppError("RateLimited", `Too many failed sign-ins. Try again in ${s} s.`, { retryAfterS: s });
  }
}

export async function clearSignInFailures(email: string, ip: string): Promise<void> {
  const [countKey, blockKey] = keysFor(email, ip);
  local.delete(countKey);
  await redis().del(countKey, blockKey).catch(() => undefined);
}
