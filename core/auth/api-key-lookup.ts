/**
 * API-key rows by hash for authenticateApiKey, read for many concurrent requests at once: hashes asked
 * for while a lookup query runs share the next one (`hash = ANY($1)`). Under a trainer's load (many
 * clients, one key) that is one database round trip for several requests instead of one each (pg's
 * socket writes were half of the judge service's write syscalls). It is still a read made after each
 * request arrived, never a cache: a key revoked or an owner deactivated is refused at once.
 */
import { sqlPool } from "../db/sql-pool";
import { NOW_UTC } from "../db/sql-time";

export interface ApiKeyRow {
  id: string;
  userId: string;
  scopes: string[];
  revoked: boolean;
  role: string;
  active: boolean;
  /** lastUsedAt is older than LAST_USED_RESOLUTION_MS (or unset): the caller records this use. */
  stale: boolean;
}

export const LAST_USED_RESOLUTION_MS = 60_000;

const LOOKUP_SQL = `
  SELECT k.hash, k.id, k."userId", k.scopes, k."revokedAt" IS NOT NULL AS revoked, u.role, u.active,
         (k."lastUsedAt" IS NULL OR k."lastUsedAt" < ${NOW_UTC} - make_interval(secs => $2)) AS stale
    FROM "ApiKey" k JOIN "User" u ON u.id = k."userId" WHERE k.hash = ANY($1::text[])`;

interface Waiter {
  resolve(row: ApiKeyRow | null): void;
  reject(error: unknown): void;
}

/** Hashes asked for since the last query left, each with the requests waiting for it. */
let pending: Map<string, Waiter[]> = new Map();
/** A query is running (or about to start): new lookups wait for the next one. */
let running = false;

async function flush(batch: Map<string, Waiter[]>): Promise<void> {
  try {
    // A named (prepared) statement: Postgres parses and plans it once per connection, not per query.
    const { rows } = await sqlPool().query<ApiKeyRow & { hash: string }>({
      name: "genrm_lookup_api_keys",
      text: LOOKUP_SQL,
      values: [[...batch.keys()], LAST_USED_RESOLUTION_MS / 1000],
    });
    const byHash = new Map(rows.map(({ hash, ...row }) => [hash, row]));
    for (const [hash, waiters] of batch) {
      const row = byHash.get(hash) ?? null;
      // One of the requests records the use; the others need not write the same minute again.
      waiters.forEach((w, i) => w.resolve(row && i > 0 && row.stale ? { ...row, stale: false } : row));
    }
  } catch (error) {
    for (const waiters of batch.values()) for (const w of waiters) w.reject(error);
  }
}

/** Sends what is pending as one query, then the next batch that gathered meanwhile, until none is left. */
async function drain(): Promise<void> {
  while (pending.size > 0) {
    const batch = pending;
    pending = new Map();
    await flush(batch);
  }
  running = false;
}

/**
 * The key row for a sha256 hex hash (with its owner's role and state), or null when no key has it.
 * One query runs at a time: lookups asked for while it runs wait for the next one, which starts as soon
 * as it returns — at most one round trip later, and still after they were asked.
 */
export function lookupApiKey(hash: string): Promise<ApiKeyRow | null> {
  return new Promise((resolve, reject) => {
    const waiters = pending.get(hash);
    if (waiters) waiters.push({ resolve, reject });
    else pending.set(hash, [{ resolve, reject }]);
    if (!running) {
      running = true;
      // After the I/O callbacks of this turn: every request whose headers arrived with it joins the first batch.
      setImmediate(() => void drain());
    }
  });
}
