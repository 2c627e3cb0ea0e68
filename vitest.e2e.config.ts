import { defineConfig } from "vitest/config";
import base from "./vitest.config";

// End-to-end tier: one built web app + one worker process (tests/e2e/global-setup.ts), Chromium via
// playwright-core, files run one after another against that server. (Not mergeConfig: it would
// concatenate `include` with the unit tier's.)
export default defineConfig({
  resolve: base.resolve,
  test: {
    include: ["tests/e2e/**/*.spec.ts"],
    environment: "node",
    globalSetup: ["tests/e2e/global-setup.ts"],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 300_000,
    env: { TZ: "UTC" },
  },
});
