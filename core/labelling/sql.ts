/**
 * SQL fragments shared by the labelling operations (plain text for core/db/sql-pool.ts). All lease
 * arithmetic uses the database clock, never the web server's, so several web processes agree on who
 * holds what.
 * The same rules are spelled out again in the database functions genrm_lease_comparison and
 * genrm_submit_label (migration 20261129120000_labelling_functions): change one, change the other
 * (in a new migration).
 */
import { NOW_UTC } from "../db/sql-time";

export { epochMs, NOW_UTC } from "../db/sql-time";

/** Assignment rows (alias `m`) that block annotator `$param` from (re)taking a comparison: finished, or a live lease. */
export const blocksAnnotator = (param: string) =>
  `EXISTS (SELECT 1 FROM "Assignment" m WHERE m."comparisonId" = c.id AND m."annotatorId" = ${param}
     AND (m.state IN ('done', 'skipped', 'flagged') OR (m.state = 'active' AND m."leaseExpiresAt" > ${NOW_UTC})))`;

/** Live leases on comparison `c`, which count against its overlap until they expire. */
export const LIVE_LEASES = `(SELECT count(*) FROM "Assignment" l WHERE l."comparisonId" = c.id AND l.state = 'active' AND l."leaseExpiresAt" > ${NOW_UTC})`;
