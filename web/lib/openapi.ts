/**
 * The OpenAPI 3.0 document of the public trainer-facing API, served at /api/v1/openapi.json and
 * rendered by /api/v1/docs. Request schemas come from the zod schemas the routes validate with, so the
 * document cannot drift from what the server accepts; replies are described by hand below.
 */
import { z } from "zod";
import { judgeInput } from "@core/genrm-service/judge-for-actor";
import { openrlhfInput } from "@core/genrm-service/openrlhf-reward";
import { servingConfig } from "@core/env";

const schemaOf = (s: z.ZodType) => z.toJSONSchema(s, { io: "input", target: "openapi-3.0" }) as Record<string, unknown>;

const probs = {
  type: "object",
  required: ["better", "same", "worse"],
  properties: { better: { type: "number" }, same: { type: "number" }, worse: { type: "number" } },
  description: "Distribution over the verdicts (sums to 1). Both orders: the average of the forward order and the mirrored swapped order.",
};
const itemError = {
  type: "object",
  required: ["status", "code", "message"],
  properties: {
    status: { type: "integer", example: 422 },
    code: { type: "string", example: "Unprocessable" },
    message: { type: "string" },
    reason: { type: "string", enum: ["unparseable_verdict"], description: "Set when the judge's reply named no verdict (status 502): no reward exists for this item." },
  },
};
const model = {
  type: "object",
  required: ["id", "version", "name", "status", "templateVersion"],
  properties: { id: { type: "string" }, version: { type: "integer" }, name: { type: "string" }, status: { type: "string" }, templateVersion: { type: "string" } },
};
const control = {
  type: "object",
  description: "The RL run's current control, present when the request names a runId.",
  required: ["action", "model", "reason"],
  properties: { action: { type: "string", enum: ["continue", "pause"] }, model: { type: "string", nullable: true }, reason: { type: "string" } },
};
const errorBody = {
  type: "object",
  required: ["error", "requestId"],
  properties: { error: { type: "string" }, code: { type: "string" }, field: { type: "string" }, retryAfterS: { type: "integer" }, requestId: { type: "string" } },
};
const err = (description: string) => ({ description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } });
const commonErrors = {
  "400": err("Malformed JSON or a field of the wrong type; `field` names it."),
  "401": err("Missing, malformed, unknown or revoked API key."),
  "403": err("The key lacks the `judge` scope (or a session was used instead of a key)."),
  "413": err("Body or batch too large."),
  "422": err("No item could be judged (the reply lists each item's error), or `model` names no servable version."),
  "502": err("The judge answered without a readable verdict for every item (judge API) or for some query (/get_reward); retrying samples it again."),
  "503": err("The model's backend or the shared cache (Redis) is down, or the backend is saturated. Honour Retry-After."),
};

