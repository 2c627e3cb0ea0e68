import Link from "next/link";
import { renderMarkdown } from "@core/render";
import { getPromptTournament } from "@core/tournaments/get-prompt-tournament";
import { requirePageUser } from "@/lib/actor";
import { or404 } from "@/lib/or-404";
import { AutoRefresh } from "@/components/auto-refresh";
import { describeUndecided } from "@core/tournaments/decide-reference";
import { SourceBadge, StatusBadge } from "../../../ui";
import { OverrideForm } from "./override-form";
import { RoundsTable, StandingsTable } from "./tables";

export const dynamic = "force-dynamic";

export default async function PromptTournamentPage({ params }: { params: Promise<{ runId: string; promptId: string }> }) {
  const { runId, promptId } = await params;
  const user = await requirePageUser(`/tournaments/${runId}/prompts/${promptId}`, "researcher");
  const data = await or404(getPromptTournament(user, { runId, promptId }));
  const { tournament, run, prompt, answers, result, rounds, references } = data;
  const models = new Map(answers.map((a) => [a.id, a.model]));
  const current = references[0] ?? null;
  const currentAnswer = current ? answers.find((a) => a.id === current.responseId) : undefined;
  const live = tournament.status === "queued" || tournament.status === "running";
  return (
    <div className="space-y-6">
      {live && <AutoRefresh seconds={2} />}
      <div>
        <Link href={`/tournaments/${run.id}`} className="text-sm text-blue-700 hover:underline">← {run.dataset.name} (GenRM v{run.model.version})</Link>
        <div className="mt-2 flex items-center gap-2"><h1 className="text-xl font-semibold">Prompt</h1><StatusBadge status={tournament.status} /></div>
        <div className="prose mt-1 max-w-none rounded border bg-white p-3 text-sm" dangerouslySetInnerHTML={{ __html: renderMarkdown(prompt.text) }} />
        {result?.note && <p className="mt-2 text-sm text-slate-700" data-testid="outcome-note">{result.note}</p>}
        {result?.confidence != null && (
          <p className="mt-2 text-sm" data-testid="winner-confidence">
            Confidence: P(winner is the best answer) ≈ <b>{Math.round(100 * result.confidence)} %</b> under the tournament&apos;s Bradley-Terry fit
            {result.undecided ? <> · <span className="rounded bg-amber-100 px-1 text-amber-800" data-testid="undecided-badge">undecided</span></> : <> · decided</>}
          </p>
        )}
        {result?.undecided && result.undecidedReason && (
          <p className="mt-1 text-sm text-amber-800" data-testid="undecided-note">
            {describeUndecided(result.undecidedReason, result.confidence ?? null, result.waitsForHuman === true && current?.source !== "override")}
          </p>
        )}
      </div>

      <section className="grid gap-4 md:grid-cols-3">
        <div className="space-y-2 md:col-span-2" data-testid="current-reference">
          <h2 className="font-medium">Chosen reference</h2>
          {current && currentAnswer ? (
            <div className="rounded-lg border bg-white p-3">
              <div className="mb-2 flex flex-wrap items-center gap-2 text-sm">
                <b data-testid="reference-model">{currentAnswer.model}</b> <SourceBadge source={current.source} />
                <span className="text-slate-500">{currentAnswer.charLen} chars</span>
                {current.source === "tournament" && current.reason?.startsWith("low confidence") && (
                  <span className="rounded bg-amber-100 px-1 text-xs text-amber-800" data-testid="low-confidence">low confidence</span>
                )}
                {current.source === "override" && (
                  <span className="text-slate-600" data-testid="override-who">by {current.setBy ?? "?"}: “{current.reason}”</span>
                )}
              </div>
              <div className="prose max-w-none text-sm" dangerouslySetInnerHTML={{ __html: renderMarkdown(currentAnswer.text) }} />
            </div>
          ) : (
            <p className="text-sm text-slate-500">No reference yet.</p>
          )}
          {result?.keptOverride && tournament.winnerResponseId && (
            <p className="text-sm text-amber-800">
              This tournament&apos;s winner ({models.get(tournament.winnerResponseId)}) did not replace the human override.
            </p>
          )}
        </div>
        <OverrideForm
          runId={run.id}
          promptId={prompt.id}
          currentId={current?.responseId ?? null}
          answers={answers.map((a) => ({ id: a.id, model: a.model, charLen: a.charLen, empty: a.text.trim().length === 0 }))}
        />
      </section>

      {result && result.standings.length > 0 && (
        <section>
          <h2 className="mb-1 font-medium">Standings</h2>
          <p className="mb-2 text-xs text-slate-500">
            Swiss rounds ranked by score, then direct encounter, Buchholz cut-1, Sonneborn-Berger. The winner is the top of the final
            Bradley-Terry ranking over every game played (Swiss and contender stage); strengths are log-odds with 95 % intervals.
          </p>
          <StandingsTable result={result} models={models} answers={answers} />
        </section>
      )}

      {rounds.length > 0 && (
        <section>
          <h2 className="mb-1 font-medium">Games, round by round</h2>
          <p className="mb-2 text-xs text-slate-500">A game is one judgement or both orders (as the run was set); verdicts are shown from the first-named answer&apos;s side (the swapped order mirrored).</p>
          <RoundsTable rounds={rounds} models={models} />
        </section>
      )}

      <section>
        <h2 className="mb-2 font-medium">Answers</h2>
        <div className="space-y-2">
          {answers.map((a) => (
            <details key={a.id} className="rounded border bg-white p-2 text-sm">
              <summary className="cursor-pointer">
                <b>{a.model}</b> · {a.charLen} chars {a.id === tournament.winnerResponseId && <span className="text-emerald-700">· tournament winner</span>}
                {!a.inTournament && <span className="text-slate-500"> · not in this run</span>}
              </summary>
              {a.text.trim() ? <div className="prose mt-2 max-w-none" dangerouslySetInnerHTML={{ __html: renderMarkdown(a.text) }} /> : <p className="mt-2 text-slate-500">(empty answer)</p>}
            </details>
          ))}
        </div>
      </section>

      <section>
        <h2 className="mb-2 font-medium">Reference history</h2>
        <ul className="space-y-1 text-sm" data-testid="reference-history">
          {references.map((r) => (
            <li key={r.id}>
              {new Date(r.createdAt).toLocaleString()} — <b>{models.get(r.responseId) ?? r.responseId}</b> <SourceBadge source={r.source} />
              {r.setBy && <> by {r.setBy}</>}
              {r.reason && <>: “{r.reason}”</>}
            </li>
          ))}
          {references.length === 0 && <li className="text-slate-500">none</li>}
        </ul>
      </section>
    </div>
  );
}
