/**
 * A serving fleet: the base URLs of one judge's replicas, with health kept per URL.
 *   pick        the healthy URL with the fewest requests in flight (ties: the least recently picked);
 *               when none is healthy, the one whose retry time comes first (so a fleet that is all
 *               down is still probed, and recovers without a restart).
 *   failure     a connection failure, timeout or 5xx takes the URL out for a backoff (1 s, doubling per
 *               consecutive failure, at most 60 s); after it the URL is tried again, and one success
 *               brings it back.
 * The backend (openai-backend.ts) retries a failed call on another URL, so one replica going down costs
 * the caller nothing. Pure bookkeeping: no I/O here, clock injectable for tests.
 */

export interface UrlHealth {
  url: string;
  /** Taken out after a failure, until its retry time or its next success. */
  healthy: boolean;
  inFlight: number;
  /** Failures in the last RECENT_WINDOW_MS. */
  recentFailures: number;
  /** Failures since the last success. */
  consecutiveFailures: number;
  lastError: string | null;
  /** ISO times, null when never. */
  lastOkAt: string | null;
  lastErrorAt: string | null;
  /** When an unhealthy URL is tried again. */
  retryAt: string | null;
}

export interface FleetOptions {
  /** First backoff after a failure, ms. Default 1000. */
  backoffBaseMs?: number;
  /** Longest backoff, ms. Default 60 000. */
  backoffMaxMs?: number;
  now?: () => number;
}

export type FleetOutcome = { ok: true } | { ok: false; failure: string; takeOut: boolean };

export const RECENT_WINDOW_MS = 5 * 60_000;
const MAX_KEPT_FAILURES = 100;

interface Endpoint {
  url: string;
  inFlight: number;
  failuresAt: number[];
  consecutive: number;
  downUntil: number;
  lastError: string | null;
  lastOkAt: number | null;
  lastErrorAt: number | null;
  lastPickedAt: number;
  picks: number;
}

export class Fleet {
  private readonly endpoints: Endpoint[];
  private readonly backoffBaseMs: number;
  private readonly backoffMaxMs: number;
  private readonly now: () => number;
  private pickCounter = 0;

  constructor(urls: readonly string[], options: FleetOptions = {}) {
    const unique = [...new Set(urls.map((u) => u.replace(/\/+$/, "")))];
    if (unique.length === 0) throw new RangeError("a fleet needs at least one base URL");
    this.endpoints = unique.map((url) => ({ url, inFlight: 0, failuresAt: [], consecutive: 0, downUntil: 0, lastError: null, lastOkAt: null, lastErrorAt: null, lastPickedAt: 0, picks: 0 }));
    this.backoffBaseMs = options.backoffBaseMs ?? 1000;
    this.backoffMaxMs = options.backoffMaxMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  get urls(): string[] {
    return this.endpoints.map((e) => e.url);
  }

  get size(): number {
    return this.endpoints.length;
  }

  private healthy(e: Endpoint, now: number): boolean {
    return e.downUntil <= now;
  }

  /**
   * The URL for the next request, counted in flight until `release`. `avoid` holds URLs that already
   * failed this call: they are used only when nothing else is left.
   */
  acquire(avoid: ReadonlySet<string> = new Set()): string {
    const now = this.now();
    const fresh = this.endpoints.filter((e) => !avoid.has(e.url));
    const pool = fresh.length > 0 ? fresh : this.endpoints;
    const up = pool.filter((e) => this.healthy(e, now));
    let chosen: Endpoint;
    if (up.length > 0) {
      chosen = up.reduce((a, b) => (b.inFlight < a.inFlight || (b.inFlight === a.inFlight && b.lastPickedAt < a.lastPickedAt) ? b : a));
    } else {
      chosen = pool.reduce((a, b) => (b.downUntil < a.downUntil ? b : a));
    }
    chosen.inFlight++;
    chosen.lastPickedAt = ++this.pickCounter;
    chosen.picks++;
    return chosen.url;
  }

  /** Whether another URL than those in `avoid` could serve a retry now. */
  hasAlternative(avoid: ReadonlySet<string>): boolean {
    const now = this.now();
    return this.endpoints.some((e) => !avoid.has(e.url) && this.healthy(e, now));
  }

  private find(url: string): Endpoint {
    const e = this.endpoints.find((x) => x.url === url);
    if (!e) throw new RangeError(`${url} is not in this fleet`);
    return e;
  }

  /**
   * The request to `url` ended: ok, or failed (`takeOut` → out for its backoff; else only recorded).
   * No outcome (the caller aborted): only the in-flight count changes.
   */
  release(url: string, outcome?: FleetOutcome): void {
    const e = this.find(url);
    e.inFlight = Math.max(0, e.inFlight - 1);
    if (outcome) this.record(url, outcome);
  }

  /** Notes an outcome for `url` without a request in flight (e.g. a health check). */
  record(url: string, outcome: FleetOutcome): void {
    const e = this.find(url);
    const now = this.now();
    if (outcome.ok) {
      e.consecutive = 0;
      e.downUntil = 0;
      e.lastOkAt = now;
      return;
    }
    e.lastError = outcome.failure.slice(0, 500);
    e.lastErrorAt = now;
    e.failuresAt.push(now);
    if (e.failuresAt.length > MAX_KEPT_FAILURES) e.failuresAt.shift();
    if (outcome.takeOut) {
      e.consecutive++;
      const backoff = Math.min(this.backoffMaxMs, this.backoffBaseMs * 2 ** Math.min(20, e.consecutive - 1));
      e.downUntil = now + backoff;
    }
  }

  /** Per-URL health, in configuration order. */
  health(): UrlHealth[] {
    const now = this.now();
    const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
    return this.endpoints.map((e) => {
      const healthy = this.healthy(e, now);
      return {
        url: e.url,
        healthy,
        inFlight: e.inFlight,
        recentFailures: e.failuresAt.filter((t) => now - t <= RECENT_WINDOW_MS).length,
        consecutiveFailures: e.consecutive,
        lastError: e.lastError,
        lastOkAt: iso(e.lastOkAt),
        lastErrorAt: iso(e.lastErrorAt),
        retryAt: healthy ? null : iso(e.downUntil),
      };
    });
  }
}
