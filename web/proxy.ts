/**
 * Runs before every page: gives the page its Content-Security-Policy with a fresh nonce (Next reads the
 * nonce from the request's CSP header and puts it on its own scripts), and sends anonymous visitors of
 * app pages to /signin. The redirect is a convenience, not the security boundary — every page and
 * operation checks the actor itself.
 */
import { NextResponse } from "next/server";
import { auth } from "@/auth";
import { contentSecurityPolicy, freshNonce } from "@/lib/content-security-policy";

const dev = process.env.NODE_ENV === "development";
const PUBLIC_PAGES = /^\/(signin|api\/v1\/docs)(\/|$)/;

export const proxy = auth((req) => {
  const csp = contentSecurityPolicy({ nonce: freshNonce(), dev });
  let res: NextResponse;
  if (!req.auth && !PUBLIC_PAGES.test(req.nextUrl.pathname)) {
    const url = new URL("/signin", req.nextUrl.origin);
    url.searchParams.set("callbackUrl", req.nextUrl.pathname + req.nextUrl.search);
    res = NextResponse.redirect(url);
  } else {
    const headers = new Headers(req.headers);
    headers.set("content-security-policy", csp);
    res = NextResponse.next({ request: { headers } });
  }
  res.headers.set("Content-Security-Policy", csp);
  return res;
});

export const config = {
  matcher: [
    {
      // Pages only: API routes, the OpenRLHF path and static files get next.config.ts's policy.
      source: "/((?!api|get_reward|_next|favicon.ico).*)",
      // A prefetch fetches data, not a document: no policy to carry, no need to run.
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
    // The one page under /api: the API reference (public). Next reads this config statically, so the
    // prefetch exclusion is written out again rather than shared through a constant.
    { source: "/api/v1/docs", missing: [{ type: "header", key: "next-router-prefetch" }, { type: "header", key: "purpose", value: "prefetch" }] },
  ],
};
