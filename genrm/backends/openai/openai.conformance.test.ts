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
