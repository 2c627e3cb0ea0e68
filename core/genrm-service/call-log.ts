/**
 * One record per public judge API call — key, model version, batch size, status, latency; never texts —
 * as a structured JSON line on stdout at once, and as an ApiCallLog row written in batches (every
 * FLUSH_MS or FLUSH_AT rows) so logging adds no database round trip to a request. The batch is one
 * plain SQL insert (Prisma compiles a createMany afresh for every row count, which cost more CPU than the
 * judge calls it logged). A failed write is reported on stderr and dropped: logging never fails a call.
 */
import { randomUUID } from "node:crypto";
import { sql } from "../db/sql-pool";
import { fromEpochMs } from "../db/sql-time";
import { logsRequests } from "../env";

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

const INSERT = `
  INSERT INTO "ApiCallLog" (id, "requestId", "apiKeyId", route, "modelId", "batchSize", status, "latencyMs", "createdAt")
  SELECT id, rid, key, route, model, size, status, ms, ${fromEpochMs("at")}
    FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::int[], $8::int[], $9::float8[])
      AS r(id, rid, key, route, model, size, status, ms, at)`;

const FLUSH_MS = 500;
const FLUSH_AT = 500;

interface LogState {
  buffer: (ApiCall & { at: number })[];
  timer: ReturnType<typeof setTimeout> | null;
  flushing: Promise<void>;
}
const g = globalThis as unknown as { __genrmCallLog?: LogState };
const state = () => (g.__genrmCallLog ??= { buffer: [], timer: null, flushing: Promise.resolve() });

export function recordApiCall(call: ApiCall): void {
  if (logsRequests()) {
    process.stdout.write(JSON.stringify({ t: new Date().toISOString(), src: "judge-api", ...call }) + "\n");
  }
  const s = state();
  s.buffer.push({ ...call, at: Date.now() });
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
  const col = <K extends keyof (typeof rows)[number]>(k: K) => rows.map((r) => r[k]);
  s.flushing = s.flushing.then(() =>
    sql(INSERT, [rows.map(() => randomUUID()), col("requestId"), col("apiKeyId"), col("route"), col("modelId"), col("batchSize"), col("status"), col("latencyMs"), col("at")])
      .then(() => undefined)
      .catch((error: Error) => {
        process.stderr.write(JSON.stringify({ t: new Date().toISOString(), src: "judge-api", msg: "ApiCallLog write failed", rows: rows.length, error: error.message }) + "\n");
      }),
  );
  return s.flushing;
}
