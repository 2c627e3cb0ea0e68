import { describe, expect, it } from "vitest";
import { demoMode, exposureRefusal } from "./demo-mode";

describe("demo mode", () => {
  it("is on by default (a fresh clone, CI) and off in production or with DEMO=0", () => {
    expect(demoMode({}).on).toBe(true);
    expect(demoMode({ CI: "true" }).on).toBe(true);
    expect(demoMode({ DEMO: "1" }).on).toBe(true);
    expect(demoMode({ DEMO: "0" })).toEqual({ on: false, why: "DEMO=0" });
    expect(demoMode({ NODE_ENV: "production" })).toEqual({ on: false, why: "NODE_ENV=production" });
    expect(demoMode({ NODE_ENV: "production", DEMO: "1" }).on).toBe(false); // never in production
  });

  it("refuses a non-loopback HOST while demo accounts keep the public password", () => {
    expect(exposureRefusal("0.0.0.0", ["admin@demo.local"])).toMatch(/admin@demo\.local/);
    expect(exposureRefusal("192.168.1.20", ["admin@demo.local"])).toMatch(/public demo password/);
    expect(exposureRefusal("127.0.0.1", ["admin@demo.local"])).toBeNull();
    expect(exposureRefusal("localhost", ["admin@demo.local"])).toBeNull();
    expect(exposureRefusal("::1", ["admin@demo.local"])).toBeNull();
    expect(exposureRefusal("0.0.0.0", [])).toBeNull();
  });
});
