export { OpenAICompatibleBackend, MAX_RESPONSE_CHARS, type OpenAICompatibleOptions, type JudgeMode, type ServedApi } from "./openai-backend";
export { Fleet, RECENT_WINDOW_MS, type FleetOptions, type UrlHealth } from "./fleet";
export { servedJudgeConfig, servedJudgeDefaults, SERVED_API, SERVED_MODES, type ServedJudgeConfig } from "./served-config";
export { loadLoraAdapter, unloadLoraAdapter, listModels, type AdminOptions } from "./lora";
export { outputFromChoice, parseCompletionsResponse, probsFromChoice, probsFromTokenLogprobs, probsFromTopLogprobs, verdictOfText, verdictOfToken } from "./parse";
export { outputFromChatLogprobs, outputFromReasoning, parseChatBody, probsFromVotes, verdictOfReply, LOGPROB_POSITIONS, MAX_REPLY_CHARS, type ChatChoice } from "./parse-chat";
export type { FetchLike } from "./http";
