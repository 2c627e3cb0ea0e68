/** The shared conformance suite for the in-process test backends and for the wrappers around them. */
import { runBackendConformance } from "../../conformance";
import { CachedBackend } from "../../cache";
import { MicroBatchBackend } from "../../microbatch";
import { DeterministicBackend } from "./deterministic";

runBackendConformance("DeterministicBackend", async () => new DeterministicBackend());
runBackendConformance("DeterministicBackend with position bias and latency", async () => new DeterministicBackend({ positionBias: 0.8, latencyMs: 2 }));
runBackendConformance("DeterministicBackend with an input limit", async () => new DeterministicBackend({ maxInputChars: 100_000 }));
runBackendConformance("CachedBackend(DeterministicBackend)", async () => new CachedBackend(new DeterministicBackend()));
runBackendConformance("MicroBatchBackend(DeterministicBackend)", async () => new MicroBatchBackend(new DeterministicBackend(), { maxBatch: 4 }));
