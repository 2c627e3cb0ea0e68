/**
 * One serving stack per GenRM version, built on first use and kept for the life of the process:
 *
 *   CachedBackend (in-process LRU, dedups concurrent identical items)
 *     → SharedCacheBackend (Redis: results shared by every web process)
 *       → MicroBatchBackend (merges concurrent requests within a few ms; per-backend concurrency limit;
 *                            bounded queue → "overloaded" → 503 + Retry-After)
 *         → CountingBackend → the model's raw backend (create-backend.ts)
 *
 * `isolated` reaches the raw backend one call at a time without batching: used to find which item of a
 * refused batch is at fault, so one bad item never fails the others (judge-items.ts).
 * State lives on globalThis: Next.js may load this module once per route bundle, and all of them must
 * share one pool (one concurrency limit per backend, one cache).
 */
import { CachedBackend, VerdictCache } from "../../genrm/cache";
import { Semaphore } from "../../genrm/concurrency";
import { DelegatingBackend } from "../../genrm/delegating-backend";
import type { UrlHealth } from "../../genrm/backends/openai/fleet";
import { OpenAICompatibleBackend } from "../../genrm/backends/openai/openai-backend";
import { MicroBatchBackend, type MicroBatchOptions } from "../../genrm/microbatch";
import type { JudgeBackend, JudgeItem, JudgeOptions, JudgeOutput, VerdictProbs } from "../../genrm/types";
import { redis, rkey } from "../queue/redis";
import { createBackend } from "./create-backend";
import { resolveServingModel, type ModelRef, type ServingModel } from "./resolve-model";
import { servingConfig } from "../env";
import { SharedCacheBackend } from "./shared-cache";

/** Counts what reaches the raw backend: tests and stats read it. */
class CountingBackend extends DelegatingBackend {
  calls = 0;
  items = 0;
  judge(items: JudgeItem[], options?: JudgeOptions): Promise<JudgeOutput[]> {
    this.calls++;
    this.items += items.length;
    return this.inner.judge(items, options);
  }
}

export interface ServingStats {
  /** Calls and items that reached the model's raw backend (after every cache and batching). */
  backendCalls: number;
  backendItems: number;
  localHits: number;
  sharedHits: number;
  sharedMisses: number;
  /** Requests refused because the queue was full. */
  rejected: number;
  queued: number;
  running: number;
}

/** A served judge's fleet as this process sees it: health from real traffic, `check` asks each URL now. */
export interface FleetView {
  health(): UrlHealth[];
  check(timeoutMs?: number): Promise<UrlHealth[]>;
}

export interface ServingStack {
  model: ServingModel;
  /** The full stack: caches, micro-batching, concurrency limit. Use this. */
  backend: JudgeBackend;
  /** The raw backend one call at a time, no cache: for isolating a bad item. */
  isolated: JudgeBackend;
  microBatch: MicroBatchOptions;
  stats(): ServingStats;
  /** Per-URL health when the model is served by a fleet of servers (backend "openai"), else null. */
  fleet(): FleetView | null;
  close(): Promise<void>;
}

const MAX_STACKS = 16;

interface PoolState {
  stacks: Map<string, Promise<ServingStack>>;
  lru: VerdictCache;
}
const g = globalThis as unknown as { __genrmServingPool?: PoolState };
function pool(): PoolState {
  return (g.__genrmServingPool ??= { stacks: new Map(), lru: new VerdictCache(servingConfig().GENRM_LOCAL_CACHE_ENTRIES) });
}

/** What identifies a stack: a model whose backend settings change gets a fresh one. */
function signature(m: ServingModel): string {
  return JSON.stringify([m.id, m.backend, m.artifactUri, m.config, m.templateVersion]);
}

