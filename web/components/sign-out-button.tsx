"use client";

export function SignOutButton() {
  return (
    <button
      className="rounded px-2 py-1 hover:bg-slate-100"
      onClick={async () => {
        await fetch("/api/session", { method: "DELETE" });
        window.location.href = "/signin";
      }}
    >
      Sign out
    </button>
  );
}
