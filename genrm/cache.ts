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
import * as cryptoModule from "node:crypto";
import { createHash } from "node:crypto";
import { BackendError, isItemFailure, type JudgeBackend, type JudgeItem, type JudgeOptions, type JudgeOutput, type VerdictProbs } from "./types";
import { DelegatingBackend } from "./delegating-backend";

export interface CacheKeyParts {
  modelId: string;
  templateVersion: string;
  item: JudgeItem;
}

/**
 * Hex sha256 of the parts, length-safe (length-prefixed, so no separator can collide). A cache that wraps
 * another hands its keys down in JudgeOptions.cacheKeys, so each item is hashed once per request.
 */
export function judgeCacheKey({ modelId, templateVersion, item }: CacheKeyParts): string {
  return hashParts([modelId, templateVersion, item.prompt, item.reference, item.candidate]);
}

/**
 * sha256 of the parts, each prefixed by its length (UTF-16 units), hashed as one string with the one-shot
 * `crypto.hash` — about 3× cheaper than hashing their JSON, which showed as the largest item of the judge
 * service's CPU profile. Length prefixes make the encoding uniquely decodable; UTF-8 is injective only on
 * well-formed strings, so texts with lone surrogates take the JSON encoding (which escapes them) instead.
 */
function hashParts(parts: string[]): string {
  if (oneShotHash && parts.every((p) => (p as unknown as WellFormedCheck).isWellFormed())) {
    let text = "";
    for (const p of parts) text += `${p.length}:${p}`;
    return oneShotHash("sha256", text);
  }
  return createHash("sha256").update(`json:${JSON.stringify(parts)}`).digest("hex");
}

/** ES2024's String.prototype.isWellFormed (in Node 20; our TypeScript lib is older). */
type WellFormedCheck = { isWellFormed(): boolean };

/** Node ≥ 20.12 has `crypto.hash`; older ones hash through a Hash object. */
const oneShotHash = (cryptoModule as { hash?: (algorithm: string, data: string) => string }).hash;

/**
 * A Map-backed LRU: reads refresh recency, inserts past `maxEntries` evict the least recently used.
 * Eviction reads the oldest key through one long-lived iterator. A fresh `keys().next()` per eviction
 * has to step over every slot deleted since the Map last compacted, so a full cache of 200k entries
 * spent ~100 µs per insert; the kept iterator steps over each deleted slot once.
 */
export class LruCache<K, V> {
  private readonly map = new Map<K, V>();
  /**
   * Walks the Map in insertion order; entries moved to the end (refreshed) are met again there. Made at
   * the first eviction: an idle iterator would keep every table the Map outgrew while filling up alive.
   */
  private oldest: Iterator<K> | null = null;

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
    while (this.map.size > this.maxEntries) this.shift();
  }

  /** Removes and returns the least recently used entry (undefined when empty). */
  shift(): [K, V] | undefined {
    if (this.map.size === 0) return undefined;
    let next = this.oldest?.next();
    if (!next || next.done) {
      this.oldest = this.map.keys();
      next = this.oldest.next();
    }
    const key = next.value as K;
    const value = this.map.get(key)!;
    this.map.delete(key);
    return [key, value];
  }

  delete(key: K): boolean {
    return this.map.delete(key);
  }

  clear(): void {
    this.map.clear();
    this.oldest = null;
  }
}

/**
 * The verdict LRU: keys in an LruCache of slot numbers, distributions packed in one Float64Array. A Map
 * of {better, same, worse} objects kept ~5 heap objects per entry alive (the object and its boxed doubles);
 * at the judge service's 200k entries under all-miss load, marking and moving them cost about a fifth of
 * its CPU per request (bench:api: 1.24 → 0.96 ms with 5k entries). Here an entry is its key string and
 * three doubles in a flat array that the collector does not trace.
 */
export class VerdictCache {
  private readonly slots: LruCache<string, number>;
  private readonly probs: Float64Array;

  constructor(readonly maxEntries: number) {
    this.slots = new LruCache(maxEntries);
    this.probs = new Float64Array(maxEntries * 3);
  }

  get size(): number {
    return this.slots.size;
  }

  has(key: string): boolean {
    return this.slots.has(key);
  }

  /** A fresh object each call (callers may keep or change it). Refreshes the entry's recency. */
  get(key: string): VerdictProbs | undefined {
    const slot = this.slots.get(key);
    if (slot === undefined) return undefined;
    const at = slot * 3;
    return { better: this.probs[at]!, same: this.probs[at + 1]!, worse: this.probs[at + 2]! };
  }

  set(key: string, p: VerdictProbs): void {
    let slot = this.slots.get(key);
    if (slot === undefined) {
      // Slots fill in order; once full, the least recently used entry gives up its slot.
      slot = this.slots.size < this.maxEntries ? this.slots.size : this.slots.shift()![1];
      this.slots.set(key, slot);
    }
    const at = slot * 3;
    this.probs[at] = p.better;
    this.probs[at + 1] = p.same;
    this.probs[at + 2] = p.worse;
  }

  clear(): void {
    this.slots.clear();
  }
}

