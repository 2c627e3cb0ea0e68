/**
 * Client address for rate limiting. X-Forwarded-For is trusted only behind a proxy you run
 * (TRUST_PROXY=1); otherwise anyone could rotate it to dodge the limit, so all requests share "direct"
 * and the limit applies per account.
 */
export function clientIp(headers: Headers): string {
  if (process.env.TRUST_PROXY !== "1") return "direct";
  const fwd = headers.get("x-forwarded-for");
  if (fwd) return fwd.split(",")[0]!.trim();
  return headers.get("x-real-ip") ?? "direct";
}
