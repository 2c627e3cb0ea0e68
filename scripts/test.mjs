#!/usr/bin/env node
// `npm test`: set-up (npm ci, services, apt packages when root), then every tier via scripts/test.ts.
import { generatePrismaClient, ensureChromium, ensureNodeModules, ensureServices, ensureTorch, tsx } from "./bootstrap.mjs";

ensureNodeModules();
generatePrismaClient();
ensureServices();
ensureTorch();
ensureChromium();
tsx("scripts/test.ts", process.argv.slice(2));
