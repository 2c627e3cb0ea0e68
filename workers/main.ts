/** Entry point of `npm run workers`: starts every queue's worker and closes gracefully on signals. */
import { startWorkers } from "./worker";
import { explainStartupError } from "@core/preflight";

try {
  const { close } = await startWorkers();
  let stopping = false;
  for (const sig of ["SIGTERM", "SIGINT"] as const) {
    process.on(sig, async () => {
      if (stopping) return;
      stopping = true;
      await close();
      process.exit(0);
    });
  }
} catch (error) {
  console.error(explainStartupError(error));
  process.exit(1);
}
