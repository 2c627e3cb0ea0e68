"use client";
import { useState } from "react";

export function SignInForm({ next }: { next: string }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="space-y-3"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        const form = new FormData(e.currentTarget);
        const res = await fetch("/api/session", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ email: form.get("email"), password: form.get("password") }),
        });
        if (res.ok) {
          window.location.href = next;
          return;
        }
        const body = await res.json().catch(() => ({}));
        setError(body.error ?? `Sign-in failed (${res.status})`);
        setBusy(false);
      }}
    >
      <label className="block text-sm">
        Email
        <input name="email" type="email" required autoFocus autoComplete="username" className="mt-1 w-full rounded border px-2 py-1.5" />
      </label>
      <label className="block text-sm">
        Password
        <input name="password" type="password" required autoComplete="current-password" className="mt-1 w-full rounded border px-2 py-1.5" />
      </label>
      {error && <p role="alert" data-testid="signin-error" className="text-sm text-red-700">{error}</p>}
      <button disabled={busy} className="w-full rounded bg-slate-900 px-3 py-2 text-sm font-medium text-white disabled:opacity-50">
        {busy ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
