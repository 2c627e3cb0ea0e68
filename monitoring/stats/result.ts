/**
 * The result type every statistic in monitoring/ returns: a finite number, or `null` with a reason.
 * Callers (dashboards, detectors, the DB) never see NaN or Infinity.
 */

export type DegenerateReason =
  | "too_few_samples"
  | "zero_variance"
  | "non_finite_input"
  | "length_mismatch"
  | "collinear_with_control"
  | "did_not_converge";

export type StatResult =
  | { value: number; n: number; reason?: undefined; note?: string }
  | { value: null; n: number; reason: DegenerateReason; note?: string };

export const degenerate = (reason: DegenerateReason, n: number, note?: string): StatResult =>
  note === undefined ? { value: null, n, reason } : { value: null, n, reason, note };

export const ok = (value: number, n: number, note?: string): StatResult =>
  note === undefined ? { value, n } : { value, n, note };
