/**
 * When the judge service runs beside the web app (`npm start` sets JUDGE_SERVICE_URL), the web app's
 * judge URLs (/api/v1/judge, /get_reward, /api/v1/openrlhf/get_reward) forward requests that carry an
 * API key to it, so trainers configured with the web app's address keep working; the service checks the
 * key, judges and writes the call log. Requests without credentials stay here, so a signed-in session
 * is refused exactly as before. A service that is down or restarting → 503 with Retry-After.
 */
import { env } from "@core/env";

const PASSED_REQUEST_HEADERS = ["authorization", "content-type", "x-request-id"];
const PASSED_REPLY_HEADERS = ["content-type", "retry-after", "x-request-id"];

export function judgeServiceUrl(): string | null {
  const url = env().JUDGE_SERVICE_URL;
  return url ? url.replace(/\/+$/, "") : null;
}

export async function forwardToJudgeService(req: Request, base: string): Promise<Response> {
  const url = new URL(req.url);
  const headers = new Headers();
  for (const h of PASSED_REQUEST_HEADERS) {
    const v = req.headers.get(h);
    if (v) headers.set(h, v);
  }
  let res: Response;
  try {
    res = await fetch(`${base}${url.pathname}${url.search}`, { method: req.method, headers, body: req.body, duplex: "half" } as RequestInit);
  } catch (error) {
    const reason = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    return Response.json(
      { error: `The judge service is unreachable (${reason}); it restarts by itself, retry shortly`, code: "Unavailable" },
      { status: 503, headers: { "retry-after": "2", "cache-control": "no-store, no-transform" } },
    );
  }
  const out = new Headers({ "cache-control": "no-store, no-transform" }); // no gzip: see web/lib/http.ts
  for (const h of PASSED_REPLY_HEADERS) {
    const v = res.headers.get(h);
    if (v) out.set(h, v);
  }
  return new Response(res.body, { status: res.status, headers: out });
}
