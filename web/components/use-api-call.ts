"use client";
/**
 * A form's or a button's call to our API: busy while it runs, the server's message when it fails. On
 * success the page goes where `next(reply)` says (and stays busy, so a second submit cannot start while
 * it navigates), or, when `next` names no page, refreshes its data.
 */
import { useRouter } from "next/navigation";
import { useState } from "react";
import { api } from "./api";

export function useApiCall() {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function call<T = unknown>(path: string, init: { method?: string; body?: unknown }, next?: (reply: T) => string): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      const reply = await api<T>(path, init);
      if (next) return router.push(next(reply));
      router.refresh();
    } catch (e) {
      setError((e as Error).message);
    }
    setBusy(false);
  }
  return { busy, error, setError, call };
}
