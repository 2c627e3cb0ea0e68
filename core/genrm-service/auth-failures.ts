/**
 * Failed authentication on the public API, logged without a database row per request: a client hammering
 * the API with a bad key would otherwise grow ApiCallLog (and its disk) at the rate it can send requests.
 * Failures are counted per route and reason and written as one JSON line on stderr per interval.
 */
const INTERVAL_MS = 10_000;
const MAX_KEYS = 100; // distinct (route, reason) pairs per interval; the rest are counted as "other"

interface State {
  counts: Map<string, number>;
  timer: ReturnType<typeof setTimeout> | null;
}
const g = globalThis as unknown as { __genrmAuthFailures?: State };
const state = () => (g.__genrmAuthFailures ??= { counts: new Map(), timer: null });

export function noteAuthFailure(route: string, reason: string): void {
  const s = state();
  const key = s.counts.size < MAX_KEYS || s.counts.has(`${route}\t${reason}`) ? `${route}\t${reason}` : `${route}\tother`;
  s.counts.set(key, (s.counts.get(key) ?? 0) + 1);
  if (!s.timer) {
    s.timer = setTimeout(flushAuthFailures, INTERVAL_MS);
    s.timer.unref?.();
  }
}

/** Writes the counts gathered so far (the timer calls it; tests call it to see them). */
export function flushAuthFailures(): Array<{ route: string; reason: string; count: number }> {
  const s = state();
  if (s.timer) clearTimeout(s.timer);
  s.timer = null;
  const out = [...s.counts].map(([k, count]) => {
    const [route, reason] = k.split("\t") as [string, string];
    return { route, reason, count };
  });
  s.counts.clear();
  for (const o of out) process.stderr.write(JSON.stringify({ t: new Date().toISOString(), src: "judge-api", msg: "failed authentication", ...o }) + "\n");
  return out;
}
