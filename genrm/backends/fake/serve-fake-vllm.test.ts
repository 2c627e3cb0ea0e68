/** The fake vLLM server's CLI: its own process, its URL as the first stdout line, gone when killed. */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { describe, expect, it } from "vitest";

const script = new URL("./serve-fake-vllm.ts", import.meta.url).pathname;

describe("serve-fake-vllm CLI", () => {
  it("prints its URL, serves the protocol with the given logprob cap, and stops answering when killed", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", script, "--max-logprobs", "5", "--model", "judge-x"], { stdio: ["ignore", "pipe", "pipe"] });
    try {
      let out = "";
      child.stdout.setEncoding("utf8");
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on("data", (d: string) => {
          out += d;
          if (out.includes("\n")) resolve(out.split("\n")[0]!);
        });
        child.once("exit", (code) => reject(new Error(`exited ${code} before printing its URL`)));
      });
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const models = await (await fetch(`${url}/v1/models`)).json();
      expect(models.data[0].id).toBe("judge-x");
      const tooMany = await fetch(`${url}/v1/completions`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ model: "judge-x", prompt: "x", logprobs: 6 }) });
      expect(tooMany.status).toBe(400);
      child.kill("SIGKILL");
      await once(child, "exit");
      await expect(fetch(`${url}/health`)).rejects.toThrow();
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  }, 30_000);

  it("names a bad flag and exits 2", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", script, "--mode", "sideways"], { stdio: ["ignore", "pipe", "pipe"] });
    let err = "";
    child.stderr.setEncoding("utf8").on("data", (d: string) => (err += d));
    const [code] = await once(child, "exit");
    expect(code).toBe(2);
    expect(err).toMatch(/--mode must be one of/);
  }, 30_000);
});
