/** Standings (with every tie-break) and round-by-round games of one prompt's tournament. */
import type { TournamentResultDoc } from "@core/tournaments/tournament-result-doc";
import type { VerdictJson } from "@core/tournaments/get-prompt-tournament";
import { fmt } from "../../../ui";

interface AnswerInfo {
  id: string;
  charLen: number;
}

export function StandingsTable({ result, models, answers }: { result: TournamentResultDoc; models: Map<string, string>; answers: AnswerInfo[] }) {
  const final = new Map(result.ranking.map((r) => [r.id, r]));
  const chars = new Map(answers.map((a) => [a.id, a.charLen]));
  const name = (id: string) => models.get(id) ?? id;
  return (
    <table className="w-full bg-white text-sm tabular-nums" data-testid="standings">
      <thead>
        <tr className="border-b text-left">
          <th className="p-2">Swiss rank</th><th>Answer</th><th>Chars</th><th>Score</th><th>W-D-L</th><th>Byes</th>
          <th title="Points in games among entrants tied on score (only when all of them met)">Direct enc.</th>
          <th title="Sum of opponents' scores minus the lowest">Buchholz cut-1</th>
          <th title="Sum of beaten opponents' scores plus half of drawn ones'">Sonneborn-Berger</th>
          <th title="Bradley-Terry over every game (Swiss + contender)">Final rank</th><th>Strength (95 % CI)</th>
        </tr>
      </thead>
      <tbody>
        {result.standings.map((s) => {
          const f = final.get(s.id);
          return (
            <tr key={s.id} className={`border-b ${f?.rank === 1 ? "bg-emerald-50" : ""}`} data-testid="standing-row">
              <td className="p-2">{s.rank}</td>
              <td>{name(s.id)}</td>
              <td>{chars.get(s.id) ?? "—"}</td>
              <td>{s.score}</td>
              <td>{s.wins}-{s.draws}-{s.losses}</td>
              <td>{s.byes}</td>
              <td>{s.directEncounter ?? "—"}</td>
              <td>{s.buchholzCut1}</td>
              <td>{s.sonnebornBerger}</td>
              <td>{f?.rank ?? "—"}{f?.rank === 1 && <b className="ml-1 text-emerald-700">winner</b>}</td>
              <td>{f ? `${fmt(f.strength)} (${fmt(f.lower)} … ${fmt(f.upper)})` : "—"}</td>
            </tr>
          );
        })}
        {result.duplicates.map((d) => (
          <tr key={d.id} className="border-b text-slate-500">
            <td className="p-2">=</td><td>{name(d.id)}</td><td>{chars.get(d.id) ?? "—"}</td>
            <td colSpan={8}>same text as {name(d.sameAs)}: judged once, shares its result</td>
          </tr>
        ))}
        {result.excluded.map((e) => (
          <tr key={e.id} className="border-b text-slate-500">
            <td className="p-2">—</td><td>{name(e.id)}</td><td>0</td><td colSpan={8}>empty answer: not played</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

interface RoundView {
  index: number;
  stage: string;
  bye: string | null;
  games: { id: string; aId: string; bId: string; verdictAb: VerdictJson | null; verdictBa: VerdictJson | null; scoreA: number }[];
}

const probs = (v: VerdictJson | null) => (v ? `${fmt(v.better)} / ${fmt(v.same)} / ${fmt(v.worse)}` : "—");
const argmax = (v: VerdictJson) => (v.better >= v.same && v.better >= v.worse ? "better" : v.worse >= v.same ? "worse" : "same");
const score = (s: number) => (s === 1 ? "1 – 0" : s === 0 ? "0 – 1" : "½ – ½");

export function RoundsTable({ rounds, models }: { rounds: RoundView[]; models: Map<string, string> }) {
  const name = (id: string) => models.get(id) ?? id;
  return (
    <div className="space-y-3" data-testid="rounds">
      {rounds.map((r) => (
        <div key={r.index} className="rounded border bg-white">
          <div className="border-b bg-slate-50 px-2 py-1 text-sm font-medium">
            Round {r.index + 1} · {r.stage === "swiss" ? "Swiss" : "contender stage"}
            {r.bye && <span className="font-normal text-slate-600"> · bye: {name(r.bye)}</span>}
          </div>
          <table className="w-full text-sm tabular-nums">
            <thead>
              <tr className="text-left text-xs text-slate-500">
                <th className="p-2">A</th><th>B</th><th>A shown first: p(A better / same / worse)</th><th>B shown first (mirrored to A)</th><th>Result</th><th />
              </tr>
            </thead>
            <tbody>
              {r.games.map((g) => {
                const inconsistent = g.verdictAb && g.verdictBa && argmax(g.verdictAb) !== argmax(g.verdictBa);
                return (
                  <tr key={g.id} className="border-t" data-testid="game-row">
                    <td className="p-2">{name(g.aId)}</td>
                    <td>{name(g.bId)}</td>
                    <td>{probs(g.verdictAb)}</td>
                    <td>{probs(g.verdictBa)}</td>
                    <td>{score(g.scoreA)}</td>
                    <td>{inconsistent && <span className="text-xs text-amber-700" title="The two orders' verdicts disagree: position bias">order-inconsistent</span>}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ))}
    </div>
  );
}
