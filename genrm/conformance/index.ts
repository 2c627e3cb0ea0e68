// Test-only entry point (imports vitest): use from *.test.ts files, never from runtime code.
export { runBackendConformance, CONFORMANCE_ITEMS, type ConformanceOptions, type NetworkFailureHooks } from "./backend-conformance";
