/** One demo seed step: idempotent, returning a one-line summary. Its own file so steps import it without importing their list. */
import type { Db } from "@core/db/client";

export interface SeedStep {
  name: string;
  /** Steps that train or need the demo GenRM are skipped with --skip-model. */
  needsModel?: boolean;
  run(db: Db, log: (s: string) => void): Promise<string>;
}
