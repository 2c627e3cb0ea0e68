import { getLabelPage } from "@core/labelling/get-label-page";
import { renderMarkdown } from "@core/render";
import { requirePageUser } from "@/lib/actor";
import { or404 } from "@/lib/or-404";
import { Labeller } from "./labeller";

export const dynamic = "force-dynamic";

export default async function LabelPage({ params }: { params: Promise<{ datasetId: string }> }) {
  const { datasetId } = await params;
  const user = await requirePageUser(`/label/${datasetId}`, "annotator", "researcher");
  const ds = await or404(getLabelPage(user, datasetId));
  return <Labeller datasetId={ds.id} name={ds.name} guidelinesHtml={ds.guidelines.trim() ? renderMarkdown(ds.guidelines) : ""} />;
}
