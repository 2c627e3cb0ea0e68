import Link from "next/link";
import { requirePageUser } from "@/lib/actor";
import { navFor } from "@/lib/nav";

export const dynamic = "force-dynamic";

export default async function Home() {
  const user = await requirePageUser("/");
  const items = navFor(user.role).filter((i) => i.href !== "/");
  return (
    <div>
      <h1 className="text-2xl font-semibold">Welcome, {user.name}</h1>
      <p className="mt-1 text-slate-600">Signed in as <span data-testid="role">{user.role}</span>.</p>
      <ul className="mt-6 grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        {items.map((i) => (
          <li key={i.href}>
            <Link href={i.href} className="block rounded-lg border bg-white p-4 hover:border-slate-400">{i.label}</Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
