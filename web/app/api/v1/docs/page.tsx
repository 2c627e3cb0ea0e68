/** /api/v1/docs — the readable API reference for RL trainers (public). Built from the same OpenAPI document as /api/v1/openapi.json. */
import { headers } from "next/headers";
import { openApiDocument } from "@/lib/openapi";

export const dynamic = "force-dynamic";

type Op = { summary: string; description: string; parameters?: Array<{ name: string; description?: string; schema: { enum?: string[] } }> };

/** OpenAPI descriptions mark code with backticks: show those parts as code, the rest as plain text. */
function Described({ text }: { text: string }) {
  return <>{text.split("`").map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : part))}</>;
}

function Code({ children }: { children: string }) {
  return <pre className="overflow-x-auto rounded bg-slate-900 p-3 text-xs leading-relaxed text-slate-100">{children}</pre>;
}

export default async function ApiDocs() {
  const h = await headers();
  const origin = `${h.get("x-forwarded-proto") ?? "http"}://${h.get("host") ?? "127.0.0.1:3000"}`;
  const doc = openApiDocument(origin);
  const judge = doc.paths["/api/v1/judge"].post as Op;
  const reward = doc.paths["/get_reward"].post as Op;
  return (
    <article className="max-w-4xl space-y-8" data-testid="api-docs">
      <header>
        <h1 className="text-2xl font-semibold">{doc.info.title}</h1>
        <p className="mt-2 text-slate-600">{doc.info.description}</p>
        <p className="mt-2 text-sm">
          Machine-readable: <a className="text-blue-700 underline" href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI {doc.openapi}). Python client:{" "}
          <code>clients/python/genrm_client.py</code>.
        </p>
      </header>

      <section>
        <h2 className="text-lg font-medium">Authentication</h2>
        <p className="mt-1 text-sm text-slate-700">
          Create an API key with the <code>judge</code> scope at <a className="text-blue-700 underline" href="/settings/api-keys">/settings/api-keys</a> and send{" "}
          <code>Authorization: Bearer grm_…</code>. Clients that cannot set headers (OpenRLHF) put the key in the URL as a password:{" "}
          <code>http://genrm:grm_…@host/get_reward</code>. Missing or revoked key → 401; a key without <code>judge</code> → 403. Sessions are refused: programs use keys.
        </p>
      </section>

      <section className="space-y-2">
        <h2 className="text-lg font-medium">POST /api/v1/judge — {judge.summary}</h2>
        <p className="text-sm text-slate-700"><Described text={judge.description} /></p>
        <Code>{`curl -s ${origin}/api/v1/judge \\
  -H "Authorization: Bearer $GENRM_API_KEY" -H "Content-Type: application/json" \\
  -d '{"items": [{"id": "a", "prompt": "What is 2+2?", "response": "4", "reference": "2+2 equals 4."}],
       "bothOrders": true}'`}</Code>
        <Code>{`{"model": {"id": "…", "version": 3, "name": "genrm-v3", "status": "active", "templateVersion": "v1"},
 "bothOrders": true, "errors": 0,
 "results": [{"id": "a", "verdict": "same", "probs": {"better": 0.21, "same": 0.58, "worse": 0.21},
              "reward": 0.0, "consistent": true, "referenceSource": "request"}]}`}</Code>
        <p className="text-sm text-slate-700">
          Omit <code>reference</code> to judge against the prompt&apos;s selected reference; a prompt with none gets{" "}
          <code>{`{"id": …, "error": {"status": 422, …}}`}</code> while the other items are judged. Add <code>runId</code> to receive the run&apos;s{" "}
          <code>control</code> (<code>continue</code> / <code>pause</code>, model, reason) with every reply.
        </p>
      </section>

      <section className="space-y-2">
        <h2 className="text-lg font-medium">POST /get_reward — {reward.summary}</h2>
        <p className="text-sm text-slate-700"><Described text={reward.description} /></p>
        <ul className="list-disc pl-6 text-sm text-slate-700">
          {reward.parameters?.map((p) => (
            <li key={p.name}>
              <code>?{p.name}=</code>
              {p.schema.enum ? ` (${p.schema.enum.join(" | ")})` : ""} {p.description}
            </li>
          ))}
        </ul>
        <Code>{`openrlhf.cli.train_ppo_ray ... \\
  --remote_rm_url http://genrm:$GENRM_API_KEY@127.0.0.1:3000/get_reward`}</Code>
        <Code>{`request  {"query": ["<prompt><response>", …], "prompts": ["<prompt>", …], "labels": ["", …]}
reply    {"rewards": [0.42, …], "scores": [0.71, …],
          "extra_logs": {"genrm_p_better": […], "genrm_p_same": […], "genrm_p_worse": […],
                         "genrm_consistent": […], "genrm_error": […]},
          "errors": []}`}</Code>
      </section>

      <section className="space-y-2">
        <h2 className="text-lg font-medium">TRL and verl</h2>
        <Code>{`from genrm_client import GenRMClient
client = GenRMClient("${origin}", api_key=os.environ["GENRM_API_KEY"])
trainer = GRPOTrainer(model=..., reward_funcs=[client.reward_func], ...)   # or client.async_reward_func
score = client.compute_score(data_source, solution_str, ground_truth, extra_info)  # verl`}</Code>
      </section>

      <section>
        <h2 className="text-lg font-medium">Errors</h2>
        <table className="mt-2 w-full bg-white text-sm">
          <tbody>
            {Object.entries(doc.paths["/api/v1/judge"].post.responses)
              .filter(([code]) => code !== "200")
              .map(([code, r]) => (
                <tr key={code} className="border-b">
                  <td className="p-2 font-mono">{code}</td>
                  <td className="p-2"><Described text={(r as { description: string }).description} /></td>
                </tr>
              ))}
          </tbody>
        </table>
        <p className="mt-2 text-sm text-slate-700">
          Error bodies are <code>{`{"error": "<message>", "code", "field"?, "retryAfterS"?, "requestId"}`}</code>. On 503, wait <code>Retry-After</code> seconds and retry.
        </p>
      </section>
    </article>
  );
}
