"use client";
/**
 * The annotator's workspace: fetches a task, shows it blind, takes the verdict from keys or buttons,
 * submits with the visible time spent, and moves straight to the next task. One request in flight at a
 * time (a double Enter cannot submit twice; the server refuses doubles anyway).
 */
import Link from "next/link";
import { useCallback, useEffect, useRef, useState } from "react";
import type { NextAssignment } from "@core/labelling/next-assignment";
import { Markdown } from "@/components/markdown";
import { actionFor, type LabelAction } from "./keys";
import { HttpError, post } from "./label-api";
import { TaskPanels } from "./task-panels";
import { useVisibleTime } from "./use-visible-time";
import { VerdictBar, type Choice } from "./verdict-bar";

type Notice = { kind: "error" | "info"; text: string } | null;

export function Labeller({ datasetId, name, guidelinesHtml }: { datasetId: string; name: string; guidelinesHtml: string }) {
  const [data, setData] = useState<NextAssignment | null>(null);
  const [choice, setChoice] = useState<Choice | null>(null);
  const [strength, setStrength] = useState<1 | 2 | null>(null);
  const [rationale, setRationale] = useState("");
  const [flagging, setFlagging] = useState(false);
  const [flagReason, setFlagReason] = useState("");
  const [notice, setNotice] = useState<Notice>(null);
  const [showGuidelines, setShowGuidelines] = useState(false);
  const [busy, setBusy] = useState(true);
  const inFlight = useRef(false);
  const rationaleRef = useRef<HTMLTextAreaElement>(null);
  const flagRef = useRef<HTMLInputElement>(null);
  const timer = useVisibleTime();
  const task = data?.task ?? null;

  /** Runs one request at a time, then loads the next task. */
  const run = useCallback(
    async (request: (() => Promise<unknown>) | null, keep?: Notice) => {
      if (inFlight.current) return;
      inFlight.current = true;
      setBusy(true);
      try {
        if (request) await request();
        setNotice(keep ?? null);
      } catch (e) {
        // 409/404: the assignment is gone (already labelled, lease lost, filled by others) — not the
        // annotator's fault: say so and move on. Anything else: stay on the task so nothing is lost.
        const moveOn = e instanceof HttpError && (e.status === 409 || e.status === 404);
        setNotice({ kind: moveOn ? "info" : "error", text: (e as Error).message });
        if (!moveOn) {
          inFlight.current = false;
          setBusy(false);
          return;
        }
      }
      try {
        const next = await post<NextAssignment>("/api/label/next", { datasetId });
        setData(next);
        setChoice(null);
        setStrength(null);
        setRationale("");
        setFlagging(false);
        setFlagReason("");
        // Submitting from the rationale box leaves it focused: give the keys back to the new task.
        if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
      } catch (e) {
        setNotice({ kind: "error", text: `Could not load the next comparison: ${(e as Error).message}` });
      } finally {
        inFlight.current = false;
        setBusy(false);
      }
    },
    [datasetId],
  );

  useEffect(() => void run(null), [run]);
  useEffect(() => {
    if (task) timer.reset();
  }, [task?.assignmentId]); // eslint-disable-line react-hooks/exhaustive-deps

  const submit = () => {
    if (!task) return;
    if (!choice) return setNotice({ kind: "error", text: "Choose first: 1 / ← left better, 2 / ↓ same, 3 / → right better" });
    if (choice !== "same" && !strength) return setNotice({ kind: "error", text: "How much better? S = slightly, C = clearly" });
    const body = { choice, ...(choice === "same" ? {} : { strength }), ...(rationale.trim() ? { rationale: rationale.trim() } : {}), msSpent: timer.elapsed() };
    void run(() => post(`/api/label/assignments/${task.assignmentId}/submit`, body));
  };
  const confirmFlag = () => {
    if (!task) return;
    if (flagReason.trim().length < 3) return setNotice({ kind: "error", text: "Say briefly why you flag it (at least 3 characters)" });
    void run(() => post(`/api/label/assignments/${task.assignmentId}/flag`, { reason: flagReason.trim() }), { kind: "info", text: "Flagged for a researcher to review." });
  };
  const act = (a: LabelAction) => {
    if (a === "guidelines") return setShowGuidelines((s) => !s);
    if (!task || inFlight.current) return;
    setNotice(null);
    if (a === "left" || a === "same" || a === "right") {
      setChoice(a);
      if (a === "same") setStrength(null);
    } else if (a === "slightly" || a === "clearly") {
      if (choice !== "same") setStrength(a === "slightly" ? 1 : 2);
    } else if (a === "rationale") rationaleRef.current?.focus();
    else if (a === "submit") submit();
    else if (a === "skip") void run(() => post(`/api/label/assignments/${task.assignmentId}/skip`));
    else if (a === "flag") {
      setFlagging(true);
      setTimeout(() => flagRef.current?.focus(), 0);
    }
  };

  // Latest handlers for the one window listener (no stale closures, no re-subscribing per keystroke).
  const handlers = useRef({ act, submit, confirmFlag });
  handlers.current = { act, submit, confirmFlag };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const el = e.target as HTMLElement;
      if (el.tagName === "TEXTAREA" || el.tagName === "INPUT") {
        if (e.key === "Escape") {
          e.preventDefault();
          el.blur();
          if (el === flagRef.current) setFlagging(false);
        } else if (e.key === "Enter" && !e.shiftKey) {
          e.preventDefault();
          if (el === flagRef.current) handlers.current.confirmFlag();
          else handlers.current.submit();
        }
        return;
      }
      const action = actionFor(e);
      if (!action) return;
      e.preventDefault(); // also stops Enter from "clicking" a focused button a second time
      handlers.current.act(action);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const p = data?.progress;
  return (
    <div className="space-y-3 pb-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-xl font-semibold">{name}</h1>
        {p && (
          <p className="text-sm text-slate-600" data-testid="progress">
            Today <b data-testid="progress-done-today">{p.doneToday}</b> · this dataset <b>{p.doneInDataset}</b> · remaining <b data-testid="progress-remaining">{p.remaining}</b>
          </p>
        )}
      </div>
      {showGuidelines && (
        <aside className="rounded-lg border border-sky-200 bg-sky-50 p-4" data-testid="guidelines">
          <h2 className="mb-1 font-medium">Guidelines <span className="text-xs text-slate-500">(G to hide)</span></h2>
          {guidelinesHtml ? <Markdown html={guidelinesHtml} /> : <p className="text-sm text-slate-500">This dataset has no guidelines yet.</p>}
        </aside>
      )}
      {notice && (
        <p role={notice.kind === "error" ? "alert" : "status"} data-testid="notice" className={`rounded px-3 py-2 text-sm ${notice.kind === "error" ? "bg-red-50 text-red-800" : "bg-amber-50 text-amber-900"}`}>
          {notice.text}
        </p>
      )}
      {!data && <p className="text-slate-500">Loading…</p>}
      {data && !task && (
        <div className="rounded-lg border bg-white p-6 text-center" data-testid="all-done">
          <p className="text-lg">Nothing left for you in this dataset. Thank you!</p>
          <Link href="/label" className="mt-2 inline-block text-sky-700 underline">Back to the queues</Link>
        </div>
      )}
      {task && (
        <div data-testid="task" data-assignment={task.assignmentId} aria-busy={busy}>
          <TaskPanels task={task} />
          <div className="mt-3">
            <VerdictBar
              choice={choice}
              strength={strength}
              rationale={rationale}
              flagging={flagging}
              flagReason={flagReason}
              busy={busy}
              rationaleRef={rationaleRef}
              flagRef={flagRef}
              act={act}
              setRationale={setRationale}
              setFlagReason={setFlagReason}
              confirmFlag={confirmFlag}
            />
          </div>
        </div>
      )}
    </div>
  );
}
