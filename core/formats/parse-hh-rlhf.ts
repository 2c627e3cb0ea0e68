/**
 * Anthropic HH-RLHF rows: `{chosen, rejected}`, each a whole dialogue "\n\nHuman: …\n\nAssistant: …".
 * The turns both sides share are the prompt; each side's final assistant turn is its answer.
 */
import { asObject, requiredString, scalarMeta, withMeta } from "./fields";
import { RecordError, type ImportRecord, type Turn } from "./types";

const SPEAKER = /(?:^|\n\n)(Human|Assistant):[ \t]?/g;

/** Splits one HH dialogue into turns. Text before the first speaker tag is an error (not a dialogue). */
export function parseHhDialogue(text: string, field: string): Turn[] {
  const turns: Turn[] = [];
  let last: { role: Turn["role"]; start: number } | null = null;
  let m: RegExpExecArray | null;
  SPEAKER.lastIndex = 0;
  while ((m = SPEAKER.exec(text)) !== null) {
    if (last === null && m.index > 0 && text.slice(0, m.index).trim() !== "") {
      throw new RecordError(`field '${field}' does not start with "Human:"`);
    }
    if (last) turns.push({ role: last.role, content: text.slice(last.start, m.index) });
    last = { role: m[1] === "Human" ? "user" : "assistant", start: m.index + m[0].length };
  }
  if (!last) throw new RecordError(`field '${field}' has no "Human:"/"Assistant:" turns`);
  turns.push({ role: last.role, content: text.slice(last.start) });
  return turns;
}

export function parseHhRlhfRecord(value: unknown, line: number): ImportRecord {
  const o = asObject(value);
  const chosenText = requiredString(o, "chosen");
  const rejectedText = requiredString(o, "rejected");
  const chosen = parseHhDialogue(chosenText, "chosen");
  const rejected = parseHhDialogue(rejectedText, "rejected");
  const lastC = chosen[chosen.length - 1]!;
  const lastR = rejected[rejected.length - 1]!;
  if (lastC.role !== "assistant") throw new RecordError("field 'chosen' does not end with an Assistant turn");
  if (lastR.role !== "assistant") throw new RecordError("field 'rejected' does not end with an Assistant turn");
  const prompt = chosen.slice(0, -1);
  const promptR = rejected.slice(0, -1);
  const shared =
    prompt.length === promptR.length &&
    prompt.every((t, i) => t.role === promptR[i]!.role && t.content === promptR[i]!.content);
  if (!shared) throw new RecordError("'chosen' and 'rejected' do not share the same dialogue before the final answer");
  if (prompt.length === 0) throw new RecordError("the dialogue has no Human turn before the answer");
  return {
    format: "hh-rlhf",
    prompt,
    responses: [
      { model: "chosen", text: lastC.content },
      { model: "rejected", text: lastR.content },
    ],
    preference: { chosen: 0, rejected: 1 },
    sourceLine: line,
    ...withMeta(scalarMeta(o, ["chosen", "rejected"])),
  };
}
