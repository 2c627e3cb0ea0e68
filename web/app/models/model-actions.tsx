"use client";
/** Registry buttons: promote / retire / evaluate a version, roll back the active one. JSON routes only. */
import { useRouter } from "next/navigation";
import { useState } from "react";
import { api } from "@/components/api";

function useAction() {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (path: string, body: unknown = {}) => {
    setBusy(true);
    setError(null);
    try {
      await api(path, { method: "POST", body });
      router.refresh();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run };
}

const btn = "rounded border px-2 py-0.5 text-sm disabled:opacity-50";

export function ModelActions({ version, status, evaluate = false }: { version: number; status: string; evaluate?: boolean }) {
  const { busy, error, run } = useAction();
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      {(status === "candidate" || status === "retired") && (
        <button className={`${btn} border-green-600 text-green-800`} disabled={busy} data-testid={`promote-v${version}`} onClick={() => run(`/api/models/${version}/promote`)}>
          Promote
        </button>
      )}
      {status === "candidate" && (
        <button className={btn} disabled={busy} data-testid={`retire-v${version}`} onClick={() => run(`/api/models/${version}/retire`)}>
          Retire
        </button>
      )}
      {evaluate && status !== "training" && status !== "failed" && (
        <button className={btn} disabled={busy} data-testid={`evaluate-v${version}`} onClick={() => run(`/api/models/${version}/evaluate`)}>
          Re-evaluate
        </button>
      )}
      {error && <span role="alert" className="text-sm text-red-700">{error}</span>}
    </span>
  );
}

export function RollbackButton({ activeVersion, enabled }: { activeVersion: number; enabled: boolean }) {
  const { busy, error, run } = useAction();
  return (
    <span className="inline-flex items-center gap-2">
      <button
        className={`${btn} border-amber-600 text-amber-800`}
        disabled={busy || !enabled}
        title={enabled ? `Retire v${activeVersion} and re-activate the version that was active before it` : "No earlier active version to return to"}
        data-testid="rollback"
        onClick={() => {
          if (window.confirm(`Roll back: retire v${activeVersion} and re-activate the previous version?`)) run("/api/models/rollback", { expectedActive: activeVersion });
        }}
      >
        Roll back
      </button>
      {error && <span role="alert" className="text-sm text-red-700">{error}</span>}
    </span>
  );
}
