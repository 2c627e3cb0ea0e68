/**
 * Judgement cache: results keyed by sha256(model id, template version, prompt, reference, candidate),
 * kept in an LRU bounded by entry count, and `CachedBackend`, a JudgeBackend wrapper that sends only
 * misses to the inner backend (deduplicated within a batch and across concurrent calls).
 * The order of a comparison is part of the key through the roles: (a as candidate, b as reference) and
 * (b as candidate, a as reference) hash different slots, so both orders of a game are cached apart.
 * Only distributions are cached: an item failure (an unparseable reply) is passed on and asked again
 * next time, and reasoning texts are not kept (a call with `includeReasoning` skips the lookup).
 * Not here: persistence (an in-process cache; a shared one would sit behind the same key function).
 */
import { createHash } from "node:crypto";
import { BackendError, isItemFailure, type JudgeBackend, type JudgeItem, type JudgeOptions, type JudgeOutput, type VerdictProbs } from "./types";

export interface CacheKeyParts {
  modelId: string;
  templateVersion: string;
  item: JudgeItem;
}

/**
 * Hex sha256 of the parts, length-safe (JSON array encoding, so no separator can collide). Remembered per
 * item object: the in-process and the shared cache both key the same item, and hashing long texts twice
 * showed in the judge API's profile.
 */
export function judgeCacheKey({ modelId, templateVersion, item }: CacheKeyParts): string {
  const known = keyMemo.get(item);
  if (known && known.modelId === modelId && known.templateVersion === templateVersion && known.prompt === item.prompt && known.reference === item.reference && known.candidate === item.candidate) {
    return known.key;
  }
  const key = createHash("sha256")
    .update(JSON.stringify([modelId, templateVersion, item.prompt, item.reference, item.candidate]))
    .digest("hex");
  keyMemo.set(item, { modelId, templateVersion, prompt: item.prompt, reference: item.reference, candidate: item.candidate, key });
  return key;
}

/** Items are plain objects a caller could mutate, so a memo entry holds the texts it was computed from
 * (compared by reference-equal strings, which is cheap) and is used only while they are unchanged. */
const keyMemo = new WeakMap<object, { modelId: string; templateVersion: string; prompt: string; reference: string; candidate: string; key: string }>();

/** A Map-backed LRU: reads refresh recency, inserts past `maxEntries` evict the least recently used. */
export class LruCache<K, V> {
  private readonly map = new Map<K, V>();

  constructor(readonly maxEntries: number) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new RangeError("maxEntries must be a positive integer");
  }

  get size(): number {
    return this.map.size;
  }

  get(key: K): V | undefined {
    const v = this.map.get(key);
    if (v === undefined) return undefined;
    this.map.delete(key);
    this.map.set(key, v);
    return v;
  }

  has(key: K): boolean {
    return this.map.has(key);
  }

  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.maxEntries) {
      const oldest = this.map.keys().next().value as K;
      this.map.delete(oldest);
    }
  }

  delete(key: K): boolean {
    return this.map.delete(key);
  }

  clear(): void {
    this.map.clear();
  }
}

export interface CachedBackendOptions {
  /** LRU bound; default 100 000 entries (a few hundred bytes each). */
  maxEntries?: number;
  /** Share one cache between wrappers (keys carry the model id, so different models never collide). */
  cache?: LruCache<string, VerdictProbs>;
}

export interface CacheStats {
  hits: number;
  misses: number;
  /** Calls made to the inner backend. */
  innerCalls: number;
}

const copy = (p: VerdictProbs): VerdictProbs => ({ better: p.better, same: p.same, worse: p.worse });

export class CachedBackend implements JudgeBackend {
  readonly cache: LruCache<string, VerdictProbs>;
  readonly stats: CacheStats = { hits: 0, misses: 0, innerCalls: 0 };
  /** Keys being judged right now, so a concurrent call waits instead of asking again. */
  private readonly inflight = new Map<string, Promise<JudgeOutput>>();

  constructor(
    readonly inner: JudgeBackend,
    options: CachedBackendOptions = {},
  ) {
    this.cache = options.cache ?? new LruCache(options.maxEntries ?? 100_000);
  }

  get kind(): string {
    return this.inner.kind;
  }
  get modelId(): string {
    return this.inner.modelId;
  }
  get templateVersion(): string {
    return this.inner.templateVersion;
  }

  async judge(items: JudgeItem[], options?: JudgeOptions): Promise<JudgeOutput[]> {
    if (items.length === 0) return [];
    const { modelId, templateVersion } = this.inner;
    const keys = items.map((item) => judgeCacheKey({ modelId, templateVersion, item }));
    if (options?.includeReasoning) return this.judgeFresh(items, keys, options);
    const pending = new Map<string, Promise<JudgeOutput>>();
    const missKeys: string[] = [];
    const missItems: JudgeItem[] = [];

    const asked = new Set<string>();

    for (let i = 0; i < items.length; i++) {
      const key = keys[i]!;
      if (pending.has(key) || asked.has(key)) continue;
      const hit = this.cache.get(key);
      if (hit) {
        this.stats.hits++;
        pending.set(key, Promise.resolve(hit));
        continue;
      }
      const running = this.inflight.get(key);
      if (running) {
        this.stats.hits++;
        pending.set(key, running);
        continue;
      }
      this.stats.misses++;
      asked.add(key);
      missKeys.push(key);
      missItems.push(items[i]!);
    }

    if (missItems.length > 0) {
      this.stats.innerCalls++;
      const call = this.inner.judge(missItems, options).then((probs) => {
        if (!Array.isArray(probs) || probs.length !== missItems.length) {
          throw new BackendError("bad_response", `inner backend returned ${Array.isArray(probs) ? probs.length : "no"} results for ${missItems.length} items`);
        }
        return probs;
      });
      missKeys.forEach((key, j) => {
        const one = call.then((probs): JudgeOutput => {
          const o = probs[j]!;
          if (isItemFailure(o)) return o;
          const p = copy(o);
          this.cache.set(key, p);
          return p;
        });
        // Failures are not cached: the next call retries. Avoid unhandled rejections for waiters that never came.
        one.catch(() => undefined).finally(() => {
          if (this.inflight.get(key) === one) this.inflight.delete(key);
        });
        this.inflight.set(key, one);
        pending.set(key, one);
      });
    }

    const byKey = new Map<string, JudgeOutput>();
    await Promise.all([...pending].map(async ([key, p]) => byKey.set(key, await p)));
    return keys.map((key) => {
      const o = byKey.get(key)!;
      return isItemFailure(o) ? o : copy(o);
    });
  }

  /** Asks the inner backend for every item (the caller wants what the cache does not keep) and stores the distributions. */
  private async judgeFresh(items: JudgeItem[], keys: string[], options: JudgeOptions): Promise<JudgeOutput[]> {
    this.stats.misses += items.length;
    this.stats.innerCalls++;
    const out = await this.inner.judge(items, options);
    if (!Array.isArray(out) || out.length !== items.length) {
      throw new BackendError("bad_response", `inner backend returned ${Array.isArray(out) ? out.length : "no"} results for ${items.length} items`);
    }
    out.forEach((o, i) => {
      if (!isItemFailure(o)) this.cache.set(keys[i]!, copy(o));
    });
    return out;
  }

  async close(): Promise<void> {
    await this.inner.close?.();
  }
}
