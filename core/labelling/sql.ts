/**
 * SQL fragments shared by the labelling operations. Prisma stores DateTime as UTC in `timestamp`
 * columns, so "now" must be UTC too whatever the session time zone is; all lease arithmetic uses the
 * database clock, never the web server's, so several web processes agree on who holds what.
 */
import { Prisma } from "../db/client";

export const NOW_UTC = Prisma.sql`(now() AT TIME ZONE 'UTC')`;

/** Assignment rows that block an annotator from (re)taking a comparison: finished, or a live lease. */
export const blocksAnnotator = (alias: string) =>
  Prisma.sql`(${Prisma.raw(alias)}.state IN ('done', 'skipped', 'flagged') OR (${Prisma.raw(alias)}.state = 'active' AND ${Prisma.raw(alias)}."leaseExpiresAt" > ${NOW_UTC}))`;

/** Live leases on comparison `c`, which count against its overlap until they expire. */
export const liveLeases = Prisma.sql`(SELECT count(*) FROM "Assignment" l WHERE l."comparisonId" = c.id AND l.state = 'active' AND l."leaseExpiresAt" > ${NOW_UTC})`;

/** Long interactive transactions are never needed here; waits happen only under heavy contention. */
export const TX_OPTIONS = { maxWait: 10_000, timeout: 15_000 } as const;
