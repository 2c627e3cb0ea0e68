import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

const r = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// One config, three tiers chosen by file name (see conventions.md §10):
//   *.test.ts(x)              pure/unit
//   *.integration.test.ts     real Postgres + Redis (each run its own database/queue prefix)
//   tests/e2e/*.spec.ts       Chromium, run by tests/e2e/run.ts (not vitest)
export default defineConfig({
  resolve: {
    alias: {
      "@core": r("./core"),
      "@genrm": r("./genrm"),
      "@tournaments": r("./tournaments"),
      "@workers": r("./workers"),
      "@monitoring": r("./monitoring"),
      "@web": r("./web"),
    },
  },
  test: {
    include: ["**/*.test.ts", "**/*.test.tsx"],
    exclude: ["node_modules/**", "web/.next/**", "tests/e2e/**", "genrm/trainer/**/*.py"],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    env: { TZ: "UTC" },
  },
});
