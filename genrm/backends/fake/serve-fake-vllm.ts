/**
 * Runs the FAKE vLLM server (fake-vllm-server.ts) as its own process, e.g. so an e2e test can start two
 * replicas of a served judge and kill one mid-run:
 *
 *   node --import tsx genrm/backends/fake/serve-fake-vllm.ts [--port N] [--model NAME] [--max-logprobs K]
 *       [--mode normal|no-verdict|text-only|no-logprobs|garbage|hang|reversed-choices]
 *       [--api-key KEY] [--max-model-len N] [--salt S] [--position-bias X] [--delay-ms N]
 *
 * The first line on stdout is the server's base URL (http://127.0.0.1:<port>, no /v1), once it
 * listens; nothing else is printed there. --port 0 (the default) picks a free port. --max-logprobs 5
 * plays a hosted API's limit. The process stops on SIGTERM or SIGINT (closing its sockets); start it with
 * `node --import tsx` (not `npx tsx`, whose wrapper process does not pass a kill on) so the PID a test
 * holds is the server's own, and SIGKILL it to simulate a replica dying mid-run. A bad flag
 * exits 2 with a message naming it. Test double only: it judges by hashing the texts, not with a model.
 */
import { startFakeVllmServer, type FakeVllmMode } from "./fake-vllm-server";

const MODES: FakeVllmMode[] = ["normal", "garbage", "text-only", "no-logprobs", "no-verdict", "reversed-choices", "hang"];

function fail(message: string): never {
  process.stderr.write(`serve-fake-vllm: ${message}\n`);
  process.exit(2);
}

function parseArgs(argv: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    if (!flag.startsWith("--")) fail(`unexpected argument ${JSON.stringify(flag)}`);
    const value = argv[i + 1];
    if (value === undefined || value.startsWith("--")) fail(`${flag} needs a value`);
    out.set(flag.slice(2), value);
    i++;
  }
  return out;
}

function int(args: Map<string, string>, name: string, min: number, max: number): number | undefined {
  const v = args.get(name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) fail(`--${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(v)}`);
  return n;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const known = new Set(["port", "model", "max-logprobs", "mode", "api-key", "max-model-len", "salt", "position-bias", "delay-ms"]);
  for (const k of args.keys()) if (!known.has(k)) fail(`unknown flag --${k} (known: ${[...known].map((x) => `--${x}`).join(", ")})`);
  const mode = (args.get("mode") ?? "normal") as FakeVllmMode;
  if (!MODES.includes(mode)) fail(`--mode must be one of ${MODES.join(", ")}, got ${JSON.stringify(mode)}`);
  const positionBias = args.has("position-bias") ? Number(args.get("position-bias")) : undefined;
  if (positionBias !== undefined && !Number.isFinite(positionBias)) fail("--position-bias must be a number");

  const server = await startFakeVllmServer({
    port: int(args, "port", 0, 65535),
    model: args.get("model"),
    maxLogprobs: int(args, "max-logprobs", 0, 1000),
    maxModelLen: int(args, "max-model-len", 16, 10_000_000),
    apiKey: args.get("api-key"),
    salt: args.get("salt"),
    positionBias,
    behavior: { mode, delayMs: int(args, "delay-ms", 0, 600_000) ?? 0 },
  }).catch((err: Error) => fail(`cannot listen: ${err.message}`));
  process.stdout.write(`${server.baseUrl}\n`);
  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

void main();
