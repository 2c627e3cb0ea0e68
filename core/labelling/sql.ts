/**
 * SQL fragments shared by the labelling operations (plain text for core/db/sql-pool.ts). Prisma stores
 * DateTime as UTC in `timestamp` columns, so "now" must be UTC too whatever the session time zone is;
 * all lease arithmetic uses the database clock, never the web server's, so several web processes agree
 * on who holds what.
 */
export const NOW_UTC = `(now() AT TIME ZONE 'UTC')`;

/** Assignment rows (alias `m`) that block annotator `$param` from (re)taking a comparison: finished, or a live lease. */
export const blocksAnnotator = (param: string) =>
  `EXISTS (SELECT 1 FROM "Assignment" m WHERE m."comparisonId" = c.id AND m."annotatorId" = ${param}
     AND (m.state IN ('done', 'skipped', 'flagged') OR (m.state = 'active' AND m."leaseExpiresAt" > ${NOW_UTC})))`;

/** Live leases on comparison `c`, which count against its overlap until they expire. */
export const LIVE_LEASES = `(SELECT count(*) FROM "Assignment" l WHERE l."comparisonId" = c.id AND l.state = 'active' AND l."leaseExpiresAt" > ${NOW_UTC})`;

/** Milliseconds since the epoch of a `timestamp` (UTC) column, so no driver time-zone parsing is involved. */
export const epochMs = (col: string) => `(EXTRACT(EPOCH FROM ${col}) * 1000)::float8`;
