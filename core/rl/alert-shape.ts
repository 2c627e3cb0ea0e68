/**
 * The shape of a bias alert, in one place: what a detector found (monitoring's Alert) is what a
 * BiasAlert row stores and what the step reply, the run API and the dashboard show, plus the row's id
 * and, for run reads, its status (and its time on the dashboard).
 */
import type { Alert } from "../../monitoring/index";

type AlertFields = Pick<Alert, "statistic" | "value" | "threshold" | "step" | "evidenceSteps" | "message"> & { detector: string };

/** The detector's finding, as stored and as shown. */
export const alertFields = (a: AlertFields): AlertFields => ({
  detector: a.detector,
  statistic: a.statistic,
  value: a.value,
  threshold: a.threshold,
  step: a.step,
  evidenceSteps: a.evidenceSteps,
  message: a.message,
});

/** A stored alert as the step reply carries it. */
export const alertOut = (a: AlertFields & { id: string }) => ({ id: a.id, ...alertFields(a) });

/** A stored alert as run reads show it: with whether it is still open. */
export const alertWithStatus = (a: AlertFields & { id: string; status: string }) => ({ ...alertOut(a), status: a.status });
