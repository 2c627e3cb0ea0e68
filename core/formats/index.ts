/** Import parsing and export formatting (pure; no database, no file system). */
export * from "./types";
export { promptKey, responseKey, recordKeys, textHash, normaliseText, canonicalTurns, promptToText } from "./content-key";
export { iterateLines, textChunks, DEFAULT_MAX_LINE_CHARS, type TextSource, type SourceLine } from "./text-source";
export { iterateJsonArray, JsonArrayScanner, type ArrayElement } from "./json-array-stream";
export { detectFormat, parseRecord, type RecordParseOptions } from "./detect-format";
export { parseImport, parseJsonl, parseJsonArray, collectImport, type ParseOptions, type ParsedImport } from "./parse-import";
export { parseHhDialogue } from "./parse-hh-rlhf";
export { mergeByPrompt, type MergedPrompt, type MergeResult, type MergeConflict, type MergeOptions, type KeyedResponse } from "./merge-by-prompt";
export { formatTrlPreferenceJsonl, trlRows, type ConsensusPair, type TrlExportOptions, type TrlRow } from "./export-trl";
export {
  formatLabelsJsonl,
  exportLabelRow,
  pseudonymiseAnnotator,
  type RawLabelRow,
  type LabelExportOptions,
  type ExportedLabel,
} from "./export-labels";
