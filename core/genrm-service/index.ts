/**
 * The GenRM serving side: which model serves, one cached + micro-batched backend per model, reference
 * lookup, per-item outcomes, the public judge operations and their call log. See README.md.
 */
export { getServingBackend, stackFor, closeServingPool, type ServingStack, type ServingStats } from "./serving-pool";
export { resolveServingModel, forgetServingModels, type ModelRef, type ServingModel } from "./resolve-model";
export { judgeItems, type ItemOutcome, type JudgeItemsOptions } from "./judge-items";
export { judgeRequestItems, replyStatus, NO_REFERENCE_MESSAGE, type RequestItem, type RequestOutcome, type ItemError } from "./judge-requests";
export { judgeForActor, judgeInput, judgeItemInput, type JudgeInput, type JudgeReply, type JudgeReplyItem, type ModelInfo } from "./judge-for-actor";
export { openrlhfReward, openrlhfInput, openrlhfOptions, responseOf, type OpenRlhfReply } from "./openrlhf-reward";
export { resolveReferences, forgetReferences, type ResolvedReference } from "./resolve-references";
export { recordApiCall, flushApiCalls, type ApiCall } from "./call-log";
export { servingConfig, resetServingConfig, type ServingConfig } from "../env"; // its owner is core/env.ts
export { lastUserTurn, plainPrompt, stripEndMarkers } from "./chat-template";
