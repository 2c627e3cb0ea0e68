import { updateUser, updateUserInput } from "@core/users/manage-users";
import { route } from "@/lib/http";

export const PATCH = route({ body: updateUserInput, name: "users.update" }, async ({ actor, body, params }) => ({
  user: await updateUser(actor!, params.id!, body),
}));
