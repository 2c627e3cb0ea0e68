import { requirePageUser } from "@/lib/actor";
import { PasswordForm } from "./password-form";

export const dynamic = "force-dynamic";

export default async function PasswordPage() {
  const user = await requirePageUser("/settings/password");
  return (
    <div className="max-w-md">
      <h1 className="mb-1 text-2xl font-semibold">Change your password</h1>
      <p className="mb-4 text-sm text-slate-600">
        Signed in as {user.email}. Changing it signs you out everywhere else (other browsers, other devices).
      </p>
      <PasswordForm />
    </div>
  );
}
