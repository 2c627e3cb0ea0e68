/**
 * After a label lands in an RL run's human-check queue, the run's detectors run again: the human
 * win-rate they compare with the GenRM's has just changed, and an alert (with the run's auto-pause)
 * should not wait for the next step report (core/labelling/after-label.ts finds the run).
 */
import { runDetectors } from "../run-detectors";

export async function recheckRunAfterLabel(runId: string): Promise<void> {
  try {
    await runDetectors(runId);
  } catch (e) {
    // The label is stored (immutable) and the next step report re-runs the detectors; failing the
    // annotator's submit here would only make them retry a label that already counts.
    console.error(JSON.stringify({ event: "human_check_recheck_failed", runId, error: (e as Error).message }));
  }
}
