/**
 * OAuth sign-in admits only provider-verified emails. Replies recorded in the providers' documented
 * shapes (GitHub REST `GET /user`, `GET /user/emails`; Google ID token claims), served by a stub fetch:
 * no network.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { githubUserinfo, verifiedOAuthEmail, verifiedPrimaryEmail } from "./oauth-profile";

const fixture = (name: string) => JSON.parse(readFileSync(path.join(import.meta.dirname, "../../tests/fixtures/oauth", name), "utf8"));

function recordedGithub(emailsFile: string, emailsOk = true) {
  const asked: string[] = [];
  const fetchImpl = async (url: string) => {
    asked.push(url);
    if (url.endsWith("/user")) return { ok: true, json: async () => fixture("github-user.json") };
    if (url.endsWith("/user/emails")) return { ok: emailsOk, json: async () => fixture(emailsFile) };
    throw new Error(`unexpected ${url}`);
  };
  return { request: githubUserinfo("https://api.github.test", fetchImpl), asked };
}

describe("GitHub", () => {
  it("a public profile email whose primary address is unverified matches nothing", async () => {
    const { request, asked } = recordedGithub("github-emails-unverified-primary.json");
    const profile = await request({ tokens: { access_token: "t" } });
    expect(asked).toEqual(["https://api.github.test/user", "https://api.github.test/user/emails"]);
    expect(profile.email).toBeNull();
    expect(verifiedOAuthEmail("github", profile)).toBeNull();
  });

  it("the verified primary address is the one used, not the public profile email", async () => {
    const { request } = recordedGithub("github-emails-verified-primary.json");
    const profile = await request({ tokens: { access_token: "t" } });
    expect(verifiedOAuthEmail("github", profile)).toBe("researcher@demo.local");
  });

  it("no emails reply (scope refused) → no email", async () => {
    const { request } = recordedGithub("github-emails-verified-primary.json", false);
    expect(verifiedOAuthEmail("github", await request({ tokens: { access_token: "t" } }))).toBeNull();
  });

  it("a raw GitHub profile (as Auth.js's own provider would pass it) is never trusted", () => {
    expect(verifiedOAuthEmail("github", fixture("github-user.json"))).toBeNull();
    expect(verifiedPrimaryEmail(fixture("github-emails-unverified-primary.json"))).toBeNull();
  });
});

describe("Google", () => {
  const claims = fixture("google-id-token-claims.json");
  it("admits the email only when email_verified is true", () => {
    expect(verifiedOAuthEmail("google", claims.verified)).toBe("researcher@demo.local");
    expect(verifiedOAuthEmail("google", claims.unverified)).toBeNull();
    expect(verifiedOAuthEmail("google", claims.missing)).toBeNull();
  });
});
