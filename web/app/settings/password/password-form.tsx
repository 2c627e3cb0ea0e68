"use client";
import { useState } from "react";
import { api } from "@/components/api";

export function PasswordForm() {
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="space-y-3 rounded-lg border bg-white p-4"
      onSubmit={async (e) => {
        e.preventDefault();
        const form = e.currentTarget;
        const f = new FormData(form);
        setMessage(null);
        if (f.get("newPassword") !== f.get("confirm")) {
          setMessage({ ok: false, text: "The two new passwords differ" });
          return;
        }
        setBusy(true);
        try {
          await api("/api/account/password", { body: { currentPassword: f.get("currentPassword"), newPassword: f.get("newPassword") } });
          setMessage({ ok: true, text: "Password changed. Other sessions have been signed out." });
          form.reset();
        } catch (err) {
          setMessage({ ok: false, text: (err as Error).message });
        } finally {
          setBusy(false);
        }
      }}
    >
      <label className="block text-sm">
        Current password
        <input name="currentPassword" type="password" required autoComplete="current-password" className="mt-1 w-full rounded border px-2 py-1.5" />
      </label>
      <label className="block text-sm">
        New password (12 characters or more)
        <input name="newPassword" type="password" required minLength={12} autoComplete="new-password" className="mt-1 w-full rounded border px-2 py-1.5" />
      </label>
      <label className="block text-sm">
        New password again
        <input name="confirm" type="password" required minLength={12} autoComplete="new-password" className="mt-1 w-full rounded border px-2 py-1.5" />
      </label>
      {message && (
        <p role={message.ok ? "status" : "alert"} className={message.ok ? "text-sm text-green-800" : "text-sm text-red-700"}>
          {message.text}
        </p>
      )}
      <button disabled={busy} className="rounded bg-slate-900 px-3 py-2 text-sm font-medium text-white disabled:opacity-50">
        {busy ? "Saving…" : "Change password"}
      </button>
    </form>
  );
}
