import { describe, expect, it } from "vitest";
import { sameOriginPath } from "./safe-callback";

describe("callbackUrl after sign-in", () => {
  it("keeps paths on this site", () => {
    expect(sameOriginPath("/datasets/abc?tab=2#x")).toBe("/datasets/abc?tab=2#x");
    expect(sameOriginPath("/")).toBe("/");
  });

  it("refuses every way of naming another host", () => {
    const evil = [
      "/\\evil.example",
      "/\t/evil.example", // what `/%09/evil.example` decodes to in a query string
      "/%09/evil.example".replace("%09", "\t"),
      "/\n/evil.example",
      "//evil.example",
      "/\\/evil.example",
      "https://evil.example/",
      "http://same-origin.invalid.evil.example/",
      "javascript:alert(1)",
      " /evil",
      "",
    ];
    for (const e of evil) expect(sameOriginPath(e), JSON.stringify(e)).toBe("/");
  });

  it("a percent-encoded tab stays a harmless path segment", () => {
    expect(sameOriginPath("/%09/evil.example")).toBe("/%09/evil.example");
    expect(new URL(sameOriginPath("/%09/evil.example"), "https://app.example").host).toBe("app.example");
  });
});
