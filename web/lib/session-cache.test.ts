import { describe, expect, it, vi } from "vitest";
import { rememberedSession, rememberSession, sessionTokenOf } from "./session-cache";

describe("sessionTokenOf", () => {
  it("takes only Auth.js session cookies, chunked or secure, in a stable order", () => {
    expect(sessionTokenOf(null)).toBe("");
    expect(sessionTokenOf("theme=dark; other=1")).toBe("");
    expect(sessionTokenOf("a=1; authjs.session-token=abc; b=2")).toBe("authjs.session-token=abc");
    expect(sessionTokenOf("__Secure-authjs.session-token=x")).toBe("__Secure-authjs.session-token=x");
    expect(sessionTokenOf("authjs.session-token.1=B; authjs.session-token.0=A")).toBe("authjs.session-token.0=A;authjs.session-token.1=B");
    // The CSRF and callback cookies are not the session.
    expect(sessionTokenOf("authjs.csrf-token=z; authjs.callback-url=/")).toBe("");
  });
});

describe("remembered sessions", () => {
  it("last a minute at most, and never past the session's own expiry", () => {
    vi.useFakeTimers();
    try {
      vi.setSystemTime(new Date("2026-01-01T00:00:00Z"));
      rememberSession("t1", "u1", 0, "2026-01-08T00:00:00Z");
      rememberSession("t2", "u2", 0, "2026-01-01T00:00:10Z");
      expect(rememberedSession("t1")).toEqual({ userId: "u1", epoch: 0 });
      expect(rememberedSession("nope")).toBeUndefined();
      vi.setSystemTime(new Date("2026-01-01T00:00:11Z"));
      expect(rememberedSession("t2")).toBeUndefined(); // its token expired
      expect(rememberedSession("t1")).toEqual({ userId: "u1", epoch: 0 });
      vi.setSystemTime(new Date("2026-01-01T00:01:01Z"));
      expect(rememberedSession("t1")).toBeUndefined(); // a minute passed: decrypt again
    } finally {
      vi.useRealTimers();
    }
  });
});
