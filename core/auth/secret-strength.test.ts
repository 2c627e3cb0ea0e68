import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { weakSecretReason } from "./secret-strength";
import { env, resetEnvCache } from "../env";

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
  resetEnvCache();
});

describe("signing secrets", () => {
  it("refuses the example value, short secrets and long but repetitive ones", () => {
    expect(weakSecretReason("change-me-change-me-change-me")).toMatch(/example/);
    expect(weakSecretReason("short-but-random-Zx81")).toMatch(/shorter than 32 bytes/);
    expect(weakSecretReason("e2e-secret-e2e-secret-e2e-secret")).toMatch(/guessable/);
    expect(weakSecretReason("a".repeat(80))).toMatch(/guessable/);
    expect(weakSecretReason("abababababababababababababababababababababababab")).toMatch(/guessable/);
  });

  it("accepts 32 random bytes however they are written", () => {
    for (let i = 0; i < 200; i++) {
      expect(weakSecretReason(randomBytes(32).toString("base64url"))).toBeNull();
      expect(weakSecretReason(randomBytes(32).toString("hex"))).toBeNull();
      expect(weakSecretReason(randomBytes(32).toString("base64"))).toBeNull();
    }
  });

  it("start-up (env()) refuses a weak AUTH_SECRET with a message naming it, and an export salt equal to it", () => {
    process.env.AUTH_SECRET = "change-me-change-me-change-me";
    resetEnvCache();
    expect(() => env()).toThrow(/AUTH_SECRET: is the example value/);
    const strong = randomBytes(32).toString("base64url");
    process.env.AUTH_SECRET = strong;
    process.env.EXPORT_SALT = strong;
    resetEnvCache();
    expect(() => env()).toThrow(/EXPORT_SALT: must differ from AUTH_SECRET/);
    process.env.EXPORT_SALT = randomBytes(32).toString("base64url");
    resetEnvCache();
    expect(env().AUTH_SECRET).toBe(strong);
  });
});
