/**
 * Per-run detector tuning: the stored RlRun.detectorConfig is a partial override of monitoring/'s
 * documented defaults. Validated twice: zod for shape and types (400 naming the knob), then
 * monitoring's own range checks (also 400, its message names the knob).
 */
import { z } from "zod";
import { resolveDetectorConfig, type DetectorConfig, type DetectorConfigInput } from "../../monitoring/index";
import { invalid } from "../errors";

const int = z.number().int();
const num = z.number().finite();

/** The override shape shared by the detectors that compare a statistic with a bar raised to the run's baseline. */
const baselineBarDetector = <S extends [string, ...string[]]>(statistics: S) =>
  z
    .object({
      enabled: z.boolean(),
      statistic: z.enum(statistics),
      threshold: num,
      minRiseOverBaseline: num.nullable(),
      baselineSteps: int,
      m: int,
      n: int,
      minSamples: int,
    })
    .partial()
    .strict();

export const detectorConfigInput = z
  .object({
    lengthGrowth: z
      .object({
        enabled: z.boolean(),
        warmupSteps: int,
        baselineLag: int,
        baselineMaxSteps: int,
        cusumK: num,
        cusumH: num,
        minIncrementStd: num,
        maxDrift: num.nullable(),
        driftWindowSteps: int,
        accuracyGate: z
          .object({ enabled: z.boolean(), minWindowSteps: int, accuracyPerLogLength: num, z: num })
          .partial()
          .strict(),
      })
      .partial()
      .strict(),
    coupling: baselineBarDetector(["spearman", "pearson", "partial"]),
    repetition: baselineBarDetector(["loopingShare", "meanRepeatedShare", "meanLongestRun"]),
    humanDivergence: z
      .object({
        enabled: z.boolean(),
        windowSteps: int,
        minCheckedSteps: int,
        minLabels: int,
        rewardRiseT: num,
        minGap: num,
        z: num,
      })
      .partial()
      .strict(),
  })
  .partial()
  .strict();

/** The effective config for an override (stored or submitted); a bad knob → 400 naming it. */
export function effectiveDetectorConfig(stored: unknown, field = "detectorConfig"): DetectorConfig {
  const parsed = detectorConfigInput.safeParse(stored ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = [field, ...issue.path.map(String)].join(".");
    throw invalid(`${path}: ${issue.message}`, path);
  }
  try {
    return resolveDetectorConfig(parsed.data as DetectorConfigInput);
  } catch (e) {
    throw invalid(`${field}: ${(e as Error).message.replace(/^detector config: /, "")}`, field);
  }
}
