/**
 * Consensus pairs → Anthropic HH-RLHF rows `{chosen, rejected}`: each the whole dialogue as one string,
 * "\n\nHuman: …\n\nAssistant: …", the two identical up to the last assistant turn. A system message has
 * no HH role; it opens the first human turn so nothing said to the model is lost. Ties have no HH form
 * and are left out. core/formats/parse-hh-rlhf.ts reads these rows back.
 */
import type { ConsensusPair, Turn } from "../formats";

export interface HhRow {
  chosen: string;
  rejected: string;
}

function dialogue(prompt: string | Turn[]): string {
  if (!Array.isArray(prompt)) return `\n\nHuman: ${prompt}`;
  let out = "";
  let pendingSystem = "";
  for (const t of prompt) {
    if (t.role === "system") pendingSystem += `${t.content}\n\n`;
    else if (t.role === "assistant") out += `\n\nAssistant: ${t.content}`;
    else {
      out += `\n\nHuman: ${pendingSystem}${t.content}`;
      pendingSystem = "";
    }
  }
  return out;
}

export function toHhRow(pair: ConsensusPair): HhRow | null {
  if (pair.verdict === "tie") return null;
  const [win, lose] = pair.verdict === "a" ? [pair.a, pair.b] : [pair.b, pair.a];
  const head = dialogue(pair.prompt);
  return { chosen: `${head}\n\nAssistant: ${win.text}`, rejected: `${head}\n\nAssistant: ${lose.text}` };
}
