/**
 * Promote and roll back: which version the API serves. Exactly one version is active; every change
 * happens in one transaction under an advisory lock (two clicks at once cannot leave two active) and
 * is recorded in ModelActivation, which roll back reads as a stack: it re-activates the version that
 * was active before the current one and retires the current one.
 */
import { z } from "zod";
import type { Actor } from "../auth/actor";
import { db, type Prisma } from "../db/client";
import { AppError } from "../errors";
import { forgetServingModels } from "../genrm-service/resolve-model";
import { findModelOr404, requireModelManager } from "./access";
import { loadVersionAdapter, unloadVersionAdapter } from "./lora-serving";

export const activationInput = z.object({ reason: z.string().trim().max(500, "reason must be at most 500 characters").default("") }).strict();
export type ActivationInput = z.input<typeof activationInput>;

type Tx = Prisma.TransactionClient;
const PROMOTABLE = new Set(["candidate", "retired"]);

async function lockActive(tx: Tx) {
  // One lock for "which version is active": serialises promote/rollback across processes.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('genrm.active-model'))`;
}

/**
 * Makes `modelId` the active version (internal: the seed and recalibration use it too; callers check
 * authorization). Returns the version retired, if any.
 */
export async function activateModel(
  tx: Tx,
  opts: { modelId: string; action: "promote" | "rollback" | "seed" | "recalibration"; actorId?: string | null; reason?: string },
) {
  await lockActive(tx);
  const target = await tx.genrmModel.findUniqueOrThrow({ where: { id: opts.modelId } });
  if (target.status === "active") throw new AppError("Conflict", `GenRM v${target.version} is already active`);
  if (!PROMOTABLE.has(target.status)) throw new AppError("Conflict", `GenRM v${target.version} is ${target.status}; only a candidate or retired version can become active`);
  const now = new Date();
  const current = await tx.genrmModel.findMany({ where: { status: "active" } });
  if (current.length) await tx.genrmModel.updateMany({ where: { id: { in: current.map((c) => c.id) } }, data: { status: "retired", retiredAt: now } });
  await tx.genrmModel.update({ where: { id: target.id }, data: { status: "active", promotedAt: now, retiredAt: null } });
  await tx.modelActivation.create({ data: { modelId: target.id, previousModelId: current[0]?.id ?? null, action: opts.action, actorId: opts.actorId ?? null, reason: opts.reason ?? "" } });
  return { activated: target, retired: current[0] ?? null };
}

/**
 * The activation history replayed as a stack: every activation pushes its version, a roll back pops
 * the one it retired. The top is the active version; the one below it is where roll back returns.
 */
async function activationStack(tx: Tx): Promise<string[]> {
  const history = await tx.modelActivation.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { modelId: true, action: true } });
  const stack: string[] = [];
  for (const h of history) {
    if (h.action === "rollback") {
      stack.pop();
      if (stack[stack.length - 1] !== h.modelId) stack.push(h.modelId);
    } else stack.push(h.modelId);
  }
  return stack;
}

/** Whether roll back has somewhere to go (the list page enables its button with this). */
export async function rollbackTargetVersion(): Promise<number | null> {
  const stack = await activationStack(db() as unknown as Tx);
  const [current, below] = [stack[stack.length - 1], stack[stack.length - 2]];
  if (!current || !below) return null;
  const rows = await db().genrmModel.findMany({ where: { id: { in: [current, below] } }, select: { id: true, version: true, status: true } });
  const c = rows.find((r) => r.id === current);
  const b = rows.find((r) => r.id === below);
  return c?.status === "active" && b && PROMOTABLE.has(b.status) ? b.version : null;
}

export async function promoteModel(actor: Actor | null, ref: string, input: ActivationInput = {}) {
  const user = requireModelManager(actor);
  const { reason } = activationInput.parse(input);
  const model = await findModelOr404(ref);
  // A LoRA version must be loaded on its servers before it may serve (503 naming the server otherwise).
  if (model.status !== "active") await loadVersionAdapter(model);
  const r = await db().$transaction((tx) => activateModel(tx, { modelId: model.id, action: "promote", actorId: user.userId, reason }));
  forgetServingModels(); // this process serves the new version at once; others within their cache TTL
  return { active: { id: r.activated.id, version: r.activated.version }, retired: r.retired ? { id: r.retired.id, version: r.retired.version } : null };
}

export const rollbackInput = activationInput.extend({
  /** Optimistic guard: roll back only if this version is still the active one (two clicks, one rollback). */
  expectedActive: z.number({ error: "expectedActive must be a version number" }).int().positive().optional(),
});
export type RollbackInput = z.input<typeof rollbackInput>;

export async function rollbackModel(actor: Actor | null, input: RollbackInput = {}) {
  const user = requireModelManager(actor);
  const { reason, expectedActive } = rollbackInput.parse(input);
  const r = await db().$transaction(async (tx) => {
    await lockActive(tx);
    const current = await tx.genrmModel.findFirst({ where: { status: "active" }, orderBy: { version: "desc" } });
    if (!current) throw new AppError("Conflict", "No version is active, so there is nothing to roll back");
    if (expectedActive !== undefined && current.version !== expectedActive) {
      throw new AppError("Conflict", `v${expectedActive} is no longer the active version (v${current.version} is): reload and try again`);
    }
    const stack = await activationStack(tx);
    if (stack[stack.length - 1] !== current.id) {
      throw new AppError("Conflict", `GenRM v${current.version} was made active outside the registry's history: promote the version you want instead`);
    }
    const targetId = stack[stack.length - 2];
    if (!targetId) throw new AppError("Conflict", `GenRM v${current.version} has no earlier active version to roll back to`);
    const target = await tx.genrmModel.findUnique({ where: { id: targetId } });
    if (!target || !PROMOTABLE.has(target.status)) {
      throw new AppError("Conflict", `The version active before v${current.version} is ${target ? target.status : "gone"} and cannot be restored`);
    }
    return activateModel(tx, { modelId: target.id, action: "rollback", actorId: user.userId, reason });
  });
  forgetServingModels();
  // The version returned to kept its adapter when it was displaced; load again in case its server restarted.
  const warning = await loadVersionAdapter(r.activated).then(
    () => null,
    (e: Error) => e.message,
  );
  return { active: { id: r.activated.id, version: r.activated.version }, retired: r.retired ? { id: r.retired.id, version: r.retired.version } : null, ...(warning ? { warning } : {}) };
}

/** Takes a candidate out of consideration (the active version is replaced by promote or roll back instead); a LoRA adapter is unloaded. */
export async function retireModel(actor: Actor | null, ref: string) {
  requireModelManager(actor);
  const model = await findModelOr404(ref);
  if (model.status === "active") throw new AppError("Conflict", `GenRM v${model.version} is active: promote another version or roll back instead`);
  if (model.status !== "candidate") throw new AppError("Conflict", `GenRM v${model.version} is ${model.status}; only a candidate can be retired`);
  const row = await db().genrmModel.update({ where: { id: model.id }, data: { status: "retired", retiredAt: new Date() } });
  // Frees the adapter slot on the servers of a LoRA version (promoting it again loads it back).
  const adapter = await unloadVersionAdapter(row);
  return { model: { id: row.id, version: row.version, status: row.status }, ...(row.kind === "lora" ? { adapter } : {}) };
}
