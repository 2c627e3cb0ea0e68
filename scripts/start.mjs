#!/usr/bin/env node
// `npm start`: the whole platform on one machine (see README). Set-up first, then scripts/start-platform.ts.
import { generatePrismaClient, ensureEnvFile, ensureNodeModules, ensureTorch, tsx } from "./bootstrap.mjs";

ensureNodeModules();
generatePrismaClient();
ensureEnvFile();
if (!ensureTorch()) console.warn("! Without PyTorch the demo GenRM can't be trained; the rest of the platform still starts.");
tsx("scripts/start-platform.ts", process.argv.slice(2));
