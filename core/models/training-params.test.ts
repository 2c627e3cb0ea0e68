import { describe, expect, it } from "vitest";
import { trainerFlags, trainingParamsSchema } from "./training-params";

const SERVE = { serveBaseUrls: ["http://gpu-1:8000"], serveModel: "Qwen/Qwen2.5-0.5B-Instruct" };

describe("training parameters", () => {
  it("defaults to a tiny model and turns knobs into trainer flags (with --resume for retries)", () => {
    const p = trainingParamsSchema.parse({ datasetIds: ["d1"], epochs: 3, dModel: 64, nHead: 4, contextLength: 256 });
    expect(p.kind).toBe("tiny");
    const flags = trainerFlags(p, { data: "/x/train.jsonl", outDir: "/x/out" }, "v1");
    const get = (f: string) => flags[flags.indexOf(f) + 1];
    expect(get("--kind")).toBe("tiny");
    expect(get("--epochs")).toBe("3");
    expect(get("--d-model")).toBe("64");
    expect(get("--context-length")).toBe("256");
    expect(get("--lr")).toBe("0.002");
    expect(get("--template-version")).toBe("v1");
    expect(flags).toContain("--resume");
    expect(flags).not.toContain("--base-model");
    expect(flags).not.toContain("--init-from");
  });

  it("a warm start passes the parent's folder to the trainer: weights for tiny, the adapter for lora", () => {
    const p = trainingParamsSchema.parse({ datasetIds: ["d1"], warmStart: true });
    const flags = trainerFlags(p, { data: "/x/train.jsonl", outDir: "/x/out", initFrom: "/models/v1" }, "v1");
    expect(flags[flags.indexOf("--init-from") + 1]).toBe("/models/v1");
    expect(flags).not.toContain("--base-model");
    const lora = trainingParamsSchema.parse({ datasetIds: ["d1"], kind: "lora", baseModel: "/m", warmStart: true, ...SERVE });
    const loraFlags = trainerFlags(lora, { data: "a", outDir: "b", initFrom: "/models/v2-adapter" }, "v1");
    expect(loraFlags[loraFlags.indexOf("--init-from") + 1]).toBe("/models/v2-adapter");
  });

  it("a lora run names the vLLM server that will serve it; other kinds may not", () => {
    const err = (input: object) => trainingParamsSchema.safeParse(input).error?.issues.map((i) => i.message).join(" ");
    expect(err({ datasetIds: ["d"], kind: "lora", baseModel: "/m" })).toMatch(/lora needs serveBaseUrls/);
    expect(err({ datasetIds: ["d"], kind: "lora", baseModel: "/m", serveBaseUrls: ["http://gpu:8000"] })).toMatch(/lora needs serveModel/);
    expect(err({ datasetIds: ["d"], kind: "lora", baseModel: "/m", serveBaseUrls: ["gpu:8000"], serveModel: "m" })).toMatch(/serveBaseUrls: each must be an http\(s\) URL/);
    expect(err({ datasetIds: ["d"], kind: "lora", baseModel: "/m", serveBaseUrls: ["http://a:1", "http://a:1"], serveModel: "m" })).toMatch(/listed twice/);
    expect(err({ datasetIds: ["d"], ...SERVE })).toMatch(/for the lora kind/);
    expect(trainingParamsSchema.safeParse({ datasetIds: ["d"], kind: "lora", baseModel: "/m", ...SERVE }).success).toBe(true);
  });

  it("names an unknown kind and other bad knobs clearly", () => {
    const r = trainingParamsSchema.safeParse({ datasetIds: ["d1"], kind: "huge" });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.message).toBe('unknown model kind "huge": expected one of tiny, lora');
    expect(trainingParamsSchema.safeParse({ datasetIds: [] }).error!.issues[0]!.message).toBe("pick at least one dataset");
    expect(trainingParamsSchema.safeParse({ datasetIds: ["d"], dModel: 100, nHead: 3 }).error!.issues[0]!.message).toMatch(/divisible by nHead/);
    expect(trainingParamsSchema.safeParse({ datasetIds: ["d"], kind: "lora" }).error!.issues[0]!.message).toMatch(/lora needs baseModel/);
    expect(trainingParamsSchema.safeParse({ datasetIds: ["d"], epochs: 0 }).error!.issues[0]!.message).toBe("epochs must be at least 1");
    expect(trainingParamsSchema.safeParse({ datasetIds: ["d", "d"] }).error!.issues[0]!.message).toMatch(/listed twice/);
  });

  it("gives LoRA its own flags and a lower default learning rate", () => {
    const p = trainingParamsSchema.parse({ datasetIds: ["d"], kind: "lora", baseModel: "/models/qwen", loraR: 8, ...SERVE });
    const flags = trainerFlags(p, { data: "a", outDir: "b" }, "v1");
    const get = (f: string) => flags[flags.indexOf(f) + 1];
    expect(get("--base-model")).toBe("/models/qwen");
    expect(get("--lora-r")).toBe("8");
    expect(get("--lr")).toBe("0.0002");
    expect(flags).not.toContain("--d-model");
  });
});
