/**
 * One record per public judge API call — key, model version, batch size, status, latency; never texts —
 * as a structured JSON line on stdout at once, and as an ApiCallLog row written in batches (every
 * FLUSH_MS or FLUSH_AT rows) so logging adds no database round trip to a request. A failed write is
 * reported on stderr and dropped: logging never fails a judge call.
 */
import { db } from "../db/client";

export interface ApiCall {
  requestId: string;
  apiKeyId: string | null;
  route: string;
  modelId: string | null;
  modelVersion: number | null;
  batchSize: number;
  /** Items that failed inside a 200 reply. */
  itemErrors: number;
  status: number;
  latencyMs: number;
}

const FLUSH_MS = 500;
const FLUSH_AT = 500;

interface LogState {
  buffer: ApiCall[];
  timer: ReturnType<typeof setTimeout> | null;
  flushing: Promise<void>;
}
const g = globalThis as unknown as { __genrmCallLog?: LogState };
const state = () => (g.__genrmCallLog ??= { buffer: [], timer: null, flushing: Promise.resolve() });

export function recordApiCall(call: ApiCall): void {
  if (process.env.LOG_REQUESTS !== "0") {
    process.stdout.write(JSON.stringify({ t: new Date().toISOString(), src: "judge-api", ...call }) + "\n");
  }
  const s = state();
  s.buffer.push(call);
  if (s.buffer.length >= FLUSH_AT) void flushApiCalls();
  else if (!s.timer) {
    s.timer = setTimeout(() => void flushApiCalls(), FLUSH_MS);
    s.timer.unref?.(); // a pending flush must not keep a test or CLI process alive
  }
}

/** Writes what is buffered (also called by tests to see rows at once). */
export function flushApiCalls(): Promise<void> {
  const s = state();
  if (s.timer) clearTimeout(s.timer);
  s.timer = null;
  const rows = s.buffer.splice(0);
  if (rows.length === 0) return s.flushing;
  s.flushing = s.flushing.then(() =>
    db()
      .apiCallLog.createMany({
        data: rows.map((r) => ({ requestId: r.requestId, apiKeyId: r.apiKeyId, route: r.route, modelId: r.modelId, batchSize: r.batchSize, status: r.status, latencyMs: r.latencyMs })),
      })
      .then(() => undefined)
      .catch((error: Error) => {
        process.stderr.write(JSON.stringify({ t: new Date().toISOString(), src: "judge-api", msg: "ApiCallLog write failed", rows: rows.length, error: error.message }) + "\n");
      }),
  );
  return s.flushing;
}
