export { OpenAICompatibleBackend, type OpenAICompatibleOptions } from "./openai-backend";
export { loadLoraAdapter, unloadLoraAdapter, listModels, type AdminOptions } from "./lora";
export { parseCompletionsResponse, probsFromChoice, probsFromTopLogprobs, verdictOfText, verdictOfToken } from "./parse";
export type { FetchLike } from "./http";
