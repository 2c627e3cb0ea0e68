import { skipAssignment } from "@core/labelling/end-assignment";
import { route } from "@/lib/http";

export const POST = route({ name: "label.skip" }, async ({ actor, params }) => skipAssignment(actor!, params.id!));
