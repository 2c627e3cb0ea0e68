/**
 * The simulated trainer's transport without HTTP: the same core operations the API routes call
 * (judgeForActor, postStep, the control read), for the demo seed and the closed-loop test.
 * `actor` must be an API key actor with the `judge` and `runs:write` scopes (as a real trainer's key).
 */
import type { Actor } from "../../auth/actor";
import { judgeForActor } from "../../genrm-service/judge-for-actor";
import { getRunControlFor } from "../get-run-control";
import { postStep } from "../post-step";
import type { SimTransport } from "./drive-simulated-run";

/** Per request (the judge API's own limit is higher; smaller batches keep latency even). */
const JUDGE_BATCH = 64;

export function inProcessTransport(actor: Actor, runId: string): SimTransport {
  return {
    async rewards(rollouts) {
      const out: number[] = [];
      for (let i = 0; i < rollouts.length; i += JUDGE_BATCH) {
        const items = rollouts.slice(i, i + JUDGE_BATCH).map((r) => ({ prompt: r.prompt, response: r.response }));
        const { reply } = await judgeForActor(actor, { items, runId, bothOrders: true });
        for (const r of reply.results) {
          if ("error" in r) throw new Error(`the judge refused a simulated rollout: ${r.error.message}`);
          out.push(r.reward);
        }
      }
      return out;
    },
    async postStep(report) {
      const r = await postStep(actor, runId, report);
      return { control: r.control, alerts: r.alerts };
    },
    control: () => getRunControlFor(actor, runId),
  };
}
