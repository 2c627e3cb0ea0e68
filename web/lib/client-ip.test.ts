import { afterEach, describe, expect, it } from "vitest";
import { clientIp } from "./client-ip";

const h = (xff?: string) => new Headers(xff ? { "x-forwarded-for": xff } : {});

afterEach(() => {
  delete process.env.TRUST_PROXY;
  delete process.env.TRUSTED_PROXIES;
});

describe("client address for rate limiting", () => {
  it("without TRUST_PROXY every request shares one address (a client-sent header is not believed)", () => {
    expect(clientIp(h("1.2.3.4"))).toBe("direct");
  });

  it("behind a trusted proxy: the right-most hop that is not one of our proxies, never the client-chosen left end", () => {
    process.env.TRUST_PROXY = "1";
    // The client forged "6.6.6.6"; our proxy appended the address it really saw.
    expect(clientIp(h("6.6.6.6, 203.0.113.9"))).toBe("203.0.113.9");
    expect(clientIp(h("6.6.6.6, 203.0.113.9, 127.0.0.1"))).toBe("203.0.113.9");
    process.env.TRUSTED_PROXIES = "10.0.0.2, 10.0.0.3";
    expect(clientIp(h("6.6.6.6, 198.51.100.7, 10.0.0.3, 10.0.0.2"))).toBe("198.51.100.7");
    expect(clientIp(h("203.0.113.9"))).toBe("203.0.113.9");
    expect(clientIp(h("127.0.0.5, 127.0.0.1"))).toBe("direct"); // nothing but our own hops
    expect(clientIp(h())).toBe("direct");
  });

  it("rotating the forged part does not change the address", () => {
    process.env.TRUST_PROXY = "1";
    const seen = new Set(Array.from({ length: 20 }, (_, i) => clientIp(h(`10.0.${i}.1, 203.0.113.9`))));
    expect([...seen]).toEqual(["203.0.113.9"]);
  });
});
