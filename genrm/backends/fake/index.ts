export { DeterministicBackend, ZeroCostBackend, type DeterministicBackendOptions } from "./deterministic";
export {
  startFakeVllmServer,
  parseRenderedPrompt,
  type FakeVllmServer,
  type FakeVllmOptions,
  type FakeVllmBehavior,
  type FakeVllmMode,
  type RecordedRequest,
} from "./fake-vllm-server";
export { fakeVerdictProbs, fakeVerdictLogits, textQuality, type FakeScoringOptions } from "./scoring";
