/**
 * The one writer of a run's control state. RlRun.controlAction/controlReason/modelId hold the current
 * command (what GET /control and judge replies show); ControlCommand keeps the history the timeline
 * draws. Both change in one transaction, and only when the action or model actually changes, so a
 * retried job or two concurrent alerts write one command, not two.
 */
import { db } from "../db/client";

export type ControlAction = "continue" | "pause";
export type ControlSource = "auto" | "user" | "recalibration";

export interface ControlChange {
  action: ControlAction;
  reason: string;
  source: ControlSource;
  /** switch the run to this GenRM version (resume after a recalibration); undefined = keep */
  modelId?: string;
  alertId?: string;
  createdById?: string;
  /** apply only when the current action is this one (e.g. auto-pause only a running run) */
  onlyIf?: ControlAction;
  /** when neither the action nor the model changes, still replace the reason (no history row) */
  updateReason?: boolean;
}

/** Returns the ControlCommand written, or null when nothing changed. */
export async function applyControl(runId: string, change: ControlChange) {
  return db().$transaction(async (tx) => {
    // Row lock: concurrent step posts (auto-pause) and clicks serialise here.
    await tx.$queryRaw`SELECT id FROM "RlRun" WHERE id = ${runId} FOR UPDATE`;
    const run = await tx.rlRun.findUniqueOrThrow({ where: { id: runId } });
    if (change.onlyIf && run.controlAction !== change.onlyIf) return null;
    const modelId = change.modelId ?? run.modelId;
    if (run.controlAction === change.action && modelId === run.modelId) {
      if (change.updateReason && run.controlReason !== change.reason) await tx.rlRun.update({ where: { id: runId }, data: { controlReason: change.reason } });
      return null;
    }
    await tx.rlRun.update({
      where: { id: runId },
      data: { controlAction: change.action, controlReason: change.reason, modelId },
    });
    return tx.controlCommand.create({
      data: {
        runId,
        action: change.action,
        modelId,
        reason: change.reason,
        source: change.source,
        alertId: change.alertId ?? null,
        createdById: change.createdById ?? null,
      },
    });
  });
}
