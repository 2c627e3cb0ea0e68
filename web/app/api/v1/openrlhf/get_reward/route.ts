/** POST /api/v1/openrlhf/get_reward — the OpenRLHF drop-in under the versioned API prefix. */
import { getRewardHandler } from "@/lib/get-reward-route";

export const POST = getRewardHandler;
