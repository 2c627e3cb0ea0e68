/**
 * Encryption at rest for third-party secrets the platform must send on (a served judge's API key):
 * AES-256-GCM with a random 96-bit nonce, key = SHA-256(GENRM_SECRET_KEY, else AUTH_SECRET). The stored
 * form is "v1:<nonce>:<tag>:<ciphertext>" (base64url), so a tampered or foreign value fails to open
 * rather than decrypting to garbage. Not here: user passwords (hashed, never decrypted) or API keys the
 * platform issues (hashed).
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { env } from "../env";
import { AppError } from "../errors";

const PREFIX = "v1";

function key(): Buffer {
  const secret = env().GENRM_SECRET_KEY ?? env().AUTH_SECRET;
  if (!secret) throw new AppError("Unavailable", "Set GENRM_SECRET_KEY (or AUTH_SECRET) so the platform can store API keys encrypted");
  return createHash("sha256").update(`genrm-secret-box:${secret}`).digest();
}

export function sealSecret(plain: string): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), nonce);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return [PREFIX, nonce.toString("base64url"), cipher.getAuthTag().toString("base64url"), body.toString("base64url")].join(":");
}

/** The plain secret; a value sealed under another key (or altered) → Unavailable naming the fix. */
export function openSecret(sealed: string, what = "a stored secret"): string {
  const parts = sealed.split(":");
  if (parts.length !== 4 || parts[0] !== PREFIX) throw new AppError("Unavailable", `${what} is not in a format this server can read`);
  try {
    const decipher = createDecipheriv("aes-256-gcm", key(), Buffer.from(parts[1]!, "base64url"));
    decipher.setAuthTag(Buffer.from(parts[2]!, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(parts[3]!, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new AppError("Unavailable", `${what} cannot be decrypted: GENRM_SECRET_KEY / AUTH_SECRET changed since it was stored; register the judge again with its key`);
  }
}
