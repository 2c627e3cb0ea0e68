/**
 * Auth.js (next-auth v5): email + password (Credentials) and, when their env vars are set, GitHub and
 * Google. JWT sessions carry only the user id; role and active flag are re-read per request
 * (core/users/authenticate-user.ts#loadActor) so a role change or deactivation applies at once.
 * OAuth only admits accounts an admin already created, matched by an email the provider verified.
 */
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import GitHub from "next-auth/providers/github";
import Google from "next-auth/providers/google";
import type { Provider } from "next-auth/providers";
import { authenticateUser, findActiveUserByEmail, sessionEpochOf } from "@core/users/authenticate-user";
import { isAppError } from "@core/errors";
import { oauthProviders } from "@core/env";
import { clientIp } from "@/lib/client-ip";
import { githubUserinfo, verifiedOAuthEmail } from "@/lib/oauth-profile";

class RateLimited extends CredentialsSignin {
  code = "rate_limited";
}

const providers: Provider[] = [
  Credentials({
    credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
    async authorize(credentials, request) {
      try {
        const user = await authenticateUser(
          { email: String(credentials?.email ?? ""), password: String(credentials?.password ?? "") },
          clientIp(request.headers),
        );
        return { id: user.id, email: user.email, name: user.name };
      } catch (error) {
        if (isAppError(error) && error.code === "RateLimited") throw new RateLimited();
        return null;
      }
    },
  }),
];
// GitHub: our own userinfo request, which keeps only the verified primary address (lib/oauth-profile.ts).
for (const p of oauthProviders()) providers.push(p === "github" ? GitHub({ userinfo: { url: "https://api.github.com/user", request: githubUserinfo() } } as never) : Google);

export const { handlers, auth, signIn, signOut } = NextAuth({
  trustHost: true,
  session: { strategy: "jwt", maxAge: 7 * 24 * 3600 },
  pages: { signIn: "/signin" },
  providers,
  callbacks: {
    async signIn({ account, profile }) {
      if (!account || account.provider === "credentials") return true;
      // Only an email the provider verified may match an account (anyone can add an unverified one).
      const email = verifiedOAuthEmail(account.provider, profile as Record<string, unknown> | undefined);
      return email ? (await findActiveUserByEmail(email)) !== null : false;
    },
    async jwt({ token, user, account, profile }) {
      if (user && account) {
        if (account.provider === "credentials") token.uid = user.id;
        else {
          const email = verifiedOAuthEmail(account.provider, profile as Record<string, unknown> | undefined);
          token.uid = email ? (await findActiveUserByEmail(email))?.id : undefined;
        }
        // The session belongs to this password: changing or resetting it bumps the epoch and ends it.
        if (typeof token.uid === "string") token.epoch = await sessionEpochOf(token.uid);
      }
      return token;
    },
    session({ session, token }) {
      if (session.user && typeof token.uid === "string") {
        const u = session.user as { id?: string; epoch?: number };
        u.id = token.uid;
        u.epoch = typeof token.epoch === "number" ? token.epoch : 0;
      }
      return session;
    },
  },
});
