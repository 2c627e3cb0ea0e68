/**
 * Client address for rate limiting.
 *
 * Without TRUST_PROXY=1 there is no address we can trust: Next's server keeps an X-Forwarded-For the
 * client sent (it only fills one in when absent), so anyone could rotate it to dodge the limit. All
 * requests then share "direct" and the limit applies per account.
 *
 * With TRUST_PROXY=1 (a reverse proxy you run, which appends the address it saw): X-Forwarded-For is read
 * from the right, skipping the hops that are our own proxies (loopback, plus the addresses in
 * TRUSTED_PROXIES); the first other hop is the client. Everything left of it was written by the client
 * and is ignored — the left-most entry is whatever the client chose.
 */
import { proxyTrust } from "@core/env";

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+|localhost)$/i;

export function clientIp(headers: Headers): string {
  const { trusted, proxies } = proxyTrust();
  if (!trusted) return "direct";
  const hops = (headers.get("x-forwarded-for") ?? "").split(",").map((s) => s.trim()).filter(Boolean).slice(-32);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!;
    if (!LOOPBACK.test(hop) && !proxies.has(hop)) return hop.slice(0, 64);
  }
  // Only our own proxies (or nothing): the request came from this machine; no hop can be believed more
  // than another, so it shares the one address of requests without a trusted one.
  return "direct";
}
