/**
 * The cross-role table: every page and route handler of web/app, with who may use it. The cross-role
 * suite (cross-role.spec.ts) calls each as every identity and asserts who is refused; a meta-test fails
 * when a page or route exists that this table does not list. New routes MUST be added here.
 */
export const IDENTITIES = ["anonymous", "annotator", "researcher", "admin", "key:judge", "key:runs:write", "key:data:write"] as const;
export type Identity = (typeof IDENTITIES)[number];

export const USERS: Identity[] = ["annotator", "researcher", "admin"];
export const RESEARCHERS: Identity[] = ["researcher", "admin"];
export const PUBLIC: Identity[] = [...IDENTITIES];

export interface RouteCase {
  /** File-system route pattern as in web/app, e.g. "/api/keys/[id]". */
  pattern: string;
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  /** The concrete path to call (ids may be fake: authorization is checked before existence). */
  path: string | ((ctx: CaseContext) => string);
  body?: unknown | ((ctx: CaseContext) => unknown);
  kind: "page" | "api";
  allow: Identity[];
  /** Statuses that count as "allowed" (default: anything but 401/403, and for pages no sign-in redirect). */
  okStatus?: number[];
}

export interface CaseContext {
  unique: string;
  ids: Record<string, string>;
}

export const ROUTES: RouteCase[] = [
  // Pages
  { pattern: "/", method: "GET", path: "/", kind: "page", allow: USERS },
  { pattern: "/signin", method: "GET", path: "/signin", kind: "page", allow: PUBLIC },
  { pattern: "/admin/users", method: "GET", path: "/admin/users", kind: "page", allow: ["admin"] },
  { pattern: "/settings/api-keys", method: "GET", path: "/settings/api-keys", kind: "page", allow: RESEARCHERS },
  { pattern: "/settings/password", method: "GET", path: "/settings/password", kind: "page", allow: USERS },
  { pattern: "/status", method: "GET", path: "/status", kind: "page", allow: RESEARCHERS },

  // Session and auth
  { pattern: "/api/session", method: "POST", path: "/api/session", body: { email: "nobody@demo.local", password: "x" }, kind: "api", allow: PUBLIC, okStatus: [401, 429] },
  { pattern: "/api/session", method: "DELETE", path: "/api/session", kind: "api", allow: PUBLIC },
  { pattern: "/api/auth/[...nextauth]", method: "GET", path: "/api/auth/session", kind: "api", allow: PUBLIC },
  { pattern: "/api/auth/[...nextauth]", method: "POST", path: "/api/auth/session", body: {}, kind: "api", allow: PUBLIC, okStatus: [302, 400] }, // no CSRF token: refused alike for all
  // Own password: a wrong current password → 400 for every signed-in person; nothing changes.
  {
    pattern: "/api/account/password",
    method: "POST",
    path: "/api/account/password",
    body: { currentPassword: "not-the-password", newPassword: "a-long-new-password-1" },
    kind: "api",
    allow: USERS,
    okStatus: [400],
  },
  { pattern: "/api/v1/whoami", method: "GET", path: "/api/v1/whoami", kind: "api", allow: ["annotator", "researcher", "admin", "key:judge", "key:runs:write", "key:data:write"] },

  // Admin
  { pattern: "/api/admin/users", method: "GET", path: "/api/admin/users", kind: "api", allow: ["admin"] },
  {
    pattern: "/api/admin/users",
    method: "POST",
    path: "/api/admin/users",
    body: (c: CaseContext) => ({ email: `new-${c.unique}@demo.local`, name: "New", role: "annotator", password: "password123" }),
    kind: "api",
    allow: ["admin"],
  },
  { pattern: "/api/admin/users/[id]", method: "PATCH", path: (c) => `/api/admin/users/${c.ids.annotator2}`, body: { role: "annotator" }, kind: "api", allow: ["admin"] },
  { pattern: "/api/admin/users/[id]/password", method: "POST", path: "/api/admin/users/nonexistent/password", body: { newPassword: "a-long-new-password-1" }, kind: "api", allow: ["admin"], okStatus: [404] },

  // API keys
  { pattern: "/api/keys", method: "GET", path: "/api/keys", kind: "api", allow: RESEARCHERS },
  { pattern: "/api/keys", method: "POST", path: "/api/keys", body: { name: "cross-role", scopes: ["judge"] }, kind: "api", allow: RESEARCHERS },
  { pattern: "/api/keys/[id]", method: "DELETE", path: "/api/keys/nonexistent", kind: "api", allow: RESEARCHERS, okStatus: [404] },

  // Queue
  { pattern: "/api/status", method: "GET", path: "/api/status", kind: "api", allow: RESEARCHERS },
  { pattern: "/api/jobs/selfcheck", method: "POST", path: "/api/jobs/selfcheck", body: { note: "cross-role" }, kind: "api", allow: RESEARCHERS },

  // Tournaments. Fake ids: authorization is checked before existence, so the allowed get 404.
  { pattern: "/tournaments", method: "GET", path: "/tournaments", kind: "page", allow: RESEARCHERS },
  { pattern: "/tournaments/[runId]", method: "GET", path: "/tournaments/nonexistent", kind: "page", allow: RESEARCHERS, okStatus: [404] },
  { pattern: "/tournaments/[runId]/prompts/[promptId]", method: "GET", path: "/tournaments/nonexistent/prompts/nonexistent", kind: "page", allow: RESEARCHERS, okStatus: [404] },
  { pattern: "/api/tournaments", method: "GET", path: "/api/tournaments", kind: "api", allow: RESEARCHERS },
  { pattern: "/api/tournaments", method: "POST", path: "/api/tournaments", body: { datasetId: "nonexistent" }, kind: "api", allow: RESEARCHERS, okStatus: [404] },
  { pattern: "/api/tournaments/[runId]", method: "GET", path: "/api/tournaments/nonexistent", kind: "api", allow: RESEARCHERS, okStatus: [404] },
  { pattern: "/api/tournaments/[runId]/prompts/[promptId]", method: "GET", path: "/api/tournaments/nonexistent/prompts/nonexistent", kind: "api", allow: RESEARCHERS, okStatus: [404] },
  {
    pattern: "/api/tournaments/[runId]/prompts/[promptId]/reference",
    method: "POST",
    path: "/api/tournaments/nonexistent/prompts/nonexistent/reference",
    body: { responseId: "nonexistent", reason: "cross-role check" },
    kind: "api",
    allow: RESEARCHERS,
    okStatus: [404],
  },

  // RL run monitoring. "demo-rl-run" is the seeded demo run (prisma/seed/rl-demo-run.ts);
  // other ids are fake: authorization is checked before existence, so the allowed get 404.
  { pattern: "/runs", method: "GET", path: "/runs", kind: "page", allow: RESEARCHERS },
  { pattern: "/runs/[id]", method: "GET", path: "/runs/demo-rl-run", kind: "page", allow: RESEARCHERS, okStatus: [404] },
  { pattern: "/runs/[id]/recalibrations/[rid]", method: "GET", path: "/runs/demo-rl-run/recalibrations/nonexistent", kind: "page", allow: RESEARCHERS, okStatus: [404] },
  { pattern: "/api/v1/runs", method: "GET", path: "/api/v1/runs", kind: "api", allow: [...RESEARCHERS, "key:runs:write"] },
  { pattern: "/api/v1/runs", method: "POST", path: "/api/v1/runs", body: (c: CaseContext) => ({ name: `cross-role-${c.unique}` }), kind: "api", allow: [...RESEARCHERS, "key:runs:write"] },
  { pattern: "/api/v1/runs/[id]", method: "GET", path: "/api/v1/runs/nonexistent", kind: "api", allow: [...RESEARCHERS, "key:runs:write"], okStatus: [404] },
  {
    pattern: "/api/v1/runs/[id]/steps",
    method: "POST",
    path: "/api/v1/runs/nonexistent/steps",
    body: { step: 1, metrics: { length_mean: 10, length_p50: 10, length_p90: 12, reward_mean: 0, reward_std: 0.1 }, samples: [] },
    kind: "api",
    allow: ["key:runs:write"],
    okStatus: [404],
  },
  { pattern: "/api/v1/runs/[id]/control", method: "GET", path: "/api/v1/runs/nonexistent/control", kind: "api", allow: [...RESEARCHERS, "key:runs:write", "key:judge"], okStatus: [404] },
  { pattern: "/api/rl/runs/[id]", method: "PATCH", path: "/api/rl/runs/nonexistent", body: { autoPause: true }, kind: "api", allow: RESEARCHERS, okStatus: [404] },
  { pattern: "/api/rl/runs/[id]/control", method: "POST", path: "/api/rl/runs/nonexistent/control", body: { action: "pause" }, kind: "api", allow: RESEARCHERS, okStatus: [404] },
  { pattern: "/api/rl/runs/[id]/recalibrations", method: "POST", path: "/api/rl/runs/nonexistent/recalibrations", body: {}, kind: "api", allow: RESEARCHERS, okStatus: [404] },
  { pattern: "/api/rl/simulation-prompts", method: "GET", path: "/api/rl/simulation-prompts?limit=5", kind: "api", allow: [...RESEARCHERS, "key:runs:write"] },

  // GenRM registry and training (researchers). Ids that do not exist → 404/409/422 for allowed roles,
  // so the suite changes nothing (rollback's expectedActive guard refuses with 409).
  { pattern: "/models", method: "GET", path: "/models", kind: "page", allow: RESEARCHERS },
  { pattern: "/models/train", method: "GET", path: "/models/train", kind: "page", allow: RESEARCHERS },
  { pattern: "/models/compare", method: "GET", path: "/models/compare?a=999998&b=999999", kind: "page", allow: RESEARCHERS, okStatus: [404] },
  { pattern: "/models/[version]", method: "GET", path: "/models/999999", kind: "page", allow: RESEARCHERS, okStatus: [404] },
  { pattern: "/models/runs/[id]", method: "GET", path: "/models/runs/nonexistent", kind: "page", allow: RESEARCHERS, okStatus: [404] },
  { pattern: "/api/models", method: "GET", path: "/api/models", kind: "api", allow: RESEARCHERS },
  // Registering a served judge: a well-formed body whose server does not answer (port 9) → 422 for those allowed.
  {
    pattern: "/api/models",
    method: "POST",
    path: "/api/models",
    body: { name: "cross-role judge", backend: "openai-compatible", baseUrls: ["http://127.0.0.1:9"], model: "none" },
    kind: "api",
    allow: RESEARCHERS,
    okStatus: [422],
  },
  { pattern: "/api/models/[id]", method: "GET", path: "/api/models/999999", kind: "api", allow: RESEARCHERS, okStatus: [404] },
  { pattern: "/api/models/[id]/promote", method: "POST", path: "/api/models/999999/promote", body: {}, kind: "api", allow: RESEARCHERS, okStatus: [404] },
  { pattern: "/api/models/[id]/retire", method: "POST", path: "/api/models/999999/retire", kind: "api", allow: RESEARCHERS, okStatus: [404] },
  { pattern: "/api/models/[id]/evaluate", method: "POST", path: "/api/models/999999/evaluate", kind: "api", allow: RESEARCHERS, okStatus: [404] },
  { pattern: "/api/models/rollback", method: "POST", path: "/api/models/rollback", body: { expectedActive: 999999 }, kind: "api", allow: RESEARCHERS, okStatus: [409] },
  { pattern: "/api/models/compare", method: "GET", path: "/api/models/compare?a=999998&b=999999", kind: "api", allow: RESEARCHERS, okStatus: [404] },
  { pattern: "/api/training-runs", method: "GET", path: "/api/training-runs", kind: "api", allow: RESEARCHERS },
  { pattern: "/api/training-runs", method: "POST", path: "/api/training-runs", body: { datasetIds: ["nonexistent"], kind: "tiny" }, kind: "api", allow: RESEARCHERS, okStatus: [422] },
  { pattern: "/api/training-runs/[id]", method: "GET", path: "/api/training-runs/nonexistent", kind: "api", allow: RESEARCHERS, okStatus: [404] },

  // GenRM API for RL trainers: programs with a `judge` key only — sessions are refused (403), as are
  // keys with other scopes. 422/503: allowed but no servable model in this database (e.g. none active).
  { pattern: "/api/v1/judge", method: "POST", path: "/api/v1/judge", body: { items: [{ prompt: "p", response: "r", reference: "x" }] }, kind: "api", allow: ["key:judge"], okStatus: [422, 503] },
  { pattern: "/get_reward", method: "POST", path: "/get_reward", body: { query: ["pr"], prompts: ["p"], labels: ["x"] }, kind: "api", allow: ["key:judge"], okStatus: [422, 503] },
  { pattern: "/api/v1/openrlhf/get_reward", method: "POST", path: "/api/v1/openrlhf/get_reward", body: { query: ["pr"], prompts: ["p"], labels: ["x"] }, kind: "api", allow: ["key:judge"], okStatus: [422, 503] },
  { pattern: "/api/v1/openapi.json", method: "GET", path: "/api/v1/openapi.json", kind: "api", allow: PUBLIC },
  { pattern: "/api/v1/docs", method: "GET", path: "/api/v1/docs", kind: "page", allow: PUBLIC },

  // Labelling. Datasets, imports, comparisons, exports: researchers or a data:write key.
  // Labelling: any signed-in person, always as themselves (never a key). Quality: researchers only.
  // Fake ids: authorization is checked before existence, so the allowed get 404 and nothing changes.
  { pattern: "/datasets", method: "GET", path: "/datasets", kind: "page", allow: RESEARCHERS },
  { pattern: "/datasets/[id]", method: "GET", path: "/datasets/nonexistent", kind: "page", allow: RESEARCHERS, okStatus: [404] },
  { pattern: "/label", method: "GET", path: "/label", kind: "page", allow: USERS },
  { pattern: "/label/[datasetId]", method: "GET", path: "/label/nonexistent", kind: "page", allow: USERS, okStatus: [404] },
  { pattern: "/quality", method: "GET", path: "/quality", kind: "page", allow: RESEARCHERS },
  { pattern: "/quality/[datasetId]", method: "GET", path: "/quality/nonexistent", kind: "page", allow: RESEARCHERS, okStatus: [404] },
  { pattern: "/api/datasets", method: "GET", path: "/api/datasets", kind: "api", allow: [...RESEARCHERS, "key:data:write"] },
  { pattern: "/api/datasets", method: "POST", path: "/api/datasets", body: (c: CaseContext) => ({ name: `cross-role ${c.unique}` }), kind: "api", allow: [...RESEARCHERS, "key:data:write"] },
  { pattern: "/api/datasets/[id]", method: "GET", path: "/api/datasets/nonexistent", kind: "api", allow: [...RESEARCHERS, "key:data:write"], okStatus: [404] },
  { pattern: "/api/datasets/[id]", method: "PATCH", path: "/api/datasets/nonexistent", body: { guidelines: "cross-role" }, kind: "api", allow: [...RESEARCHERS, "key:data:write"], okStatus: [404] },
  {
    pattern: "/api/datasets/[id]/imports",
    method: "POST",
    path: "/api/datasets/nonexistent/imports?fileName=cross-role.jsonl",
    body: { prompt: "p", chosen: "a", rejected: "b" },
    kind: "api",
    allow: [...RESEARCHERS, "key:data:write"],
    okStatus: [404],
  },
  { pattern: "/api/datasets/[id]/imports/[importId]", method: "GET", path: "/api/datasets/nonexistent/imports/nonexistent", kind: "api", allow: [...RESEARCHERS, "key:data:write"], okStatus: [404] },
  { pattern: "/api/datasets/[id]/comparisons", method: "POST", path: "/api/datasets/nonexistent/comparisons", body: { mode: "pairwise", overlap: 1 }, kind: "api", allow: [...RESEARCHERS, "key:data:write"], okStatus: [404] },
  {
    pattern: "/api/datasets/[id]/comparisons/[comparisonId]",
    method: "PATCH",
    path: "/api/datasets/nonexistent/comparisons/nonexistent",
    body: { isGold: false },
    kind: "api",
    allow: [...RESEARCHERS, "key:data:write"],
    okStatus: [404],
  },
  { pattern: "/api/datasets/[id]/active-labelling", method: "POST", path: "/api/datasets/nonexistent/active-labelling", body: { budget: 10, sources: { dataset: "pairwise" } }, kind: "api", allow: [...RESEARCHERS, "key:data:write"], okStatus: [404] },
  { pattern: "/api/datasets/[id]/active-labelling", method: "DELETE", path: "/api/datasets/nonexistent/active-labelling", kind: "api", allow: [...RESEARCHERS, "key:data:write"], okStatus: [404] },
  { pattern: "/api/datasets/[id]/export", method: "GET", path: "/api/datasets/nonexistent/export?format=labels", kind: "api", allow: [...RESEARCHERS, "key:data:write"], okStatus: [404] },
  { pattern: "/api/datasets/[id]/snapshots", method: "GET", path: "/api/datasets/nonexistent/snapshots", kind: "api", allow: [...RESEARCHERS, "key:data:write"], okStatus: [404] },
  { pattern: "/api/datasets/[id]/snapshots", method: "POST", path: "/api/datasets/nonexistent/snapshots", kind: "api", allow: [...RESEARCHERS, "key:data:write"], okStatus: [404] },
  { pattern: "/api/label/next", method: "POST", path: "/api/label/next", body: { datasetId: "nonexistent" }, kind: "api", allow: USERS, okStatus: [404] },
  { pattern: "/api/label/assignments/[id]/submit", method: "POST", path: "/api/label/assignments/nonexistent/submit", body: { choice: "same", msSpent: 1 }, kind: "api", allow: USERS, okStatus: [404] },
  { pattern: "/api/label/assignments/[id]/skip", method: "POST", path: "/api/label/assignments/nonexistent/skip", kind: "api", allow: USERS, okStatus: [404] },
  { pattern: "/api/label/assignments/[id]/flag", method: "POST", path: "/api/label/assignments/nonexistent/flag", body: { reason: "cross-role" }, kind: "api", allow: USERS, okStatus: [404] },
  { pattern: "/api/quality/[datasetId]", method: "GET", path: "/api/quality/nonexistent", kind: "api", allow: RESEARCHERS, okStatus: [404] },
];
