/** Ordered demo seed steps after the accounts. Each must be idempotent and return a one-line summary. */
import type { Db } from "@core/db/client";

export interface SeedStep {
  name: string;
  /** Steps that train or need the demo GenRM are skipped with --skip-model. */
  needsModel?: boolean;
  run(db: Db, log: (s: string) => void): Promise<string>;
}

export const seedSteps: SeedStep[] = [];
