/**
 * Time in plain SQL (for core/db/sql-pool.ts). Prisma stores DateTime as UTC in `timestamp` columns, so
 * "now" must be UTC too whatever the session time zone is, and values are read as epoch milliseconds
 * so no driver time-zone parsing is involved.
 */
export const NOW_UTC = `(now() AT TIME ZONE 'UTC')`;

/** Milliseconds since the epoch of a `timestamp` (UTC) column. */
export const epochMs = (col: string) => `(EXTRACT(EPOCH FROM ${col}) * 1000)::float8`;

/** A `timestamp` (UTC) from epoch milliseconds (a parameter or column holding float8 ms). */
export const fromEpochMs = (ms: string) => `(to_timestamp(${ms} / 1000.0) AT TIME ZONE 'UTC')`;
