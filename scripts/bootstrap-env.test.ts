/** `npm start`'s .env creation: owner-only permissions, fresh strong secrets, an export salt for old clones. */
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { weakSecretReason } from "../core/auth/secret-strength";
// @ts-expect-error plain .mjs without types
import { ensureEnvFile, root } from "./bootstrap.mjs";

const value = (text: string, name: string) => new RegExp(`^${name}=(.*)$`, "m").exec(text)?.[1];

describe(".env on first start", () => {
  it("is created readable by its owner only, with a strong AUTH_SECRET and a separate EXPORT_SALT", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "envtest-"));
    copyFileSync(path.join(root, ".env.example"), path.join(dir, ".env.example"));
    ensureEnvFile(dir);
    const file = path.join(dir, ".env");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const text = readFileSync(file, "utf8");
    const secret = value(text, "AUTH_SECRET")!;
    const salt = value(text, "EXPORT_SALT")!;
    expect(weakSecretReason(secret)).toBeNull();
    expect(salt.length).toBeGreaterThanOrEqual(32);
    expect(salt).not.toBe(secret);
  });

  it("an older world-readable .env without a salt is tightened and given one; its secret is kept", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "envtest-"));
    const file = path.join(dir, ".env");
    writeFileSync(file, "AUTH_SECRET=kept-as-it-is\n");
    chmodSync(file, 0o644);
    ensureEnvFile(dir);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const text = readFileSync(file, "utf8");
    expect(value(text, "AUTH_SECRET")).toBe("kept-as-it-is");
    expect(value(text, "EXPORT_SALT")!.length).toBeGreaterThanOrEqual(32);
  });
});