function microBatchOptions(model: ServingModel): Required<MicroBatchOptions> {
  const cfg = servingConfig();
  const s = ((model.config ?? {}) as { serving?: Record<string, unknown> }).serving ?? {};
  const pick = (k: string, d: number) => (typeof s[k] === "number" && Number.isFinite(s[k]) && (s[k] as number) >= 0 ? (s[k] as number) : d);
  return {
    windowMs: pick("windowMs", cfg.GENRM_BATCH_WINDOW_MS),
    maxBatch: Math.max(1, Math.floor(pick("maxBatch", cfg.GENRM_BATCH_MAX))),
    // The embedded model runs in this process and serialises its calls: one at a time lets batches grow
    // in the queue instead of waiting inside the backend.
    maxConcurrency: Math.max(1, Math.floor(pick("maxConcurrency", model.backend === "embedded" ? 1 : cfg.GENRM_BACKEND_CONCURRENCY))),
    maxQueue: Math.max(1, Math.floor(pick("maxQueue", cfg.GENRM_BACKEND_MAX_QUEUE))),
  };
}

async function buildStack(model: ServingModel): Promise<ServingStack> {
  const raw = await createBackend(model);
  const counting = new CountingBackend(raw);
  const mbOptions = microBatchOptions(model);
  const micro = new MicroBatchBackend(counting, mbOptions);
  const shared = new SharedCacheBackend(micro, { redis, redisKey: (h) => rkey("judge", h), ttlS: servingConfig().GENRM_SHARED_CACHE_TTL_S });
  const local = new CachedBackend(shared, { cache: pool().lru });
  const one = new Semaphore(1);
  const isolated: JudgeBackend = {
    kind: raw.kind,
    modelId: raw.modelId,
    templateVersion: raw.templateVersion,
    judge: (items, options) => one.run(() => counting.judge(items, options)),
  };
  return {
    model,
    backend: local,
    isolated,
    microBatch: mbOptions,
    stats: () => ({
      backendCalls: counting.calls,
      backendItems: counting.items,
      localHits: local.stats.hits,
      sharedHits: shared.stats.hits,
      sharedMisses: shared.stats.misses,
      rejected: micro.stats.rejected,
      queued: micro.queued,
      running: micro.running,
    }),
    fleet: () => (raw instanceof OpenAICompatibleBackend ? { health: () => raw.health(), check: (ms) => raw.checkHealth(ms) } : null),
    close: () => micro.close(),
  };
}

/** The serving stack for an already-resolved model row. */
export async function stackFor(model: ServingModel): Promise<ServingStack> {
  const p = pool();
  const key = signature(model);
  let stack = p.stacks.get(key);
  if (stack) {
    // Refresh recency (Map order) so the least recently used stack is evicted first.
    p.stacks.delete(key);
    p.stacks.set(key, stack);
    const s = await stack;
    s.model = model; // status may have changed (e.g. promoted); the backend has not
    return s;
  }
  stack = buildStack(model);
  p.stacks.set(key, stack);
  // A failed build is not kept: the next request tries again (e.g. after the config is fixed).
  stack.catch(() => {
    if (p.stacks.get(key) === stack) p.stacks.delete(key);
  });
  while (p.stacks.size > MAX_STACKS) {
    const [oldKey, old] = p.stacks.entries().next().value as [string, Promise<ServingStack>];
    p.stacks.delete(oldKey);
    old.then((s) => s.close()).catch(() => undefined);
  }
  return stack;
}

/**
 * The serving stack for a model reference (version number, "v3", id or name), or for the active
 * version when `ref` is null/undefined. Other parts of the platform (tournaments, evaluation, RL
 * monitoring) judge through this so they share the caches and the concurrency limit.
 */
export async function getServingBackend(ref?: ModelRef | null): Promise<ServingStack> {
  return stackFor(await resolveServingModel(ref));
}

/** Closes every stack (tests, shutdown). */
export async function closeServingPool(): Promise<void> {
  const p = g.__genrmServingPool;
  g.__genrmServingPool = undefined;
  if (!p) return;
  await Promise.all([...p.stacks.values()].map((s) => s.then((x) => x.close()).catch(() => undefined)));
}
