"use client";
/** The verdict controls: three-way choice, strength, rationale, skip and flag — each with its key shown. */
import type { RefObject } from "react";
import { KEYS, type LabelAction } from "./keys";

export type Choice = "left" | "same" | "right";

interface Props {
  choice: Choice | null;
  strength: 1 | 2 | null;
  rationale: string;
  flagging: boolean;
  flagReason: string;
  busy: boolean;
  rationaleRef: RefObject<HTMLTextAreaElement | null>;
  flagRef: RefObject<HTMLInputElement | null>;
  act(action: LabelAction): void;
  setRationale(s: string): void;
  setFlagReason(s: string): void;
  confirmFlag(): void;
}

const Kbd = ({ a }: { a: LabelAction }) => <kbd className="ml-1">{KEYS[a].hint}</kbd>;

function Btn({ a, label, on, disabled, onClick, testId }: { a: LabelAction; label: string; on?: boolean; disabled?: boolean; onClick(): void; testId: string }) {
  return (
    <button
      type="button"
      data-testid={testId}
      aria-pressed={on}
      disabled={disabled}
      onClick={onClick}
      className={`rounded border px-3 py-1.5 text-sm ${on ? "border-slate-900 bg-slate-900 text-white" : "bg-white hover:border-slate-400"} disabled:opacity-40`}
    >
      {label}
      <Kbd a={a} />
    </button>
  );
}

export function VerdictBar(p: Props) {
  return (
    <div className="sticky bottom-0 space-y-2 rounded-lg border bg-white/95 p-3 shadow-sm backdrop-blur">
      <div className="flex flex-wrap items-center gap-2">
        <Btn a="left" testId="choose-left" label="Left better" on={p.choice === "left"} onClick={() => p.act("left")} />
        <Btn a="same" testId="choose-same" label="Same" on={p.choice === "same"} onClick={() => p.act("same")} />
        <Btn a="right" testId="choose-right" label="Right better" on={p.choice === "right"} onClick={() => p.act("right")} />
        <span className="mx-2 h-6 w-px bg-slate-200" />
        <Btn a="slightly" testId="strength-slightly" label="Slightly" on={p.strength === 1} disabled={p.choice === "same"} onClick={() => p.act("slightly")} />
        <Btn a="clearly" testId="strength-clearly" label="Clearly" on={p.strength === 2} disabled={p.choice === "same"} onClick={() => p.act("clearly")} />
        <span className="mx-2 h-6 w-px bg-slate-200" />
        <button type="button" data-testid="submit" disabled={p.busy} onClick={() => p.act("submit")} className="rounded bg-emerald-700 px-3 py-1.5 text-sm text-white disabled:opacity-40">
          Submit<Kbd a="submit" />
        </button>
        <Btn a="skip" testId="skip" label="Skip" onClick={() => p.act("skip")} />
        <Btn a="flag" testId="flag" label="Flag" on={p.flagging} onClick={() => p.act("flag")} />
        <Btn a="guidelines" testId="toggle-guidelines" label="Guidelines" onClick={() => p.act("guidelines")} />
      </div>
      <label className="flex items-start gap-2 text-sm">
        <span className="pt-1 text-slate-500">Rationale (optional)<Kbd a="rationale" /></span>
        <textarea
          ref={p.rationaleRef}
          data-testid="rationale"
          rows={1}
          maxLength={2000}
          value={p.rationale}
          onChange={(e) => p.setRationale(e.target.value)}
          placeholder="Why? Enter submits, Shift+Enter for a new line, Esc leaves the box"
          className="flex-1 rounded border px-2 py-1"
        />
      </label>
      {p.flagging && (
        <label className="flex items-center gap-2 text-sm">
          <span className="text-amber-700">Flag reason</span>
          <input
            ref={p.flagRef}
            data-testid="flag-reason"
            value={p.flagReason}
            maxLength={500}
            onChange={(e) => p.setFlagReason(e.target.value)}
            placeholder="e.g. prompt is cut off, answers unreadable, personal data — Enter flags, Esc cancels"
            className="flex-1 rounded border border-amber-300 px-2 py-1"
          />
          <button type="button" onClick={p.confirmFlag} className="rounded border border-amber-400 px-2 py-1">Flag it</button>
        </label>
      )}
    </div>
  );
}
