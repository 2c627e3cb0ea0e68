/** The navigation, by role. A page joins here when it exists (and joins the cross-role suite). */
import type { Role } from "@core/auth/actor";

export interface NavItem {
  href: string;
  label: string;
  roles: Role[];
}

export const NAV: NavItem[] = [
  { href: "/", label: "Home", roles: ["annotator", "researcher", "admin"] },
  // Labelling is open to every role (researchers pilot their own datasets); each labels as themselves.
  { href: "/label", label: "Label", roles: ["annotator", "researcher", "admin"] },
  { href: "/datasets", label: "Datasets", roles: ["researcher", "admin"] },
  { href: "/quality", label: "Quality", roles: ["researcher", "admin"] },
  { href: "/settings/api-keys", label: "API keys", roles: ["researcher", "admin"] },
  // Public page (trainers read it without an account); linked for the people who create the keys.
  { href: "/api/v1/docs", label: "API docs", roles: ["researcher", "admin"] },
  { href: "/models", label: "Models", roles: ["researcher", "admin"] },
  { href: "/runs", label: "RL runs", roles: ["researcher", "admin"] },
  { href: "/tournaments", label: "Tournaments", roles: ["researcher", "admin"] },
  { href: "/status", label: "Status", roles: ["researcher", "admin"] },
  { href: "/admin/users", label: "Users", roles: ["admin"] },
  { href: "/settings/password", label: "Password", roles: ["annotator", "researcher", "admin"] },
];

export const navFor = (role: Role) => NAV.filter((i) => i.roles.includes(role));
