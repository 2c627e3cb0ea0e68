/**
 * Which email an OAuth provider vouches for. Sign-in by OAuth matches an account by email, so an email the
 * provider has not verified must never match: anyone can add an unverified address to a GitHub account,
 * and a Google account's `email` is only proven when `email_verified` is true.
 *   GitHub: the primary address of `GET /user/emails` when it is verified — always asked, because the
 *           public `email` of `GET /user` carries no verified flag (Auth.js's own GitHub provider takes
 *           it, or the primary address, without looking).
 *   Google: the ID token's `email` when `email_verified` is true.
 */
export interface GithubEmail {
  email: string;
  primary: boolean;
  verified: boolean;
  visibility?: string | null;
}

/** The verified primary address of a `GET /user/emails` reply, or null. */
export function verifiedPrimaryEmail(emails: unknown): string | null {
  if (!Array.isArray(emails)) return null;
  const primary = (emails as GithubEmail[]).find((e) => e && e.primary === true);
  return primary && primary.verified === true && typeof primary.email === "string" ? primary.email : null;
}

type FetchLike = (url: string, init: { headers: Record<string, string> }) => Promise<{ ok: boolean; json(): Promise<unknown> }>;

/**
 * Auth.js `userinfo.request` for GitHub: the profile with `email` replaced by the verified primary
 * address (null when there is none), recorded as `verified_email` for the sign-in check.
 */
export function githubUserinfo(apiBaseUrl = "https://api.github.com", fetchImpl: FetchLike = fetch as never) {
  return async ({ tokens }: { tokens: { access_token?: string } }) => {
    const headers = { Authorization: `Bearer ${tokens.access_token}`, "User-Agent": "genrm-platform", Accept: "application/vnd.github+json" };
    const profileRes = await fetchImpl(`${apiBaseUrl}/user`, { headers });
    const profile = (await profileRes.json()) as Record<string, unknown>;
    const emailsRes = await fetchImpl(`${apiBaseUrl}/user/emails`, { headers });
    const verified = emailsRes.ok ? verifiedPrimaryEmail(await emailsRes.json()) : null;
    return { ...profile, email: verified, verified_email: verified };
  };
}

/** The email `provider` vouches for in `profile`, or null: only such an email may match an account. */
export function verifiedOAuthEmail(provider: string, profile: Record<string, unknown> | null | undefined): string | null {
  if (!profile) return null;
  if (provider === "github") return typeof profile.verified_email === "string" ? profile.verified_email.toLowerCase() : null;
  if (provider === "google") {
    const ok = profile.email_verified === true || profile.email_verified === "true";
    return ok && typeof profile.email === "string" ? profile.email.toLowerCase() : null;
  }
  return null;
}
