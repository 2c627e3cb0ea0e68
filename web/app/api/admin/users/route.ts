import { createUser, createUserInput, listUsers } from "@core/users/manage-users";
import { route } from "@/lib/http";

export const GET = route({ name: "users.list" }, async ({ actor }) => ({ users: await listUsers(actor!) }));

export const POST = route({ body: createUserInput, name: "users.create" }, async ({ actor, body }) => ({
  user: await createUser(actor!, body),
}));
