/** The demo accounts' password: printed by `npm start` and in the README, so public by design. */
export const PUBLIC_DEMO_PASSWORD = "demo-password";
