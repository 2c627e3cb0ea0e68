/** Our own format: `{prompt: string | Turn[], responses: [{model, text}], reference?: {model?, text} | string}`. */
import { asObject, asTurns, has, nonEmptyPrompt, required, scalarMeta, withMeta } from "./fields";
import { RecordError, type ImportRecord, type ResponseInput } from "./types";

export function parseNativeRecord(value: unknown, line: number): ImportRecord {
  const o = asObject(value);
  const p = required(o, "prompt");
  const prompt = typeof p === "string" ? nonEmptyPrompt(p, "prompt") : asTurns(p, "prompt");
  if (Array.isArray(prompt) && prompt.length === 0) throw new RecordError("field 'prompt' is empty");
  const rs = required(o, "responses");
  if (!Array.isArray(rs)) throw new RecordError("field 'responses' must be an array");
  if (rs.length === 0) throw new RecordError("field 'responses' is empty");
  const responses: ResponseInput[] = rs.map((r, i) => {
    const ro = r as Record<string, unknown> | null;
    if (typeof ro !== "object" || ro === null || Array.isArray(ro)) {
      throw new RecordError(`responses[${i}] must be an object {model, text}`);
    }
    if (typeof ro.model !== "string" || ro.model.trim() === "") {
      throw new RecordError(`responses[${i}] is missing field 'model'`);
    }
    if (typeof ro.text !== "string") throw new RecordError(`responses[${i}] is missing field 'text'`);
    return { model: ro.model, text: ro.text };
  });
  let reference: ImportRecord["reference"];
  if (has(o, "reference")) {
    const r = o.reference;
    if (typeof r === "string") reference = { text: r };
    else if (typeof r === "object" && r !== null && typeof (r as { text?: unknown }).text === "string") {
      const ro = r as { model?: unknown; text: string };
      reference = typeof ro.model === "string" ? { model: ro.model, text: ro.text } : { text: ro.text };
    } else throw new RecordError("field 'reference' must be a string or {model?, text}");
  }
  return {
    format: "native",
    prompt,
    responses,
    ...(reference ? { reference } : {}),
    sourceLine: line,
    ...withMeta(scalarMeta(o, ["prompt", "responses", "reference"])),
  };
}
