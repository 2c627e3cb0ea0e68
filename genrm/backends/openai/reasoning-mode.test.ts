/** Chat logprobs and reasoning modes of the openai backend against the FAKE vLLM server (vLLM's chat protocol, no model). */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { judgeBothOrdersOutcomes, requireJudgements } from "../../debias";
import { renderJudgeMessages } from "../../template";
import { isItemFailure, type JudgeItem, type Verdict } from "../../types";
import { sampledVerdict } from "../fake/fake-vllm-protocol";
import { startFakeVllmServer, type FakeVllmServer } from "../fake/fake-vllm-server";
import { fakeVerdictProbs } from "../fake/scoring";
import { OpenAICompatibleBackend } from "./openai-backend";
import { probsFromVotes } from "./parse-chat";

const items: JudgeItem[] = Array.from({ length: 5 }, (_, i) => ({ prompt: `question ${i}`, reference: `ref ${i}`, candidate: `answer ${i * 3}` }));

describe("chat modes against the fake vLLM server", () => {
  let server: FakeVllmServer;
  beforeAll(async () => {
    server = await startFakeVllmServer({ maxLogprobs: 5 });
  });
  afterAll(async () => {
    await server.close();
  });

  it("reasoning: asks for k samples as chat messages and returns smoothed vote shares of the drawn verdicts", async () => {
    const backend = new OpenAICompatibleBackend({ baseUrl: server.baseUrl, model: server.model, api: "chat", mode: "reasoning", samples: 7, temperature: 0.6, maxTokens: 300 });
    const out = await backend.judge(items);
    const req = server.requests.at(-1)!;
    expect(req.path).toBe("/v1/chat/completions");
    expect(req.body).toMatchObject({ model: server.model, n: 7, temperature: 0.6, max_tokens: 300 });
    expect((req.body as { messages: unknown }).messages).toEqual(renderJudgeMessages(items.at(-1)!, "reasoning"));
    out.forEach((o, i) => {
      const votes: Verdict[] = Array.from({ length: 7 }, (_, j) => sampledVerdict(items[i]!, j, { salt: "" }));
      const want = probsFromVotes(votes, 0.5);
      expect(o).toMatchObject({ better: want.better, same: want.same, worse: want.worse });
      expect((o as { reasoning: string[] }).reasoning).toHaveLength(7);
      expect((o as { reasoning: string[] }).reasoning[0]).toMatch(/\nVerdict: (better|same|worse)$/);
    });
  });

  it("reasoning: the vote shares follow the judge's own distribution as k grows", async () => {
    const backend = new OpenAICompatibleBackend({ baseUrl: server.baseUrl, model: server.model, api: "chat", mode: "reasoning", samples: 16, voteSmoothing: 0 });
    const many = Array.from({ length: 40 }, (_, i) => ({ prompt: "p", reference: `reference text ${i}`, candidate: `candidate text ${i}` }));
    const out = requireJudgements(await backend.judge(many));
    let err = 0;
    out.forEach((p, i) => {
      const truth = fakeVerdictProbs(many[i]!);
      err += Math.abs(p.better - truth.better) + Math.abs(p.same - truth.same) + Math.abs(p.worse - truth.worse);
    });
    expect(err / out.length).toBeLessThan(0.35); // sampling error of 16 votes, on average
  });

  it("reasoning: an unreadable reply is that item's failure, in either order, and the rest are judged", async () => {
    const backend = new OpenAICompatibleBackend({ baseUrl: server.baseUrl, model: server.model, api: "chat", mode: "reasoning", samples: 3 });
    const mixed = [items[0]!, { ...items[1]!, candidate: "answer <<no-verdict>>" }, items[2]!];
    const out = await judgeBothOrdersOutcomes(backend, mixed);
    expect(out.map(isItemFailure)).toEqual([false, true, false]);
    expect(out[1]).toMatchObject({ error: { code: "unparseable_verdict", message: expect.stringMatching(/no "Verdict: better\|same\|worse" line/) } });
    expect((out[0] as { reasoningByOrder: { forward: string[]; swapped: string[] } }).reasoningByOrder.swapped).toHaveLength(3);
    server.behavior.mode = "no-verdict";
    try {
      expect((await backend.judge(items.slice(0, 2))).every(isItemFailure)).toBe(true);
    } finally {
      server.behavior.mode = "normal";
    }
  });

  it("logprobs over chat: 5 top logprobs by default, one verdict distribution per item", async () => {
    const backend = new OpenAICompatibleBackend({ baseUrl: server.baseUrl, model: server.model, api: "chat" });
    const out = requireJudgements(await backend.judge(items));
    expect(server.requests.at(-1)!.body).toMatchObject({ logprobs: true, top_logprobs: 5, temperature: 0 });
    out.forEach((p, i) => {
      const truth = fakeVerdictProbs(items[i]!);
      const argmax = (q: typeof p) => (["better", "same", "worse"] as const).reduce((a, b) => (q[b] > q[a] ? b : a));
      expect(argmax(p)).toBe(argmax(truth));
      expect(p.better + p.same + p.worse).toBeCloseTo(1, 12);
    });
  });

  it("asking more top logprobs than the server allows is the server's 400, named as invalid input", async () => {
    const backend = new OpenAICompatibleBackend({ baseUrl: server.baseUrl, model: server.model, api: "chat", topLogprobs: 6 });
    await expect(backend.judge(items.slice(0, 1))).rejects.toMatchObject({ code: "invalid_input", message: expect.stringMatching(/max allowed: 5/) });
  });

  it("a multi-turn prompt travels as turns, never flattened", async () => {
    const backend = new OpenAICompatibleBackend({ baseUrl: server.baseUrl, model: server.model, api: "chat" });
    const item: JudgeItem = {
      prompt: "flattened text",
      turns: [
        { role: "user", content: "Hi, I need a recipe." },
        { role: "assistant", content: "Sure, for what?" },
        { role: "user", content: "Pancakes, please." },
      ],
      reference: "Mix flour, eggs, milk.",
      candidate: "Whisk eggs and milk, add flour, fry.",
    };
    await backend.judge([item]);
    const messages = (server.requests.at(-1)!.body as { messages: Array<{ role: string; content: string }> }).messages;
    expect(messages.map((m) => m.role)).toEqual(["system", "user", "assistant", "user"]);
    expect(messages[1]!.content).toBe("Hi, I need a recipe.");
    expect(messages[3]!.content).toMatch(/^### Prompt\nPancakes, please\.\n### Reference\n/);
    expect(JSON.stringify(messages)).not.toMatch(/user: |assistant: /i);
  });
});
