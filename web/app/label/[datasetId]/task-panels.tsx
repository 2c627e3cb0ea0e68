/** The prompt and the two answers, side by side, exactly as the blind task view gives them. */
import type { TaskView } from "@core/labelling/task-view";
import { Markdown } from "@/components/markdown";

const TITLE = { answer: "", candidate: "Candidate", reference: "Reference" } as const;

export function TaskPanels({ task }: { task: TaskView }) {
  const title = (side: "left" | "right") => {
    const role = task[side].role;
    return role === "answer" ? `${side === "left" ? "Left" : "Right"} answer` : `${TITLE[role]} (${side})`;
  };
  return (
    <div className="space-y-3">
      <section aria-label="Prompt" className="rounded-lg border bg-white p-4" data-testid="prompt">
        <h2 className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-500">Prompt</h2>
        {task.prompt.turns ? (
          <ol className="space-y-2">
            {task.prompt.turns.map((t, i) => (
              <li key={i} className={`rounded p-2 ${t.role === "user" ? "bg-sky-50" : t.role === "assistant" ? "bg-slate-50" : "bg-amber-50"}`}>
                <div className="mb-1 text-xs font-medium text-slate-500">{t.role}</div>
                <Markdown html={t.html} />
              </li>
            ))}
          </ol>
        ) : (
          <Markdown html={task.prompt.html} />
        )}
      </section>
      <div className="grid gap-3 md:grid-cols-2">
        {(["left", "right"] as const).map((side) => (
          <section key={side} aria-label={title(side)} className="flex max-h-[60vh] flex-col rounded-lg border bg-white">
            <h2 className="border-b px-4 py-2 text-xs font-semibold uppercase tracking-wide text-slate-500">{title(side)}</h2>
            <div className="overflow-auto p-4">
              <Markdown html={task[side].html} testId={`${side}-answer`} />
            </div>
          </section>
        ))}
      </div>
    </div>
  );
}
