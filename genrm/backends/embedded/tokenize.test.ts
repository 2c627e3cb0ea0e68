import { describe, expect, it } from "vitest";
import { encodePrompt, lengthSortedBatches, padBatch, softmax3 } from "./tokenize";
import { parseModelConfig } from "./model-config";

const vocab = { bos: 257, contextLength: 8 };

describe("encodePrompt (same rule as genrm/trainer/data.py encode_prompt)", () => {
  it("is BOS followed by the UTF-8 bytes", () => {
    expect(encodePrompt("hé", vocab)).toEqual([257, 0x68, 0xc3, 0xa9]);
  });
  it("drops the configured constant head, only when the prompt starts with it", () => {
    const v = { bos: 257, contextLength: 64, stripPrefix: "Judge.\n" };
    expect(encodePrompt("Judge.\nab", v)).toEqual([257, 97, 98]);
    expect(encodePrompt("Other.\nab", v)).toHaveLength(10);
  });
  it("keeps BOS and the last bytes when too long (the verdict tag is at the end)", () => {
    expect(encodePrompt("abcdefghij", vocab)).toEqual([257, ..."defghij"].map((c) => (typeof c === "string" ? c.charCodeAt(0) : c)));
    expect(encodePrompt("abcdefghij", vocab)).toHaveLength(8);
  });
});

describe("lengthSortedBatches", () => {
  it("covers every index once, sorted by length, within the batch size", () => {
    const lengths = [5, 1, 9, 3, 3, 7, 2];
    const batches = lengthSortedBatches(lengths, 3);
    expect(batches.flat().sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(batches.every((b) => b.length <= 3)).toBe(true);
    expect(batches.flat().map((i) => lengths[i])).toEqual([...lengths].sort((a, b) => a - b));
  });
  it("caps padded tokens per batch", () => {
    const batches = lengthSortedBatches([10, 10, 10, 10], 4, 25);
    expect(batches.map((b) => b.length)).toEqual([2, 2]);
  });
});

describe("padBatch", () => {
  it("right-pads to the longest row and reports lengths", () => {
    const { ids, lengths, width } = padBatch([[1, 2, 3], [4]], 256);
    expect(width).toBe(3);
    expect(Array.from(ids, Number)).toEqual([1, 2, 3, 4, 256, 256]);
    expect(Array.from(lengths, Number)).toEqual([3, 1]);
  });
});

describe("softmax3", () => {
  it("sums to 1 and survives huge logits", () => {
    const p = softmax3(1000, 999, -1000);
    expect(p[0] + p[1] + p[2]).toBeCloseTo(1, 12);
    expect(p[0]).toBeGreaterThan(p[1]);
    expect(p[2]).toBe(0);
  });
});

describe("parseModelConfig", () => {
  const good = {
    format: "genrm-tiny-onnx/1",
    kind: "tiny",
    template_version: "v1",
    context_length: 512,
    max_prompt_bytes: 511,
    vocab_size: 261,
    special_tokens: { pad: 256, bos: 257, better: 258, same: 259, worse: 260 },
    verdict_token_ids: { better: 258, same: 259, worse: 260 },
    onnx: { file: "model.onnx", opset: 14, inputs: ["input_ids", "lengths"], outputs: ["verdict_logits"] },
  };
  it("accepts what export_onnx.py writes", () => {
    expect(parseModelConfig(good).max_prompt_bytes).toBe(511);
  });
  it("refuses an unknown format, a lora config and a missing verdict id with a clear message", () => {
    expect(() => parseModelConfig({ ...good, format: "x/2" })).toThrow(/format "x\/2"/);
    expect(() => parseModelConfig({ ...good, kind: "lora" })).toThrow(/tiny models only/);
    expect(() => parseModelConfig({ ...good, verdict_token_ids: { better: 1, same: 2 } })).toThrow(/better, same and worse/);
  });
});
