/** Dashboard action: tune a run's automation and detectors (owner or admin). */
import { updateRunSettings, updateRunSettingsInput } from "@core/rl/update-run-settings";
import { route } from "@/lib/http";

export const PATCH = route({ body: updateRunSettingsInput, maxBytes: 50_000, name: "rl.runs.settings" }, async ({ actor, body, params }) =>
  updateRunSettings(actor, params.id!, body),
);
