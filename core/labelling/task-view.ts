/**
 * What an annotator sees for one assignment — and nothing more: the prompt (turns when it is a
 * conversation) and the two answers as left/right in the order chosen for THIS assignment, rendered to
 * sanitised HTML. No model names, no lengths, no response ids, no A/B identity: the client answers in
 * terms of left/right and the server maps that back using the recorded `shownLeft`.
 * One query on the plain pg pool (this runs on every next-task request), with the progress counts in it.
 */
import { sql } from "../db/sql-pool";
import { notFound } from "../errors";
import { renderCached } from "./render-cache";
import { epochMs } from "./sql";
import { progressColumns, toProgress, type Progress } from "./get-progress";

type Role = "answer" | "candidate" | "reference";

export interface TaskView {
  assignmentId: string;
  mode: "pairwise" | "vs_reference";
  prompt: { html: string; turns: Array<{ role: string; html: string }> | null };
  left: { html: string; role: Role };
  right: { html: string; role: Role };
  leaseExpiresAt: string;
  startedAt: string;
}

interface Row {
  id: string;
  shownLeft: string;
  leaseExpiresAt: number;
  updatedAt: number;
  mode: "pairwise" | "vs_reference";
  promptId: string;
  promptText: string;
  turns: unknown;
  aId: string;
  aText: string;
  bId: string;
  bText: string;
}

/** The task and the annotator's progress in one statement (one round trip on the hottest path). */
export async function taskViewWithProgress(assignmentId: string, annotatorId: string, datasetId: string): Promise<{ task: TaskView; progress: Progress }> {
  const [r] = await sql<Row & Record<keyof Progress, string>>(
    `SELECT t.*, ${progressColumns("$2", "$3")} FROM (${TASK_SELECT} WHERE a.id = $1) t`,
    [assignmentId, annotatorId, datasetId],
  );
  if (!r) throw notFound("Assignment");
  return { task: toTaskView(r), progress: toProgress(r) };
}

const TASK_SELECT = `
  SELECT a.id, a."shownLeft", ${epochMs('a."leaseExpiresAt"')} AS "leaseExpiresAt", ${epochMs('a."updatedAt"')} AS "updatedAt", c.mode::text AS mode,
     p.id AS "promptId", p.text AS "promptText", p.turns, ra.id AS "aId", ra.text AS "aText", rb.id AS "bId", rb.text AS "bText"
   FROM "Assignment" a
   JOIN "Comparison" c ON c.id = a."comparisonId"
   JOIN "Prompt" p ON p.id = c."promptId"
   JOIN "Response" ra ON ra.id = c."responseAId"
   JOIN "Response" rb ON rb.id = c."responseBId"`;

function toTaskView(r: Row): TaskView {
  const turns = Array.isArray(r.turns) ? (r.turns as Array<{ role: string; content: string }>) : null;
  const roleOf = (s: "a" | "b"): Role => (r.mode === "pairwise" ? "answer" : s === "a" ? "candidate" : "reference");
  const side = (s: "a" | "b") => ({ html: s === "a" ? renderCached(r.aId, r.aText) : renderCached(r.bId, r.bText), role: roleOf(s) });
  const leftSide = r.shownLeft === "b" ? "b" : "a";
  return {
    assignmentId: r.id,
    mode: r.mode,
    prompt: {
      html: turns ? "" : renderCached(`p:${r.promptId}`, r.promptText),
      turns: turns ? turns.map((t, i) => ({ role: t.role, html: renderCached(`p:${r.promptId}:${i}`, t.content) })) : null,
    },
    left: side(leftSide),
    right: side(leftSide === "a" ? "b" : "a"),
    leaseExpiresAt: new Date(r.leaseExpiresAt).toISOString(),
    startedAt: new Date(r.updatedAt).toISOString(),
  };
}
