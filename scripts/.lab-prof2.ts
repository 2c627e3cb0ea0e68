import { db, disconnectDb } from "@core/db/client";
import { createAnnotators, createComparisonDataset } from "../tests/helpers/labelling-fixtures";
import { nextAssignment } from "@core/labelling/next-assignment";
import { submitLabel } from "@core/labelling/submit-label";
import { taskView } from "@core/labelling/task-view";
import { getProgress } from "@core/labelling/get-progress";
import { leaseComparison } from "@core/labelling/lease-comparison";
const anns = await createAnnotators(3, "prof");
const { datasetId } = await createComparisonDataset(anns[0]!.userId, { comparisons: 2000, overlap: 3 });
await db().$executeRaw`ANALYZE`;
const t = (label: string, xs: number[]) => { xs.sort((a, b) => a - b); console.log(label.padEnd(12), "p50", xs[Math.floor(xs.length / 2)]!.toFixed(2), "p90", xs[Math.floor(xs.length * 0.9)]!.toFixed(2)); };
const N = 200; const nx: number[] = [], sb: number[] = [], tv: number[] = [], pr: number[] = [], ls: number[] = [], ds: number[] = [];
for (let i = 0; i < N; i++) {
  const a = anns[i % 3]!;
  let t0 = performance.now();
  const { task } = await nextAssignment(a, { datasetId });
  nx.push(performance.now() - t0);
  t0 = performance.now(); await taskView(task!.assignmentId); tv.push(performance.now() - t0);
  t0 = performance.now(); await getProgress(a.userId, datasetId); pr.push(performance.now() - t0);
  t0 = performance.now(); await db().dataset.findUnique({ where: { id: datasetId }, select: { id: true, goldRate: true, leaseSeconds: true } }); ds.push(performance.now() - t0);
  t0 = performance.now();
  await submitLabel(a, task!.assignmentId, { choice: "left", strength: 1, msSpent: 10 });
  sb.push(performance.now() - t0);
  t0 = performance.now(); const l = await leaseComparison(datasetId, a.userId, false, 600); ls.push(performance.now() - t0);
  await submitLabel(a, l!.assignmentId, { choice: "same", msSpent: 10 });
}
t("next", nx); t("submit", sb); t("taskView", tv); t("progress", pr); t("lease", ls); t("ds lookup", ds);
await disconnectDb();
