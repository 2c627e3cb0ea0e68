import type { NextConfig } from "next";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");

/**
 * Response headers every page and route carries (`headers()` below).
 * CSP: everything from our own origin only. Scripts: Next's hydration bootstrap is inline, so inline
 * scripts are allowed but no other origin is; `unsafe-eval` only under `next dev` (React's dev tooling).
 * Styles: inline style attributes (charts, progress bars) are ours; model text is sanitised to exclude
 * them (core/render/sanitize-policy.ts). Images: ours, plus data:/blob: for charts. Forms may post to
 * ourselves and hand off to the OAuth providers' sign-in pages. Nobody may frame us (clickjacking).
 */
const dev = process.env.NODE_ENV === "development";

const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  `connect-src 'self'${dev ? " ws: wss:" : ""}`,
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self' https://github.com https://accounts.google.com",
  "frame-ancestors 'none'",
].join("; ");

const SECURITY_HEADERS: Array<{ key: string; value: string }> = [
  { key: "Content-Security-Policy", value: CONTENT_SECURITY_POLICY },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

const config: NextConfig = {
  // The app imports core/, genrm/ and tournaments/ from the repository root.
  turbopack: { root },
  outputFileTracingRoot: root,
  serverExternalPackages: ["onnxruntime-node", "bullmq", "ioredis", "pg", "@prisma/adapter-pg", "@prisma/client", "sanitize-html"],
  experimental: { authInterrupts: true },
  poweredByHeader: false,
  typescript: { tsconfigPath: "tsconfig.json" },
  async headers() {
    return [{ source: "/:path*", headers: SECURITY_HEADERS }];
  },
};

export default config;
