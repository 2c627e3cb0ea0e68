/** POST /get_reward — OpenRLHF remote reward model drop-in (`--remote_rm_url http://genrm:<key>@host/get_reward`). */
import { getRewardHandler } from "@/lib/get-reward-route";

export const POST = getRewardHandler;
