"use client";
import { useState } from "react";
import { api } from "@/components/api";

interface U { id: string; email: string; name: string; role: string; active: boolean; createdAt: string; lastLoginAt: string | null }
const ROLES = ["annotator", "researcher", "admin"];

export function UsersAdmin({ initial, selfId }: { initial: U[]; selfId: string }) {
  const [users, setUsers] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const patch = async (id: string, body: object) => {
    setError(null);
    try {
      const { user } = await api<{ user: U }>(`/api/admin/users/${id}`, { method: "PATCH", body });
      setUsers((us) => us.map((u) => (u.id === id ? { ...u, ...user } : u)));
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <div className="space-y-6">
      <form
        className="flex flex-wrap items-end gap-2 rounded-lg border bg-white p-4"
        onSubmit={async (e) => {
          e.preventDefault();
          setError(null);
          const f = new FormData(e.currentTarget);
          try {
            const { user } = await api<{ user: U }>("/api/admin/users", {
              body: { email: f.get("email"), name: f.get("name"), role: f.get("role"), password: f.get("password") },
            });
            setUsers((us) => [...us, user]);
            (e.target as HTMLFormElement).reset();
          } catch (err) {
            setError((err as Error).message);
          }
        }}
      >
        <input name="email" type="email" placeholder="email" required className="rounded border px-2 py-1" />
        <input name="name" placeholder="name" required className="rounded border px-2 py-1" />
        <select name="role" className="rounded border px-2 py-1" defaultValue="annotator">
          {ROLES.map((r) => <option key={r}>{r}</option>)}
        </select>
        <input name="password" type="password" placeholder="initial password (8+)" required minLength={8} className="rounded border px-2 py-1" />
        <button className="rounded bg-slate-900 px-3 py-1 text-white">Create user</button>
      </form>
      {error && <p role="alert" className="text-red-700">{error}</p>}
      {notice && <p role="status" className="text-green-800">{notice}</p>}
      <table className="w-full bg-white text-sm">
        <thead><tr className="border-b text-left"><th className="p-2">Email</th><th>Name</th><th>Role</th><th>Active</th><th>Last sign-in</th><th>Password</th></tr></thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id} className="border-b" data-testid={`user-${u.email}`}>
              <td className="p-2">{u.email}</td>
              <td>{u.name}</td>
              <td>
                <select aria-label={`role of ${u.email}`} value={u.role} disabled={u.id === selfId} onChange={(e) => patch(u.id, { role: e.target.value })} className="rounded border px-1">
                  {ROLES.map((r) => <option key={r}>{r}</option>)}
                </select>
              </td>
              <td>
                <button disabled={u.id === selfId} onClick={() => patch(u.id, { active: !u.active })} className="rounded border px-2 disabled:opacity-40">
                  {u.active ? "Deactivate" : "Activate"}
                </button>
              </td>
              <td>{u.lastLoginAt ? new Date(u.lastLoginAt).toLocaleString() : "never"}</td>
              <td>
                <form
                  className="flex gap-1"
                  onSubmit={async (e) => {
                    e.preventDefault();
                    setError(null);
                    setNotice(null);
                    const form = e.currentTarget;
                    try {
                      await api(`/api/admin/users/${u.id}/password`, { body: { newPassword: new FormData(form).get("newPassword") } });
                      setNotice(`Password of ${u.email} reset; their sessions have ended.`);
                      form.reset();
                    } catch (err) {
                      setError((err as Error).message);
                    }
                  }}
                >
                  <input name="newPassword" type="password" aria-label={`new password for ${u.email}`} placeholder="new password (12+)" required minLength={12} className="w-40 rounded border px-1" />
                  <button className="rounded border px-2">Reset</button>
                </form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
