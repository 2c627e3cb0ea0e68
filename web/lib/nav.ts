/** The navigation, by role. A page joins here when it exists (and joins the cross-role suite). */
import type { Role } from "@core/auth/actor";

export interface NavItem {
  href: string;
  label: string;
  roles: Role[];
}

export const NAV: NavItem[] = [
  { href: "/", label: "Home", roles: ["annotator", "researcher", "admin"] },
  { href: "/settings/api-keys", label: "API keys", roles: ["researcher", "admin"] },
  { href: "/status", label: "Status", roles: ["researcher", "admin"] },
  { href: "/admin/users", label: "Users", roles: ["admin"] },
];

export const navFor = (role: Role) => NAV.filter((i) => i.roles.includes(role));
