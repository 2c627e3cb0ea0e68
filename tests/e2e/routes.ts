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
  { pattern: "/status", method: "GET", path: "/status", kind: "page", allow: RESEARCHERS },

  // Session and auth
  { pattern: "/api/session", method: "POST", path: "/api/session", body: { email: "nobody@demo.local", password: "x" }, kind: "api", allow: PUBLIC, okStatus: [401, 429] },
  { pattern: "/api/session", method: "DELETE", path: "/api/session", kind: "api", allow: PUBLIC },
  { pattern: "/api/auth/[...nextauth]", method: "GET", path: "/api/auth/session", kind: "api", allow: PUBLIC },
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

  // API keys
  { pattern: "/api/keys", method: "GET", path: "/api/keys", kind: "api", allow: RESEARCHERS },
  { pattern: "/api/keys", method: "POST", path: "/api/keys", body: { name: "cross-role", scopes: ["judge"] }, kind: "api", allow: RESEARCHERS },
  { pattern: "/api/keys/[id]", method: "DELETE", path: "/api/keys/nonexistent", kind: "api", allow: RESEARCHERS, okStatus: [404] },

  // Queue
  { pattern: "/api/status", method: "GET", path: "/api/status", kind: "api", allow: RESEARCHERS },
  { pattern: "/api/jobs/selfcheck", method: "POST", path: "/api/jobs/selfcheck", body: { note: "cross-role" }, kind: "api", allow: RESEARCHERS },
];
