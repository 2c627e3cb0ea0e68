/**
 * Is a secret strong enough to sign sessions with? Refuses the example value shipped in .env.example,
 * anything short, and anything that only looks long (a repeated word). Two estimates, both must pass:
 *   - what the character set allows: length × log2(size of the character classes used) ≥ 256 bits
 *     (32 random bytes as base64url: 43 chars × 6 bits; as hex: 64 × 4);
 *   - what the text shows: length × its per-character Shannon entropy ≥ 128 bits (a random 43-char
 *     base64url string shows ~5 bits a character; "change-me-change-me…" under 3).
 */
export const EXAMPLE_SECRETS = new Set(["change-me-change-me-change-me"]);

const CLASSES: Array<[RegExp, number]> = [
  [/[a-z]/, 26],
  [/[A-Z]/, 26],
  [/[0-9]/, 10],
  [/[^A-Za-z0-9]/, 32],
];

export function secretBits(secret: string): { alphabetBits: number; observedBits: number } {
  const alphabet = CLASSES.reduce((n, [re, size]) => (re.test(secret) ? n + size : n), 0);
  const counts = new Map<string, number>();
  for (const c of secret) counts.set(c, (counts.get(c) ?? 0) + 1);
  let perChar = 0;
  for (const n of counts.values()) perChar -= (n / secret.length) * Math.log2(n / secret.length);
  return { alphabetBits: secret.length * Math.log2(Math.max(alphabet, 1)), observedBits: secret.length * perChar };
}

/** Why the secret is refused, or null when it is fine. */
export function weakSecretReason(secret: string): string | null {
  if (EXAMPLE_SECRETS.has(secret)) return "is the example value from .env.example";
  if (Buffer.byteLength(secret) < 32) return "is shorter than 32 bytes";
  const { alphabetBits, observedBits } = secretBits(secret);
  if (alphabetBits < 256 || observedBits < 128) return "looks guessable (too little entropy)";
  return null;
}

export const SECRET_HINT = "generate one with: node -e \"console.log(require('crypto').randomBytes(32).toString('base64url'))\"";