export interface CachedBackendOptions {
  /** LRU bound; default 100 000 entries (a few hundred bytes each). */
  maxEntries?: number;
  /** Share one cache between wrappers (keys carry the model id, so different models never collide). */
  cache?: VerdictCache;
}

export interface CacheStats {
  hits: number;
  misses: number;
  /** Calls made to the inner backend. */
  innerCalls: number;
}

const copy = (p: VerdictProbs): VerdictProbs => ({ better: p.better, same: p.same, worse: p.worse });

export class CachedBackend extends DelegatingBackend {
  readonly cache: VerdictCache;
  readonly stats: CacheStats = { hits: 0, misses: 0, innerCalls: 0 };
  /**
   * Keys being judged right now, so a concurrent call waits instead of asking again: the inner call's
   * promise and the key's place in its answer (one promise per inner call, not one per key — with
   * batches of hundreds of items, per-key promises showed in the judge service's profile).
   */
  private readonly inflight = new Map<string, { call: Promise<JudgeOutput[]>; at: number }>();

  constructor(inner: JudgeBackend, options: CachedBackendOptions = {}) {
    super(inner);
    this.cache = options.cache ?? new VerdictCache(options.maxEntries ?? 100_000);
  }

  async judge(items: JudgeItem[], options?: JudgeOptions): Promise<JudgeOutput[]> {
    if (items.length === 0) return [];
    const { modelId, templateVersion } = this.inner;
    const keys = options?.cacheKeys?.length === items.length ? options.cacheKeys : items.map((item) => judgeCacheKey({ modelId, templateVersion, item }));
    if (options?.includeReasoning) return this.judgeFresh(items, keys, options);
    const out: Array<JudgeOutput | undefined> = new Array(items.length);
    /** Items answered by an inner call (ours or a concurrent caller's): [item index, call, place in its answer]. */
    const waiting: Array<[number, Promise<JudgeOutput[]>, number]> = [];
    /** First index of each key seen in this batch (duplicates copy its answer). */
    const firstOf = new Map<string, number>();
    const duplicates: Array<[number, number]> = [];
    const missKeys: string[] = [];
    const missItems: JudgeItem[] = [];
    const missAt: number[] = [];

    for (let i = 0; i < items.length; i++) {
      const key = keys[i]!;
      const first = firstOf.get(key);
      if (first !== undefined) {
        duplicates.push([i, first]);
        continue;
      }
      firstOf.set(key, i);
      const hit = this.cache.get(key);
      if (hit) {
        this.stats.hits++;
        out[i] = hit;
        continue;
      }
      const running = this.inflight.get(key);
      if (running) {
        this.stats.hits++;
        waiting.push([i, running.call, running.at]);
        continue;
      }
      this.stats.misses++;
      missAt.push(i);
      missKeys.push(key);
      missItems.push(items[i]!);
    }

    if (missItems.length > 0) {
      this.stats.innerCalls++;
      const call = this.inner.judge(missItems, { ...options, cacheKeys: missKeys }).then((outputs) => {
        if (!Array.isArray(outputs) || outputs.length !== missItems.length) {
          throw new BackendError("bad_response", `inner backend returned ${Array.isArray(outputs) ? outputs.length : "no"} results for ${missItems.length} items`);
        }
        // Item failures are passed on, never cached: the next call asks again.
        const kept = outputs.map((o) => (isItemFailure(o) ? o : copy(o)));
        missKeys.forEach((key, j) => {
          const o = kept[j]!;
          if (!isItemFailure(o)) this.cache.set(key, o);
        });
        return kept;
      });
      missKeys.forEach((key, j) => {
        this.inflight.set(key, { call, at: j });
        waiting.push([missAt[j]!, call, j]);
      });
      // Failures are not cached: the next call retries. The catch avoids an unhandled rejection when no
      // caller is left waiting.
      call
        .catch(() => undefined)
        .finally(() => {
          for (const key of missKeys) if (this.inflight.get(key)?.call === call) this.inflight.delete(key);
        });
    }

    if (waiting.length > 0) {
      const calls = [...new Set(waiting.map((w) => w[1]))];
      const answers = new Map(calls.map((c, n) => [c, n]));
      const settled = await Promise.all(calls);
      for (const [i, call, at] of waiting) out[i] = settled[answers.get(call)!]![at];
    }
    for (const [i, first] of duplicates) out[i] = out[first];
    return out.map((o) => (isItemFailure(o!) ? o! : copy(o as VerdictProbs)));
  }

  /** Asks the inner backend for every item (the caller wants what the cache does not keep) and stores the distributions. */
  private async judgeFresh(items: JudgeItem[], keys: readonly string[], options: JudgeOptions): Promise<JudgeOutput[]> {
    this.stats.misses += items.length;
    this.stats.innerCalls++;
    const out = await this.inner.judge(items, { ...options, cacheKeys: keys });
    if (!Array.isArray(out) || out.length !== items.length) {
      throw new BackendError("bad_response", `inner backend returned ${Array.isArray(out) ? out.length : "no"} results for ${items.length} items`);
    }
    out.forEach((o, i) => {
      if (!isItemFailure(o)) this.cache.set(keys[i]!, o);
    });
    return out;
  }

}
