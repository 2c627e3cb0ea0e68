"use client";
/** Uploads one or more files as raw request bodies (streamed to disk by the server, parsed by a job). */
import { useRouter } from "next/navigation";
import { useState } from "react";

const FORMATS = ["auto", "trl", "hh-rlhf", "alpaca-eval", "native"];

export function UploadForm({ datasetId }: { datasetId: string }) {
  const router = useRouter();
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="flex flex-wrap items-center gap-3 rounded-lg border bg-white p-4"
      onSubmit={async (e) => {
        e.preventDefault();
        setError(null);
        const form = e.currentTarget;
        const files = Array.from((form.elements.namedItem("files") as HTMLInputElement).files ?? []);
        const format = (form.elements.namedItem("format") as HTMLSelectElement).value;
        if (files.length === 0) return setError("Choose at least one file");
        for (const [i, file] of files.entries()) {
          setStatus(`Uploading ${file.name} (${i + 1}/${files.length})…`);
          const res = await fetch(`/api/datasets/${datasetId}/imports?fileName=${encodeURIComponent(file.name)}&format=${format}`, { method: "POST", body: file });
          if (!res.ok) {
            const json = await res.json().catch(() => ({}));
            setError(`${file.name}: ${json.error ?? `upload failed (${res.status})`}`);
            break;
          }
        }
        setStatus(null);
        form.reset();
        router.refresh();
      }}
    >
      <input type="file" name="files" multiple accept=".jsonl,.json,.ndjson,application/json" data-testid="import-files" />
      <label className="text-sm">
        Format{" "}
        <select name="format" className="rounded border px-1 py-0.5">
          {FORMATS.map((f) => <option key={f}>{f}</option>)}
        </select>
      </label>
      <button className="rounded bg-slate-900 px-3 py-1 text-white" data-testid="import-submit">Import</button>
      {status && <span className="text-sm text-slate-600">{status}</span>}
      {error && <p role="alert" className="w-full text-red-700">{error}</p>}
    </form>
  );
}