export function openApiDocument(serverUrl?: string) {
  const cfg = servingConfig();
  return {
    openapi: "3.0.3",
    info: {
      title: "GenRM API for RL trainers",
      version: "1",
      description:
        "Judgements of a policy's responses by the platform's generative reward model. " +
        `Limits: ${cfg.GENRM_API_MAX_ITEMS} items per request, ${cfg.GENRM_API_MAX_TEXT_CHARS.toLocaleString("en")} characters per text field, ` +
        `${Math.round(cfg.GENRM_API_MAX_BODY_BYTES / 1024 / 1024)} MiB per body. Every reply carries an x-request-id header.`,
    },
    servers: serverUrl ? [{ url: serverUrl }] : [],
    security: [{ bearer: [] }, { basic: [] }],
    paths: {
      "/api/v1/judge": {
        post: {
          summary: "Judge responses against reference answers",
          description:
            "Each item's response (the candidate) is judged against `reference`, or, when absent, the prompt's current reference " +
            "(tournament winner, imported or overridden). `model` names a version (3, \"v3\", id or name); default: the run's model when " +
            "`runId` is given, else the active version. `bothOrders` (default true) judges both orders and averages them (position " +
            "debiasing); `consistent` says whether the two orders agreed. reward = p(better) − p(worse). A bad item gets its own `error` " +
            "and never fails the others; a judge reply that names no verdict is that item's 502 (`reason: unparseable_verdict`), never a 0 reward. " +
            "`includeReasoning: true` adds what a reasoning judge wrote (`reasoning: {forward, swapped?}`, one text per sample).",
          operationId: "judge",
          requestBody: { required: true, content: { "application/json": { schema: schemaOf(judgeInput) } } },
          responses: {
            "200": { description: "At least one item judged.", content: { "application/json": { schema: { $ref: "#/components/schemas/JudgeReply" } } } },
            ...commonErrors,
          },
        },
      },
      "/get_reward": {
        post: {
          summary: "OpenRLHF remote reward model (drop-in)",
          description:
            "OpenRLHF's `--remote_rm_url` protocol. response = query minus its prompt (and trailing EOS markers); reference = the label " +
            "when it is a non-empty string (unless `labels=ignore`), else the prompt's current reference. rewards ∈ [−1, 1], " +
            "scores = (reward + 1) / 2 ∈ [0, 1]. An item with unusable input gets reward 0, extra_logs.genrm_error = 1 and an entry in `errors`; " +
            "an item whose judge reply names no verdict makes the whole reply 502 naming it (OpenRLHF retries, then raises). " +
            "Also served at /api/v1/openrlhf/get_reward. Authenticate with `http://genrm:<key>@host/get_reward` (Basic) — OpenRLHF sends no headers.",
          operationId: "openrlhfGetReward",
          parameters: [
            { name: "model", in: "query", schema: { type: "string" }, description: "Version to use (default: active)." },
            { name: "bothOrders", in: "query", schema: { type: "string", enum: ["1", "0", "true", "false"] } },
            { name: "labels", in: "query", schema: { type: "string", enum: ["reference", "ignore"] }, description: "Use non-empty labels as reference answers (default) or ignore them." },
            { name: "runId", in: "query", schema: { type: "string" }, description: "Adds the run's control to the reply." },
          ],
          requestBody: { required: true, content: { "application/json": { schema: schemaOf(openrlhfInput) } } },
          responses: {
            "200": { description: "One reward per query.", content: { "application/json": { schema: { $ref: "#/components/schemas/OpenRlhfReply" } } } },
            ...commonErrors,
          },
        },
      },
      "/api/v1/openapi.json": { get: { summary: "This document", security: [], responses: { "200": { description: "OpenAPI 3.0 JSON" } } } },
    },
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "An API key with the `judge` scope (create one at /settings/api-keys)." },
        basic: { type: "http", scheme: "basic", description: "Any user name, the API key as password (for clients that cannot set headers)." },
      },
      schemas: {
        Error: errorBody,
        JudgeReply: {
          type: "object",
          required: ["model", "bothOrders", "results", "errors"],
          properties: {
            model,
            bothOrders: { type: "boolean" },
            errors: { type: "integer", description: "Items that failed." },
            control,
            results: {
              type: "array",
              items: {
                oneOf: [
                  {
                    type: "object",
                    required: ["id", "verdict", "probs", "reward", "consistent", "referenceSource"],
                    properties: {
                      id: { oneOf: [{ type: "string" }, { type: "number" }], description: "The item's id, or its index." },
                      verdict: { type: "string", enum: ["better", "same", "worse"] },
                      probs,
                      reward: { type: "number", minimum: -1, maximum: 1 },
                      consistent: { type: "boolean", nullable: true },
                      referenceSource: { type: "string", enum: ["request", "imported", "tournament", "override"] },
                      reasoning: {
                        type: "object",
                        description: "With includeReasoning and a reasoning judge: its replies, one per sample, per order.",
                        properties: { forward: { type: "array", items: { type: "string" } }, swapped: { type: "array", items: { type: "string" } } },
                      },
                    },
                  },
                  { type: "object", required: ["id", "error"], properties: { id: { oneOf: [{ type: "string" }, { type: "number" }] }, error: itemError } },
                ],
              },
            },
          },
        },
        OpenRlhfReply: {
          type: "object",
          required: ["rewards", "scores", "extra_logs", "errors"],
          properties: {
            rewards: { type: "array", items: { type: "number" } },
            scores: { type: "array", items: { type: "number", minimum: 0, maximum: 1 } },
            extra_logs: {
              type: "object",
              description: "One number per query each: genrm_p_better, genrm_p_same, genrm_p_worse, genrm_error, and genrm_consistent when both orders are judged.",
              additionalProperties: { type: "array", items: { type: "number" } },
            },
            errors: { type: "array", items: { allOf: [itemError, { type: "object", properties: { index: { type: "integer" } } }] } },
            model,
            control,
          },
        },
      },
    },
  };
}
