import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

const r = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// One config, three tiers chosen by file name:
//   *.test.ts(x)              pure/unit
//   *.integration.test.ts     real Postgres + Redis (each run its own database/queue prefix)
//   tests/e2e/*.spec.ts       Chromium, run through vitest.e2e.config.ts (excluded here)
export default defineConfig({
  resolve: {
    alias: {
      "@core": r("./core"),
      "@genrm": r("./genrm"),
      "@tournaments": r("./tournaments"),
      "@workers": r("./workers"),
      "@monitoring": r("./monitoring"),
      "@web": r("./web"),
      // web/'s own alias ("@/lib/…"), so integration tests can drive the real route handlers.
      "@": r("./web"),
    },
  },
  test: {
    include: ["**/*.test.ts", "**/*.test.tsx"],
    exclude: ["node_modules/**", "web/.next/**", "tests/e2e/**", "genrm/trainer/**/*.py"],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    env: { TZ: "UTC" },
    // next-auth imports "next/server" without an extension, which Node's ESM loader refuses: let Vite
    // resolve it, so tests can load the real route handlers.
    server: { deps: { inline: ["next-auth"] } },
  },
});
