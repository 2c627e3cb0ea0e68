/**
 * A light load generator for bench:api: N clients, each on its own keep-alive socket (node:http), each
 * sending unique batches back to back. The request body is serialised once as a template with a fixed-width
 * slot per item; every request copies the template and writes its own tag into the slots, so each batch is
 * unique (no cache hits) without rebuilding and stringifying ~85 KB of JSON per request. The generator shares
 * the servers' cores, so the less it costs, the more of the machine the servers get: it is the same for the
 * floor and for ours.
 */
import { Agent, request } from "node:http";

/** Width of the per-item tag slot: client (2) + request counter (7) + item (3), base 36, zero-padded. */
const SLOT = "~~~~~~~~~~~~";

export interface BodyTemplate {
  bytes: Buffer;
  /** Byte offsets of the tag slots, one per item. */
  slots: number[];
}

/** Serialises `build(slot)` once and records where the slot string landed (it must be plain ASCII in JSON). */
export function bodyTemplate(build: (slotFor: (item: number) => string) => object): BodyTemplate {
  const bytes = Buffer.from(JSON.stringify(build(() => SLOT)), "utf8");
  const slots: number[] = [];
  for (let at = bytes.indexOf(SLOT); at >= 0; at = bytes.indexOf(SLOT, at + SLOT.length)) slots.push(at);
  if (slots.length === 0) throw new Error("body template has no tag slot");
  return { bytes, slots };
}

const pad = (n: number, width: number) => n.toString(36).padStart(width, "0");

/** Writes a tag unique to (client, request, item) into each slot of `into` (a copy of the template). */
export function stampBody(template: BodyTemplate, into: Buffer, client: number, counter: number): Buffer {
  template.bytes.copy(into);
  const head = pad(client, 2) + pad(counter, 7);
  template.slots.forEach((at, item) => into.write(head + pad(item, 3), at, "latin1"));
  return into;
}

export interface LoadResult {
  requests: number;
  /** Per-request latency, ms. */
  lat: number[];
  elapsedMs: number;
}

/**
 * `clients` loops POSTing stamped bodies to `url` until `seconds` pass. A non-200 reply fails the run with
 * its body (a bench must not count errors as throughput); each reply is parsed and `expectCount` checks it.
 */
export async function runLoad(opts: {
  url: string;
  headers: Record<string, string>;
  template: BodyTemplate;
  clients: number;
  seconds: number;
  /** The number of results the reply must carry (rewards / results). */
  expectCount: (reply: unknown) => number;
  items: number;
}): Promise<LoadResult> {
  const target = new URL(opts.url);
  const agent = new Agent({ keepAlive: true, maxSockets: opts.clients });
  const headers = { ...opts.headers, "content-type": "application/json", "content-length": String(opts.template.bytes.length) };
  const lat: number[] = [];
  let requests = 0;
  const post = (body: Buffer) =>
    new Promise<void>((resolve, reject) => {
      const req = request({ agent, hostname: target.hostname, port: target.port, path: target.pathname + target.search, method: "POST", headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          if (res.statusCode !== 200) return reject(new Error(`${opts.url}: HTTP ${res.statusCode}: ${text.slice(0, 300)}`));
          const n = opts.expectCount(JSON.parse(text));
          if (n !== opts.items) return reject(new Error(`${opts.url}: ${n} results for ${opts.items} items`));
          resolve();
        });
        res.on("error", reject);
      });
      req.on("error", reject);
      req.end(body);
    });
  const t0 = performance.now();
  const deadline = t0 + opts.seconds * 1000;
  await Promise.all(
    Array.from({ length: opts.clients }, async (_, client) => {
      const buffer = Buffer.allocUnsafe(opts.template.bytes.length);
      for (let i = 0; performance.now() < deadline; i++) {
        const started = performance.now();
        await post(stampBody(opts.template, buffer, client, i));
        lat.push(performance.now() - started);
        requests++;
      }
    }),
  );
  const elapsedMs = performance.now() - t0;
  agent.destroy();
  return { requests, lat, elapsedMs };
}
