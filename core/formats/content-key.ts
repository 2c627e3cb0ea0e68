/**
 * Stable content keys so re-importing the same data is idempotent (Prompt.key, Response.key).
 *
 * Normalisation (deliberately small, so different texts never collide): Unicode NFC, CRLF/CR → LF,
 * trim. A string prompt and a conversation made of that single user turn get the SAME key: it is the
 * same question whichever format brought it in. Key strings are versioned ("p1"/"r1") so a future change
 * of normalisation cannot silently mix with old keys.
 */
import { createHash } from "node:crypto";
import type { ImportRecord, Turn } from "./types";

export function normaliseText(s: string): string {
  return s.normalize("NFC").replace(/\r\n?/g, "\n").trim();
}

function sha256Hex(s: string): string {
  return createHash("sha256").update(s, "utf8").digest("hex");
}

/** The prompt as a canonical turn list (a string prompt is one user turn). */
export function canonicalTurns(prompt: string | Turn[]): Turn[] {
  const turns = typeof prompt === "string" ? [{ role: "user" as const, content: prompt }] : prompt;
  return turns.map((t) => ({ role: t.role, content: normaliseText(t.content) }));
}

/** sha256 (hex) of the normalised prompt. */
export function promptKey(prompt: string | Turn[]): string {
  const canon = canonicalTurns(prompt).map((t) => [t.role, t.content]);
  return sha256Hex("p1\n" + JSON.stringify(canon));
}

/** sha256 (hex) of a normalised answer text. */
export function textHash(text: string): string {
  return sha256Hex("t1\n" + normaliseText(text));
}

/** sha256 (hex) over prompt key + model + text hash: one answer by one model to one prompt. */
export function responseKey(promptKeyHex: string, model: string, text: string): string {
  return sha256Hex(["r1", promptKeyHex, model.normalize("NFC").trim(), textHash(text)].join("\n"));
}

/** A readable one-string rendering of a prompt (for Prompt.text when the prompt is a conversation). */
export function promptToText(prompt: string | Turn[]): string {
  if (typeof prompt === "string") return prompt;
  if (prompt.length === 1 && prompt[0]!.role === "user") return prompt[0]!.content;
  return prompt.map((t) => `${t.role}: ${t.content}`).join("\n\n");
}

/** Keys for one record as imported (no merging): its prompt key and one key per response, in order. */
export function recordKeys(record: Pick<ImportRecord, "prompt" | "responses">): { promptKey: string; responseKeys: string[] } {
  const pk = promptKey(record.prompt);
  return { promptKey: pk, responseKeys: record.responses.map((r) => responseKey(pk, r.model, r.text)) };
}
