import type { NextConfig } from "next";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");

/**
 * Response headers every page and route carries (`headers()` below). Pages get their
 * Content-Security-Policy from web/proxy.ts (web/lib/content-security-policy.ts, a fresh nonce per page);
 * what the proxy does not see — API replies (JSON, file downloads), static files — is never a document
 * that should load or run anything, so its policy allows nothing.
 */
const SECURITY_HEADERS: Array<{ key: string; value: string }> = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];
const NON_DOCUMENT_CSP = [{ key: "Content-Security-Policy", value: "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'" }];

const config: NextConfig = {
  // The app imports core/, genrm/ and tournaments/ from the repository root.
  turbopack: { root },
  outputFileTracingRoot: root,
  serverExternalPackages: ["onnxruntime-node", "bullmq", "ioredis", "pg", "@prisma/adapter-pg", "@prisma/client", "sanitize-html"],
  experimental: { authInterrupts: true },
  poweredByHeader: false,
  typescript: { tsconfigPath: "tsconfig.json" },
  async headers() {
    return [
      { source: "/:path*", headers: SECURITY_HEADERS },
      // The paths web/proxy.ts does not see (its matcher).
      ...["/api/:path((?!v1/docs$).*)", "/get_reward", "/_next/:path*", "/favicon.ico"].map((source) => ({ source, headers: NON_DOCUMENT_CSP })),
    ];
  },
};

export default config;
