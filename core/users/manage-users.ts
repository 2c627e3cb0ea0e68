/** Admin operations on accounts: create, change role, (de)activate, list. */
import { z } from "zod";
import { db } from "../db/client";
import { AppError, notFound } from "../errors";
import { hashPassword } from "../auth/password";
import { requireRole, ROLES, type Actor } from "../auth/actor";

export const createUserInput = z.object({
  email: z.string({ error: "email is required" }).trim().toLowerCase().email("email is not a valid address"),
  name: z.string({ error: "name is required" }).trim().min(1, "name is required").max(100),
  role: z.enum(ROLES as [string, ...string[]], { error: "role must be annotator, researcher or admin" }),
  password: z.string({ error: "password is required" }).min(8, "password must be at least 8 characters").max(200),
});

export const updateUserInput = z
  .object({
    role: z.enum(ROLES as [string, ...string[]], { error: "role must be annotator, researcher or admin" }).optional(),
    active: z.boolean({ error: "active must be true or false" }).optional(),
  })
  .refine((v) => v.role !== undefined || v.active !== undefined, { message: "nothing to change: send role or active" });

const publicFields = { id: true, email: true, name: true, role: true, active: true, createdAt: true, lastLoginAt: true } as const;

export async function listUsers(actor: Actor) {
  requireRole(actor, "admin");
  return db().user.findMany({ orderBy: { createdAt: "asc" }, select: publicFields });
}

export async function createUser(actor: Actor, input: z.infer<typeof createUserInput>) {
  requireRole(actor, "admin");
  const data = createUserInput.parse(input);
  const exists = await db().user.findUnique({ where: { email: data.email } });
  if (exists) throw new AppError("Conflict", `A user with email ${data.email} already exists`, { field: "email" });
  return db().user.create({
    data: { email: data.email, name: data.name, role: data.role as never, passwordHash: await hashPassword(data.password) },
    select: publicFields,
  });
}

export async function updateUser(actor: Actor, userId: string, input: z.infer<typeof updateUserInput>) {
  const admin = requireRole(actor, "admin");
  const data = updateUserInput.parse(input);
  if (userId === admin.userId && (data.active === false || (data.role && data.role !== "admin"))) {
    throw new AppError("Conflict", "You cannot deactivate or demote yourself; ask another admin");
  }
  const user = await db().user.findUnique({ where: { id: userId } });
  if (!user) throw notFound("User");
  return db().user.update({ where: { id: userId }, data: data as never, select: publicFields });
}
