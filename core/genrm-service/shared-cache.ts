/**
 * The judgement cache shared by every web process: a JudgeBackend wrapper that answers from Redis what
 * any process already judged (same key as genrm's CachedBackend: model id, template version, prompt,
 * reference, candidate — the order is in the roles) and stores what its inner backend judges.
 *
 * Redis down → AppError "Unavailable" (HTTP 503, Retry-After) for requests that need it, never a hang:
 * the producer connection fails fast and reconnects on its own, so service resumes when Redis is back
 * without a restart. A failed write after judging is only logged (the caller still gets its results).
 * Only distributions are stored: item failures are passed on uncached, and a call that wants the judge's
 * reasoning (`includeReasoning`) skips the read (reasoning texts are not kept here).
 * Not here: the in-process LRU (genrm CachedBackend sits in front of this) or batching (behind it).
 */
import type { Redis } from "ioredis";
import { judgeCacheKey } from "../../genrm/cache";
import { DelegatingBackend } from "../../genrm/delegating-backend";
import { isItemFailure, type JudgeBackend, type JudgeItem, type JudgeOptions, type JudgeOutput, type VerdictProbs } from "../../genrm/types";
import { AppError } from "../errors";

export interface SharedCacheOptions {
  redis: () => Redis;
  /** Full Redis key for a cache key (adds the deployment's prefix). */
  redisKey: (hash: string) => string;
  ttlS: number;
  /** Deadline for the cache read, ms: a stalled Redis must not stall judging forever. Default 1500. */
  timeoutMs?: number;
}

export interface SharedCacheStats {
  hits: number;
  misses: number;
  writeFailures: number;
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let t: ReturnType<typeof setTimeout>;
  const timeout = new Promise<never>((_, reject) => {
    t = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(t));
}

function decode(v: string | null): VerdictProbs | null {
  if (!v) return null;
  const parts = v.split(",").map(Number);
  if (parts.length !== 3 || parts.some((x) => !Number.isFinite(x))) return null;
  return { better: parts[0]!, same: parts[1]!, worse: parts[2]! };
}

const encode = (p: VerdictProbs) => `${p.better},${p.same},${p.worse}`;

/** SET key value EX ttl for each key: KEYS are the keys, ARGV[1] the TTL in seconds, ARGV[i + 1] key i's value. */
const SET_MANY = `for i = 1, #KEYS do redis.call('SET', KEYS[i], ARGV[i + 1], 'EX', ARGV[1]) end return #KEYS`;

/**
 * The producer connection refuses commands while (re)connecting (no offline queue, so a dead Redis never
 * piles up requests). A request arriving during a connect — first use, or just after Redis restarted —
 * waits for it, within the deadline, instead of failing at once.
 */
function ready(client: Redis, ms: number): Promise<void> {
  if (client.status === "ready") return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = (err?: Error) => {
      clearTimeout(t);
      client.off("ready", onReady);
      if (err) reject(err);
      else resolve();
    };
    const onReady = () => done();
    const t = setTimeout(() => done(new Error(`no connection within ${ms} ms (status ${client.status})`)), ms);
    client.on("ready", onReady);
  });
}

export class SharedCacheBackend extends DelegatingBackend {
  readonly stats: SharedCacheStats = { hits: 0, misses: 0, writeFailures: 0 };

  constructor(
    inner: JudgeBackend,
    private readonly opts: SharedCacheOptions,
  ) {
    super(inner);
  }

  async judge(items: JudgeItem[], options?: JudgeOptions): Promise<JudgeOutput[]> {
    if (items.length === 0) return [];
    const { modelId, templateVersion } = this.inner;
    const given = options?.cacheKeys?.length === items.length ? options.cacheKeys : null;
    const keys = items.map((item, i) => this.opts.redisKey(given ? given[i]! : judgeCacheKey({ modelId, templateVersion, item })));
    let stored: Array<string | null>;
    if (options?.includeReasoning) stored = keys.map(() => null);
    else {
      try {
        const client = this.opts.redis();
        const started = Date.now();
        const deadline = this.opts.timeoutMs ?? 1500;
        await ready(client, deadline);
        stored = await withTimeout(client.mget(...keys), Math.max(1, deadline - (Date.now() - started)), "reading the judgement cache");
      } catch (error) {
        throw new AppError("Unavailable", `The shared judgement cache (Redis) is unreachable: ${(error as Error).message}. Judging resumes by itself when Redis is back.`, { retryAfterS: 2 });
      }
    }
    const out: Array<JudgeOutput | null> = stored.map(decode);
    const missIndex = new Map<string, number[]>();
    out.forEach((p, i) => {
      if (p) {
        this.stats.hits++;
        return;
      }
      const list = missIndex.get(keys[i]!);
      if (list) list.push(i);
      else missIndex.set(keys[i]!, [i]);
    });
    if (missIndex.size > 0) {
      this.stats.misses += missIndex.size;
      const missKeys = [...missIndex.keys()];
      const probs = await this.inner.judge(missKeys.map((k) => items[missIndex.get(k)![0]!]!), options && { ...options, cacheKeys: undefined });
      const keep: string[] = [];
      const values: string[] = [];
      missKeys.forEach((k, j) => {
        const p = probs[j]!;
        for (const i of missIndex.get(k)!) out[i] = p;
        if (!isItemFailure(p)) {
          keep.push(k);
          values.push(encode(p));
        }
      });
      // Not awaited: the caller has its results; a failed write only costs a later miss.
      if (keep.length > 0) this.store(keep, values);
    }
    return out as JudgeOutput[];
  }

  /** One command for the whole batch (a pipeline of SETs built a command object per item). */
  private store(keys: string[], values: string[]): void {
    this.opts
      .redis()
      .eval(SET_MANY, keys.length, ...keys, this.opts.ttlS, ...values)
      .catch((error: Error) => {
        this.stats.writeFailures++;
        process.stderr.write(JSON.stringify({ t: new Date().toISOString(), src: "genrm-service", msg: "shared cache write failed", error: error.message }) + "\n");
      });
  }

}
