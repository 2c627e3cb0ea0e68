/**
 * Who may use the model registry: researchers and admins (a lab shares its GenRM versions). Model
 * lookups by id or version number for operations.
 */
import { requireRole, type Actor } from "../auth/actor";
import { db } from "../db/client";
import { AppError, notFound } from "../errors";

export const requireModelManager = (actor: Actor | null | undefined) => requireRole(actor, "researcher");

/** "3", "v3" or an id → the model row, or 404. Call after the role check. */
export async function findModelOr404(ref: string) {
  const text = String(ref ?? "").trim();
  if (!text) throw new AppError("Invalid", "model: give a version number or id", { field: "model" });
  const m = /^v?(\d{1,9})$/i.exec(text);
  const row = m ? await db().genrmModel.findUnique({ where: { version: Number(m[1]) } }) : await db().genrmModel.findUnique({ where: { id: text } });
  if (!row) throw notFound(`GenRM version ${text}`);
  return row;
}
