/** The per-run human-check sampling rate, as the API and the run page accept it. */
import { z } from "zod";

export const humanSampleRateInput = z
  .number({ error: "humanSampleRate must be a number" })
  .min(0, "humanSampleRate must be between 0 and 1")
  .max(1, "humanSampleRate must be between 0 and 1");
