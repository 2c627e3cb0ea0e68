/**
 * Gives a simulated policy words to be right or wrong with: prompts that are demo-task questions get
 * plain right and wrong answers (genrm/demo-task's answer bank), so a content-reading judge can tell
 * a correct rollout from a wrong one. Other prompts are left as they are (the policy then reuses the
 * prompt's seed answer, and correctness is only a label). Returned in prompt-text order: the order
 * prompts are listed in depends on when their references were made, and a seeded simulation must
 * replay the same way in another database.
 */
import { demoAnswerBank } from "../../../genrm/demo-task/answer-bank";
import type { PromptSource } from "../../../monitoring/index";

export function withKnownAnswers<P extends PromptSource>(prompts: readonly P[]): P[] {
  return [...prompts].sort((a, b) => (a.prompt < b.prompt ? -1 : a.prompt > b.prompt ? 1 : 0)).map((p) => {
    const bank = demoAnswerBank(p.prompt);
    return bank ? { ...p, right: bank.right, wrong: bank.wrong } : p;
  });
}
