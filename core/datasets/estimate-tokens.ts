/**
 * A tokenizer-free token estimate for Response.tokenLen: words and numbers count one each, every other
 * non-space character one. Close to BPE counts for English prose (within ~20 %); good enough for length
 * statistics, which compare answers with one another rather than against a model's context.
 */
const TOKEN = /[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu;

export function estimateTokens(text: string): number {
  let n = 0;
  TOKEN.lastIndex = 0;
  while (TOKEN.exec(text) !== null) n++;
  return n;
}
