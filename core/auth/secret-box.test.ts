import { afterEach, describe, expect, it } from "vitest";
import { resetEnvCache } from "../env";
import { openSecret, sealSecret } from "./secret-box";

describe("secret box", () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    resetEnvCache();
  });

  it("round-trips, never stores the plain text, and uses a fresh nonce each time", () => {
    process.env.GENRM_SECRET_KEY = "k".repeat(32);
    resetEnvCache();
    const a = sealSecret("sk-very-secret");
    const b = sealSecret("sk-very-secret");
    expect(a).not.toContain("sk-very-secret");
    expect(a).not.toBe(b);
    expect(openSecret(a)).toBe("sk-very-secret");
  });

  it("refuses a value sealed under another key or altered", () => {
    process.env.GENRM_SECRET_KEY = "k".repeat(32);
    resetEnvCache();
    const sealed = sealSecret("sk-1");
    const parts = sealed.split(":");
    const flipped = [parts[0], parts[1], parts[2], (parts[3]![0] === "A" ? "B" : "A") + parts[3]!.slice(1)].join(":");
    expect(() => openSecret(flipped, "the key")).toThrow(/cannot be decrypted/);
    process.env.GENRM_SECRET_KEY = "other-key-other-key";
    resetEnvCache();
    expect(() => openSecret(sealed, "the key")).toThrow(/GENRM_SECRET_KEY/);
    expect(() => openSecret("plain", "the key")).toThrow(/format/);
  });
});
