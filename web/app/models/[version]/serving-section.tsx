/** Where a served version runs and whether each base URL answers now (server component; no secrets). */
import type { ModelDetail } from "@core/models/get-model";
import type { UrlHealth } from "@core/models/served-judge-health";
import Link from "next/link";
import { Section, when } from "../ui";

export function ServingSection({ serving, health }: { serving: NonNullable<ModelDetail["serving"]>; health: UrlHealth[] | null }) {
  return (
    <Section title="Serving" question="Which servers judge for this version, and do they answer now?" testId="serving">
      <dl className="grid grid-cols-[10rem_1fr] gap-y-1 rounded-lg border bg-white p-3 text-sm">
        <dt className="text-slate-500">Model</dt><dd className="font-mono text-xs" data-testid="serving-model">{serving.model}</dd>
        <dt className="text-slate-500">Protocol</dt>
        <dd data-testid="serving-protocol">
          /v1/{serving.api === "chat" ? "chat/completions" : "completions"} · {serving.mode}
          {serving.topLogprobs !== null && ` · top ${serving.topLogprobs} logprobs`}
          {serving.samples !== null && ` · ${serving.samples} samples per judgement`}
        </dd>
        <dt className="text-slate-500">API key</dt><dd data-testid="serving-api-key">{serving.hasApiKey ? "stored encrypted (not shown)" : "none"}</dd>
        {serving.checkedAt && (
          <>
            <dt className="text-slate-500">Checked</dt>
            <dd>{when(new Date(serving.checkedAt))}{serving.judgementsMs.length > 0 && ` — test judgements took ${serving.judgementsMs.map((ms) => `${ms} ms`).join(", ")}`}</dd>
          </>
        )}
      </dl>
      <table className="mt-2 w-full bg-white text-sm" data-testid="serving-health">
        <thead><tr className="border-b text-left"><th className="p-2">Base URL</th><th>Now</th><th>Round trip</th></tr></thead>
        <tbody>
          {serving.baseUrls.map((url, i) => {
            const h = health?.[i];
            return (
              <tr key={url} className="border-b" data-testid={`serving-url-${i}`}>
                <td className="p-2 font-mono text-xs">{url}</td>
                <td>
                  {!h ? "—" : h.up && h.servesModel ? <span className="text-green-800">up</span> : h.up ? <span className="text-amber-800">up, but the model is not listed</span> : <span className="text-red-700" title={h.error ?? undefined}>down</span>}
                </td>
                <td className="tabular-nums">{h?.latencyMs != null ? `${h.latencyMs} ms` : "—"}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="mt-1 text-xs text-slate-500">Requests go to the least busy healthy base URL; one that fails is set aside and retried later. Live fleet state: <Link className="text-blue-700" href="/status">status</Link>.</p>
    </Section>
  );
}
