/**
 * Redirect convenience only: anonymous visitors of app pages go to /signin. Not the security
 * boundary — every page and operation checks the actor itself.
 */
import { NextResponse } from "next/server";
import { auth } from "@/auth";

export const proxy = auth((req) => {
  if (!req.auth) {
    const url = new URL("/signin", req.nextUrl.origin);
    url.searchParams.set("callbackUrl", req.nextUrl.pathname + req.nextUrl.search);
    return NextResponse.redirect(url);
  }
  return NextResponse.next();
});

export const config = {
  matcher: ["/((?!api|get_reward|signin|_next|favicon.ico).*)"],
};
