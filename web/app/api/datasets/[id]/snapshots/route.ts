/** A dataset's snapshots: GET lists them (newest first); POST takes one (201, or 200 with the existing one when the content is unchanged). */
import { createSnapshot, listSnapshots } from "@core/snapshots/snapshots";
import { route } from "@/lib/http";

export const GET = route({ name: "datasets.snapshots.list" }, async ({ actor, params }) => ({ snapshots: await listSnapshots(actor!, params.id!) }));

export const POST = route({ name: "datasets.snapshots.create" }, async ({ actor, params }) => {
  const { created, ...snapshot } = await createSnapshot(actor!, params.id!);
  return Response.json({ snapshot, created }, { status: created ? 201 : 200 });
});
