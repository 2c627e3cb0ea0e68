/**
 * Small validators shared by the per-format record parsers. They throw RecordError with the reason
 * text users see ("missing field 'rejected'"), never a stack-trace-ish message.
 */
import { RecordError, type Role, type Turn } from "./types";

export type Obj = Record<string, unknown>;

function kindOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  return typeof v === "object" ? "an object" : `a ${typeof v}`;
}

export function asObject(v: unknown): Obj {
  if (typeof v !== "object" || v === null || Array.isArray(v)) {
    throw new RecordError(`expected a JSON object, got ${kindOf(v)}`);
  }
  return v as Obj;
}

export function has(o: Obj, field: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, field) && o[field] !== undefined && o[field] !== null;
}

export function required(o: Obj, field: string): unknown {
  if (!has(o, field)) throw new RecordError(`missing field '${field}'`);
  return o[field];
}

export function requiredString(o: Obj, field: string): string {
  const v = required(o, field);
  if (typeof v !== "string") throw new RecordError(`field '${field}' must be a string, got ${kindOf(v)}`);
  return v;
}

export function nonEmptyPrompt(s: string, field: string): string {
  if (s.trim() === "") throw new RecordError(`field '${field}' is empty`);
  return s;
}

const ROLES: ReadonlySet<string> = new Set<Role>(["user", "assistant", "system"]);

/** Message content: a string, or OpenAI-style parts of which only `{type:"text", text}` are accepted. */
function contentText(v: unknown, where: string): string {
  if (typeof v === "string") return v;
  if (Array.isArray(v)) {
    return v
      .map((part, i) => {
        const p = typeof part === "string" ? { type: "text", text: part } : (part as Obj | null);
        if (!p || typeof p !== "object" || p.type !== "text" || typeof p.text !== "string") {
          throw new RecordError(`${where}.content[${i}] is not a text part (only text content is supported)`);
        }
        return p.text;
      })
      .join("");
  }
  throw new RecordError(`${where}.content must be a string, got ${kindOf(v)}`);
}

/** A conversational message list `[{role, content}]`. */
export function asTurns(v: unknown, field: string): Turn[] {
  if (!Array.isArray(v)) throw new RecordError(`field '${field}' must be a message list, got ${kindOf(v)}`);
  return v.map((m, i) => {
    const where = `field '${field}'[${i}]`;
    if (typeof m !== "object" || m === null || Array.isArray(m)) {
      throw new RecordError(`${where} must be a {role, content} object, got ${kindOf(m)}`);
    }
    const msg = m as Obj;
    if (typeof msg.role !== "string" || !ROLES.has(msg.role)) {
      throw new RecordError(`${where} has role ${JSON.stringify(msg.role)} (expected user, assistant or system)`);
    }
    if (!has(msg, "content")) throw new RecordError(`${where} is missing 'content'`);
    return { role: msg.role as Role, content: contentText(msg.content, where) };
  });
}

/** Keeps short scalar fields other than `known` as metadata (ids, dataset names, scores). */
export function scalarMeta(o: Obj, known: readonly string[]): Record<string, string | number | boolean> | undefined {
  const meta: Record<string, string | number | boolean> = {};
  let any = false;
  for (const [k, v] of Object.entries(o)) {
    if (known.includes(k)) continue;
    if ((typeof v === "string" && v.length <= 200) || typeof v === "number" || typeof v === "boolean") {
      meta[k] = v;
      any = true;
    }
  }
  return any ? meta : undefined;
}

/** `{meta}` when there is any, else nothing (so records carry no `meta: undefined`). */
export function withMeta(meta: Record<string, string | number | boolean> | undefined): { meta?: Record<string, string | number | boolean> } {
  return meta ? { meta } : {};
}
