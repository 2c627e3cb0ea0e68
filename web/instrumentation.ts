/**
 * Runs once when the web server starts: the environment (secrets included) is validated here, so a weak
 * AUTH_SECRET stops `next start` at once with a message instead of failing on the first sign-in.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("@core/env");
  try {
    env();
  } catch (error) {
    console.error(`✖ ${(error as Error).message}`);
    process.exit(1);
  }
}
