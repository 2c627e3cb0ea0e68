/**
 * The one error type of the tournament engine. `code` uses the names of the platform's AppError codes so
 * callers can map it at the edge; `reason` says precisely what was wrong.
 */

export type TournamentErrorReason =
  | "empty-input"
  | "duplicate-id"
  | "invalid-config"
  | "invalid-verdicts"
  | "invalid-state"
  | "finished";

export class TournamentError extends Error {
  readonly code = "Invalid" as const;
  constructor(
    readonly reason: TournamentErrorReason,
    message: string,
  ) {
    super(message);
    this.name = "TournamentError";
  }
}
