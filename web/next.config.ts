import type { NextConfig } from "next";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");

const config: NextConfig = {
  // The app imports core/, genrm/ and tournaments/ from the repository root.
  turbopack: { root },
  outputFileTracingRoot: root,
  serverExternalPackages: ["onnxruntime-node", "bullmq", "ioredis", "pg", "@prisma/adapter-pg", "@prisma/client", "sanitize-html"],
  experimental: { authInterrupts: true },
  poweredByHeader: false,
  typescript: { tsconfigPath: "tsconfig.json" },
};

export default config;
