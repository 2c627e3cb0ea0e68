/**
 * Lengths (characters) of the current reference answer of each prompt a step mentions: the baseline of
 * the LC win rate. The same lookup the judge API uses when a request brings no reference
 * (core/genrm-service/resolve-references), so the LC baseline is the answer the rewards were judged against.
 */
import { resolveReferences } from "../genrm-service/resolve-references";

export async function referenceLengths(promptTexts: readonly string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (promptTexts.length === 0) return out;
  for (const [text, ref] of await resolveReferences(promptTexts)) if (ref) out.set(text, ref.text.length);
  return out;
}
