import { oauthProviders } from "@core/env";
import { signIn } from "@/auth";
import { sameOriginPath } from "@/lib/safe-callback";
import { SignInForm } from "./sign-in-form";

export const dynamic = "force-dynamic";

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl } = await searchParams;
  // Only same-site paths: an open redirect after sign-in is a phishing aid.
  const next = sameOriginPath(callbackUrl);
  const providers = oauthProviders();
  return (
    <div className="mx-auto mt-16 max-w-sm rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <h1 className="mb-4 text-xl font-semibold">Sign in</h1>
      <SignInForm next={next} />
      {providers.length > 0 && (
        <div className="mt-4 space-y-2 border-t pt-4">
          {providers.map((p) => (
            <form
              key={p}
              action={async () => {
                "use server";
                await signIn(p, { redirectTo: next });
              }}
            >
              <button className="w-full rounded border px-3 py-2 text-sm hover:bg-slate-50">Continue with {p === "github" ? "GitHub" : "Google"}</button>
            </form>
          ))}
        </div>
      )}
    </div>
  );
}
