import { defineConfig, mergeConfig } from "vitest/config";
import base from "./vitest.config";

// End-to-end tier: one built web app + one worker process (tests/e2e/global-setup.ts), Chromium via
// playwright-core, files run one after another against that server.
export default mergeConfig(
  base,
  defineConfig({
    test: {
      include: ["tests/e2e/**/*.spec.ts"],
      exclude: ["node_modules/**"],
      globalSetup: ["tests/e2e/global-setup.ts"],
      fileParallelism: false,
      testTimeout: 120_000,
      hookTimeout: 300_000,
    },
  }),
);
