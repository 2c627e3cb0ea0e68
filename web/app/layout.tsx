import type { Metadata } from "next";
import Link from "next/link";
import "./globals.css";
import { getActor } from "@/lib/actor";
import { navFor } from "@/lib/nav";
import { SignOutButton } from "@/components/sign-out-button";

export const metadata: Metadata = { title: "GenRM platform", description: "Human labels → generative reward models → RL" };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const actor = await getActor().catch(() => null);
  const user = actor?.kind === "user" ? actor : null;
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 text-slate-900">
        <header className="border-b border-slate-200 bg-white">
          <div className="mx-auto flex max-w-7xl items-center gap-6 px-4 py-2">
            <Link href="/" className="font-semibold tracking-tight">GenRM</Link>
            {user && (
              <nav aria-label="Main" className="flex flex-1 flex-wrap gap-4 text-sm" data-testid="main-nav">
                {navFor(user.role).map((i) => (
                  <Link key={i.href} href={i.href} className="text-slate-600 hover:text-slate-900">{i.label}</Link>
                ))}
              </nav>
            )}
            {user && (
              <div className="flex items-center gap-3 text-sm text-slate-500">
                <span data-testid="whoami">{user.email} · {user.role}</span>
                <SignOutButton />
              </div>
            )}
          </div>
        </header>
        <main className="mx-auto max-w-7xl px-4 py-6">{children}</main>
      </body>
    </html>
  );
}
