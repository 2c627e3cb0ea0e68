"use client";
/**
 * "Add a served judge": a judge already served by vLLM, SGLang, llama.cpp or a hosted OpenAI-compatible
 * API → POST /api/models, which probes it before storing anything → the new version's page.
 * The API key field is write-only: it is sent once, stored encrypted and never shown again.
 */
import { useState } from "react";
import { useApiCall } from "@/components/use-api-call";

const field = "mt-0.5 w-full rounded border px-2 py-1";

export function ServedJudgeForm() {
  const [mode, setMode] = useState<"logprobs" | "reasoning">("logprobs");
  const { busy, error, call } = useApiCall();
  return (
    <form
      className="space-y-3 rounded-lg border bg-white p-4"
      data-testid="served-judge-form"
      onSubmit={async (e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        const text = (k: string) => String(f.get(k) ?? "").trim();
        const body: Record<string, unknown> = {
          name: text("name"),
          backend: "openai-compatible",
          baseUrls: text("baseUrls").split(/[\s,]+/).filter(Boolean),
          model: text("model"),
          api: mode === "reasoning" ? "chat" : text("api"),
          mode,
        };
        if (text("apiKey")) body.apiKey = text("apiKey");
        if (mode === "reasoning" && text("samples")) body.samples = Number(text("samples"));
        if (mode === "logprobs" && text("topLogprobs")) body.topLogprobs = Number(text("topLogprobs"));
        await call<{ model: { version: number } }>("/api/models", { body }, (r) => `/models/${r.model.version}`);
      }}
    >
      <p className="text-sm text-slate-600">
        A judge served elsewhere (vLLM, SGLang, llama.cpp, a hosted OpenAI-compatible API). Saving checks every base URL, the protocol and a few
        timed judgements; nothing is stored unless all pass. Several base URLs form a fleet: requests go to the least busy healthy one.
      </p>
      <div className="grid grid-cols-1 gap-3 md:grid-cols-2">
        <label className="text-sm">
          Name
          <input name="name" required maxLength={200} className={field} data-testid="served-name" placeholder="Qwen judge on vLLM" />
        </label>
        <label className="text-sm">
          Model (as the server names it)
          <input name="model" required className={field} data-testid="served-model" placeholder="Qwen/Qwen2.5-7B-Instruct" />
        </label>
        <label className="text-sm md:col-span-2">
          Base URLs (one per line, without /v1)
          <textarea name="baseUrls" required rows={2} className={field} data-testid="served-base-urls" placeholder={"http://gpu-1:8000\nhttp://gpu-2:8000"} />
        </label>
        <label className="text-sm">
          API key (optional; stored encrypted, never shown again)
          <input name="apiKey" type="password" autoComplete="off" className={field} data-testid="served-api-key" />
        </label>
        <label className="text-sm">
          Mode
          <select name="mode" value={mode} onChange={(e) => setMode(e.target.value as "logprobs" | "reasoning")} className={field} data-testid="served-mode">
            <option value="logprobs">logprobs — the verdict token&apos;s probabilities</option>
            <option value="reasoning">reasoning — reason, then a verdict line; votes over samples</option>
          </select>
        </label>
        {mode === "logprobs" ? (
          <>
            <label className="text-sm">
              API
              <select name="api" defaultValue="completions" className={field} data-testid="served-api">
                <option value="completions">/v1/completions</option>
                <option value="chat">/v1/chat/completions</option>
              </select>
            </label>
            <label className="text-sm">
              Top logprobs (optional; default: what the server allows, up to 20)
              <input name="topLogprobs" type="number" min={1} max={20} className={field} data-testid="served-top-logprobs" />
            </label>
          </>
        ) : (
          <label className="text-sm">
            Samples per judgement (k)
            <input name="samples" type="number" min={1} max={16} defaultValue={5} className={field} data-testid="served-samples" />
          </label>
        )}
      </div>
      <div className="flex items-center gap-3">
        <button className="rounded bg-slate-900 px-3 py-1.5 text-sm text-white disabled:opacity-50" disabled={busy} data-testid="served-submit">
          {busy ? "Checking the server…" : "Check and add"}
        </button>
        {error && (
          <span role="alert" className="text-sm text-red-700" data-testid="served-error">
            {error}
          </span>
        )}
      </div>
    </form>
  );
}
