/** The shared conformance suite for the openai backend, run against the FAKE vLLM server (vLLM's documented protocol, no model). */
import net from "node:net";
import { afterAll } from "vitest";
import { runBackendConformance } from "../../conformance";
import { startFakeVllmServer, type FakeVllmServer } from "../fake/fake-vllm-server";
import { OpenAICompatibleBackend } from "./openai-backend";

const servers: FakeVllmServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

runBackendConformance(
  "openai (against the fake vLLM server)",
  async () => {
    const server = await startFakeVllmServer({ maxModelLen: 32_768 });
    servers.push(server);
    return new OpenAICompatibleBackend({ baseUrl: server.baseUrl, model: server.model, timeoutMs: 10_000, maxBytes: 16_000 });
  },
  {
    network: {
      unreachable: async () =>
        new OpenAICompatibleBackend({ baseUrl: `http://127.0.0.1:${await closedPort()}`, model: "m", retries: 1, retryBaseMs: 10, timeoutMs: 2000 }),
      hanging: async () => {
        const server = await startFakeVllmServer({ behavior: { mode: "hang" } });
        const timeoutMs = 300;
        return { backend: new OpenAICompatibleBackend({ baseUrl: server.baseUrl, model: server.model, timeoutMs }), timeoutMs, cleanup: () => server.close() };
      },
    },
  },
);

runBackendConformance("openai without maxBytes (server refuses long prompts → invalid_input)", async () => {
  const server = await startFakeVllmServer({ maxModelLen: 32_768 });
  servers.push(server);
  return new OpenAICompatibleBackend({ baseUrl: server.baseUrl, model: server.model, timeoutMs: 10_000 });
});

runBackendConformance("openai chat, logprobs mode, a server that allows only 5 top logprobs (hosted APIs' limit)", async () => {
  const server = await startFakeVllmServer({ maxLogprobs: 5 });
  servers.push(server);
  return new OpenAICompatibleBackend({ baseUrl: server.baseUrl, model: server.model, api: "chat", mode: "logprobs", timeoutMs: 10_000, maxBytes: 16_000 });
});

runBackendConformance(
  "openai chat, reasoning mode (k sampled judgements, vote shares)",
  async () => {
    const server = await startFakeVllmServer({ maxLogprobs: 5 });
    servers.push(server);
    return new OpenAICompatibleBackend({ baseUrl: server.baseUrl, model: server.model, api: "chat", mode: "reasoning", samples: 5, timeoutMs: 10_000, maxBytes: 16_000 });
  },
  {
    itemFailures: async () => {
      const server = await startFakeVllmServer();
      const backend = new OpenAICompatibleBackend({ baseUrl: server.baseUrl, model: server.model, api: "chat", mode: "reasoning", samples: 3, timeoutMs: 10_000 });
      const items = [
        { prompt: "q1", reference: "r1", candidate: "a fine answer" },
        { prompt: "q2", reference: "r2", candidate: "an answer <<no-verdict>>" },
        { prompt: "q3", reference: "r3 <<no-verdict>>", candidate: "c3" },
        { prompt: "q4", reference: "r4", candidate: "c4" },
      ];
      return { backend, items, failing: [1, 2], cleanup: () => server.close() };
    },
    network: {
      unreachable: async () =>
        new OpenAICompatibleBackend({ baseUrl: `http://127.0.0.1:${await closedPort()}`, model: "m", api: "chat", mode: "reasoning", retries: 1, retryBaseMs: 10, timeoutMs: 2000 }),
      hanging: async () => {
        const server = await startFakeVllmServer({ behavior: { mode: "hang" } });
        const timeoutMs = 300;
        return { backend: new OpenAICompatibleBackend({ baseUrl: server.baseUrl, model: server.model, api: "chat", mode: "reasoning", timeoutMs }), timeoutMs, cleanup: () => server.close() };
      },
    },
  },
);

runBackendConformance(
  "openai completions with per-item unparseable replies",
  async () => {
    const server = await startFakeVllmServer();
    servers.push(server);
    return new OpenAICompatibleBackend({ baseUrl: server.baseUrl, model: server.model, timeoutMs: 10_000, maxBytes: 16_000 });
  },
  {
    itemFailures: async () => {
      const server = await startFakeVllmServer();
      const backend = new OpenAICompatibleBackend({ baseUrl: server.baseUrl, model: server.model, timeoutMs: 10_000 });
      const items = [
        { prompt: "q1", reference: "r1", candidate: "<<no-verdict>>" },
        { prompt: "q2", reference: "r2", candidate: "c2" },
      ];
      return { backend, items, failing: [0], cleanup: () => server.close() };
    },
  },
);
