/**
 * Degenerate loops: how much of a rollout repeats itself. The other way an RL policy stretches its
 * answers besides verbose padding is to loop ("the answer is 4. the answer is 4. …"); MiniMax-M1 stops
 * generations that repeat with high confidence. Two numbers per text:
 *  - repeatedNgramShare: the share of word n-grams (default 4) that already occurred earlier in the
 *    same text (0 for ordinary prose, → 1 for a loop);
 *  - longestRepeatedRun: the longest stretch of consecutive repeated n-grams, as a share of the text's
 *    n-grams (one long loop at the end scores high even when the start was fine).
 * Linear time: one pass with a hash set of n-gram keys; the text is cut to `maxChars` first (untrusted
 * input). Texts with few words (code, CJK, "aaaa…") fall back to character n-grams so a loop without
 * spaces is still seen.
 */

export interface RepetitionOptions {
  /** words per n-gram */
  n: number;
  /** characters per n-gram in the character fallback */
  charN: number;
  /** texts are cut to this many characters before counting */
  maxChars: number;
  /** below this many words the character fallback is used */
  minWords: number;
}

export const DEFAULT_REPETITION_OPTIONS: RepetitionOptions = Object.freeze({ n: 4, charN: 12, maxChars: 20_000, minWords: 24 });

export interface RepetitionScore {
  repeatedNgramShare: number;
  longestRepeatedRun: number;
  /** n-grams counted (0: the text is too short to say anything; both shares are then 0) */
  ngrams: number;
  unit: "word" | "char";
}

function scoreUnits(units: readonly string[], n: number, unit: "word" | "char"): RepetitionScore {
  const count = units.length - n + 1;
  if (count < 2) return { repeatedNgramShare: 0, longestRepeatedRun: 0, ngrams: Math.max(0, count), unit };
  const seen = new Set<string>();
  let repeated = 0;
  let run = 0;
  let longest = 0;
  const sep = unit === "word" ? " " : "";
  for (let i = 0; i < count; i++) {
    // n is a small constant, so building each key is O(1) amortised per position.
    let key = units[i]!;
    for (let j = 1; j < n; j++) key += sep + units[i + j]!;
    if (seen.has(key)) {
      repeated++;
      run++;
      if (run > longest) longest = run;
    } else {
      seen.add(key);
      run = 0;
    }
  }
  return { repeatedNgramShare: repeated / count, longestRepeatedRun: longest / count, ngrams: count, unit };
}

export function repetitionScore(text: string, options: Partial<RepetitionOptions> = {}): RepetitionScore {
  const o = { ...DEFAULT_REPETITION_OPTIONS, ...options };
  const cut = text.length > o.maxChars ? text.slice(0, o.maxChars) : text;
  const words = cut.toLowerCase().split(/\s+/).filter((w) => w.length > 0);
  if (words.length >= o.minWords) return scoreUnits(words, o.n, "word");
  const chars = [...cut.replace(/\s+/g, " ")];
  return scoreUnits(chars, o.charN, "char");
}

export interface StepRepetition {
  /** mean repeatedNgramShare over the step's samples */
  meanRepeatedShare: number;
  /** mean longestRepeatedRun */
  meanLongestRun: number;
  /** share of samples that loop: repeatedNgramShare ≥ `loopShare` */
  loopingShare: number;
  /** samples scored (texts with fewer than two n-grams are not) */
  n: number;
}

/** A sample "loops" when at least this share of its n-grams are repeats. */
export const LOOPING_SAMPLE_SHARE = 0.5;

export function summarizeRepetition(texts: readonly string[], options: Partial<RepetitionOptions> = {}): StepRepetition {
  let sumShare = 0;
  let sumRun = 0;
  let looping = 0;
  let n = 0;
  for (const t of texts) {
    const s = repetitionScore(t, options);
    if (s.ngrams < 2) continue;
    n++;
    sumShare += s.repeatedNgramShare;
    sumRun += s.longestRepeatedRun;
    if (s.repeatedNgramShare >= LOOPING_SAMPLE_SHARE) looping++;
  }
  return n === 0
    ? { meanRepeatedShare: 0, meanLongestRun: 0, loopingShare: 0, n: 0 }
    : { meanRepeatedShare: sumShare / n, meanLongestRun: sumRun / n, loopingShare: looping / n, n };
}
