/**
 * Byte tokenisation and length-sorted batching, identical to genrm/trainer/data.py `encode_prompt`:
 * BOS + UTF-8 bytes, without `stripPrefix` when the prompt starts with it (the template's constant
 * header); a prompt longer than the context keeps BOS and its LAST bytes (the verdict tag is at the
 * end). Prompts rendered with maxBytes = max_prompt_bytes never need that cut.
 */
const encoder = new TextEncoder();

export interface ByteVocab {
  bos: number;
  contextLength: number;
  /** Dropped from the start of a prompt (config.json strip_prefix). */
  stripPrefix?: string;
}

function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  if (prefix.length === 0 || bytes.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix[i]) return false;
  return true;
}

export function encodePrompt(prompt: string, vocab: ByteVocab): number[] {
  let bytes = encoder.encode(prompt);
  if (vocab.stripPrefix) {
    const prefix = encoder.encode(vocab.stripPrefix);
    if (startsWith(bytes, prefix)) bytes = bytes.subarray(prefix.length);
  }
  const room = vocab.contextLength - 1;
  if (bytes.length > room) bytes = bytes.subarray(bytes.length - room);
  const ids = new Array<number>(bytes.length + 1);
  ids[0] = vocab.bos;
  for (let i = 0; i < bytes.length; i++) ids[i + 1] = bytes[i]!;
  return ids;
}

/**
 * Indices grouped into batches of at most `batchSize`, sorted by length so each batch pads little.
 * Also caps a batch at `maxTokens` padded tokens (rows x longest row), keeping memory bounded.
 */
export function lengthSortedBatches(lengths: readonly number[], batchSize: number, maxTokens = Infinity): number[][] {
  const order = lengths.map((_, i) => i).sort((a, b) => lengths[a]! - lengths[b]! || a - b);
  const batches: number[][] = [];
  let cur: number[] = [];
  for (const i of order) {
    // Sorted ascending, so row i is the longest in the batch if added.
    if (cur.length > 0 && (cur.length >= batchSize || (cur.length + 1) * lengths[i]! > maxTokens)) {
      batches.push(cur);
      cur = [];
    }
    cur.push(i);
  }
  if (cur.length) batches.push(cur);
  return batches;
}

/** Right-pads rows into one int64 buffer [rows, T] plus their lengths. */
export function padBatch(rows: ReadonlyArray<ArrayLike<number>>, pad: number): { ids: BigInt64Array; lengths: BigInt64Array; width: number } {
  const width = Math.max(...rows.map((r) => r.length));
  const ids = new BigInt64Array(rows.length * width).fill(BigInt(pad));
  const lengths = new BigInt64Array(rows.length);
  rows.forEach((r, b) => {
    for (let t = 0; t < r.length; t++) ids[b * width + t] = BigInt(r[t]!);
    lengths[b] = BigInt(r.length);
  });
  return { ids, lengths, width };
}

/** Numerically stable softmax of three logits. */
export function softmax3(a: number, b: number, c: number): [number, number, number] {
  const m = Math.max(a, b, c);
  const ea = Math.exp(a - m);
  const eb = Math.exp(b - m);
  const ec = Math.exp(c - m);
  const s = ea + eb + ec;
  return [ea / s, eb / s, ec / s];
}
