"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { api } from "@/components/api";

export function NewDatasetForm() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="flex flex-wrap items-center gap-3 rounded-lg border bg-white p-4"
      onSubmit={async (e) => {
        e.preventDefault();
        setError(null);
        const f = new FormData(e.currentTarget);
        try {
          const { dataset } = await api<{ dataset: { id: string } }>("/api/datasets", { body: { name: f.get("name"), description: f.get("description") ?? "" } });
          router.push(`/datasets/${dataset.id}`);
        } catch (err) {
          setError((err as Error).message);
        }
      }}
    >
      <input name="name" placeholder="dataset name" required maxLength={120} className="rounded border px-2 py-1" data-testid="new-dataset-name" />
      <input name="description" placeholder="description (optional)" maxLength={2000} className="min-w-64 flex-1 rounded border px-2 py-1" />
      <button className="rounded bg-slate-900 px-3 py-1 text-white">Create dataset</button>
      {error && <p role="alert" className="w-full text-red-700">{error}</p>}
    </form>
  );
}
