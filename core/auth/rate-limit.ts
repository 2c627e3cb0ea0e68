/**
 * Failed sign-in limiter: a fixed window counter per (email, ip) in Redis. When Redis is unreachable
 * we fall back to a per-process counter, so the limit still holds (per process) instead of failing open.
 */
import { AppError } from "../errors";
import { env } from "../env";
import { redis, rkey } from "../queue/redis";

const local = new Map<string, { count: number; resetAt: number }>();

function localIncr(key: string, windowS: number) {
  const now = Date.now();
  const cur = local.get(key);
  if (!cur || cur.resetAt < now) {
    local.set(key, { count: 1, resetAt: now + windowS * 1000 });
    return { count: 1, ttlS: windowS };
  }
  cur.count += 1;
  return { count: cur.count, ttlS: Math.ceil((cur.resetAt - now) / 1000) };
}

const keyFor = (email: string, ip: string) => rkey("signin-fail", email.toLowerCase(), ip);

export async function assertSignInAllowed(email: string, ip: string): Promise<void> {
  const { SIGNIN_MAX_FAILURES: max } = env();
  const key = keyFor(email, ip);
  let count = local.get(key)?.count ?? 0;
  let ttl = 0;
  try {
    const [c, t] = await Promise.all([redis().get(key), redis().ttl(key)]);
    count = Math.max(count, Number(c ?? 0));
    ttl = t;
  } catch {
    /* fall back to the local counter */
  }
  if (count >= max) {
    throw new AppError("RateLimited", `Too many failed sign-ins. Try again in ${Math.max(ttl, 1)} s.`, {
      retryAfterS: Math.max(ttl, 1),
    });
  }
}

export async function recordSignInFailure(email: string, ip: string): Promise<void> {
  const { SIGNIN_WINDOW_S: windowS } = env();
  const key = keyFor(email, ip);
  localIncr(key, windowS);
  try {
    const n = await redis().incr(key);
    if (n === 1) await redis().expire(key, windowS);
  } catch {
    /* counted locally */
  }
}

export async function clearSignInFailures(email: string, ip: string): Promise<void> {
  const key = keyFor(email, ip);
  local.delete(key);
  await redis().del(key).catch(() => undefined);
}
