import { listUsers } from "@core/users/manage-users";
import { requirePageUser } from "@/lib/actor";
import { UsersAdmin } from "./users-admin";

export const dynamic = "force-dynamic";

export default async function UsersPage() {
  const admin = await requirePageUser("/admin/users", "admin");
  const users = await listUsers(admin);
  return (
    <div>
      <h1 className="mb-4 text-2xl font-semibold">Users</h1>
      <UsersAdmin
        selfId={admin.userId}
        initial={users.map((u) => ({ ...u, createdAt: u.createdAt.toISOString(), lastLoginAt: u.lastLoginAt?.toISOString() ?? null }))}
      />
    </div>
  );
}
