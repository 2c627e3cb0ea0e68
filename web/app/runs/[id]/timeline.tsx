/** The alert → pause → recalibration → new version → resume chain, as a list of links. */
import Link from "next/link";
import type { TimelineEvent } from "@core/rl/get-run-timeline";

const when = (iso: string) => new Date(iso).toISOString().replace("T", " ").slice(0, 19) + " UTC";

function describe(e: TimelineEvent, runId: string): { title: string; detail: string; href: string | null; tone: string } {
  const recal = (id: string) => `/runs/${runId}/recalibrations/${id}`;
  switch (e.kind) {
    case "alert":
      return { title: `Alert at step ${e.step}`, detail: e.message, href: `/runs/${runId}?step=${e.step}#alert-${e.id}`, tone: "border-red-300 bg-red-50" };
    case "pause":
      return { title: `Paused (${e.source})`, detail: e.reason, href: null, tone: "border-amber-300 bg-amber-50" };
    case "resume":
      return { title: `Continue${e.model ? ` with ${e.model}` : ""} (${e.source})`, detail: e.reason, href: null, tone: "border-emerald-300 bg-emerald-50" };
    case "recalibration":
      return { title: `Recalibration of ${e.fromModel} started — now ${e.status}`, detail: e.reason, href: recal(e.id), tone: "border-slate-300 bg-white" };
    case "training":
      return { title: `Training ${e.status} (${Math.round(e.progress)} %)`, detail: "length-balanced labels + counterfactual padded pairs", href: recal(e.recalibrationId), tone: "border-slate-300 bg-white" };
    case "version":
      return { title: `New version ${e.model}`, detail: "evaluated against the run's version on the same held-out labels and length probe", href: recal(e.recalibrationId), tone: "border-violet-300 bg-violet-50" };
    case "decision":
      return {
        title: e.accepted ? "Accepted" : e.status === "failed" ? "Failed" : "Rejected",
        detail: e.error ?? e.checks.map((c) => `${c.passed ? "✓" : "✗"} ${c.name}: ${c.detail}`).join(" · "),
        href: recal(e.recalibrationId),
        tone: e.accepted ? "border-emerald-300 bg-emerald-50" : "border-red-300 bg-red-50",
      };
  }
}

export function Timeline({ events, runId }: { events: TimelineEvent[]; runId: string }) {
  if (events.length === 0) return <p className="text-sm text-slate-500">Nothing yet: no alert, pause or recalibration.</p>;
  return (
    <ol className="space-y-2" data-testid="timeline">
      {events.map((e, i) => {
        const d = describe(e, runId);
        const body = (
          <>
            <div className="flex justify-between gap-4">
              <b>{d.title}</b>
              <span className="shrink-0 text-xs text-slate-500">{when(e.at)}</span>
            </div>
            <p className="text-slate-700">{d.detail}</p>
          </>
        );
        return (
          <li key={i} data-testid="timeline-event" data-kind={e.kind} className={`rounded border p-2 text-sm ${d.tone}`}>
            {d.href ? <Link href={d.href} className="block hover:underline">{body}</Link> : body}
          </li>
        );
      })}
    </ol>
  );
}
