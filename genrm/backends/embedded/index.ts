export { createEmbeddedBackend, EmbeddedBackend, type EmbeddedBackendOptions } from "./embedded-backend";
export { parseModelConfig, readModelConfig, SUPPORTED_FORMAT, type TinyModelConfig } from "./model-config";
export { encodePrompt, lengthSortedBatches, padBatch, softmax3 } from "./tokenize";
