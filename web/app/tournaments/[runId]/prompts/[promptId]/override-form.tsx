"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { api } from "@/components/api";

interface Props {
  runId: string;
  promptId: string;
  answers: { id: string; model: string; charLen: number; empty: boolean }[];
  currentId: string | null;
}

/** Human override: pick another answer as the prompt's reference and say why (recorded with who). */
export function OverrideForm({ runId, promptId, answers, currentId }: Props) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const choices = answers.filter((a) => !a.empty && a.id !== currentId);
  if (choices.length === 0) return <p className="text-sm text-slate-500">No other non-empty answer to choose.</p>;
  return (
    <form
      data-testid="override-form"
      className="space-y-2 rounded-lg border border-amber-200 bg-amber-50 p-4 text-sm"
      onSubmit={async (e) => {
        e.preventDefault();
        setError(null);
        setDone(null);
        const f = new FormData(e.currentTarget);
        try {
          await api(`/api/tournaments/${runId}/prompts/${promptId}/reference`, { body: { responseId: f.get("responseId"), reason: f.get("reason") } });
          setDone("Override recorded: the judge API now uses this answer as the reference.");
          router.refresh();
        } catch (err) {
          setError((err as Error).message);
        }
      }}
    >
      <h3 className="font-medium">Override the reference</h3>
      <label className="flex flex-col gap-1">Answer
        <select name="responseId" className="rounded border bg-white px-2 py-1" required>
          {choices.map((a) => <option key={a.id} value={a.id}>{a.model} ({a.charLen} chars)</option>)}
        </select>
      </label>
      <label className="flex flex-col gap-1">Why (recorded with your name)
        <textarea name="reason" required minLength={3} maxLength={2000} rows={2} className="rounded border bg-white px-2 py-1" placeholder="e.g. the winner states a wrong date" />
      </label>
      <button className="rounded bg-amber-700 px-3 py-1 text-white">Use this answer as the reference</button>
      {error && <p role="alert" className="text-red-700" data-testid="override-error">{error}</p>}
      {done && <p className="text-emerald-800" data-testid="override-done">{done}</p>}
    </form>
  );
}
