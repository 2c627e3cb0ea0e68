/**
 * The demo task: a seeded, pure generator of short judge items whose verdict needs BOTH the reference
 * and the candidate, plus simulated models and annotators. See README.md for the API.
 */
export { createRng, type Rng } from "./rng";
export { demoAnswerBank, type AnswerBank } from "./answer-bank";
export { QUESTION_KINDS, makeQuestion, questionFromText, type Question, type QuestionKind } from "./questions";
export { DEMO_MODELS, ERROR_TYPES, STYLES, answerWith, qualityOf, type DemoAnswer, type DemoModel, type ErrorType, type Style } from "./models";
export {
  VERDICT_MARGIN,
  generateJudgeItems,
  generatePromptSets,
  toTrainingRows,
  verdictFor,
  type DemoJudgeItem,
  type DemoPrompt,
  type DemoPromptSet,
  type GenerateOptions,
  type TrainingRow,
} from "./generate";
export { simulatePairwiseLabel, simulateVerdictLabel, type AnnotatorProfile, type ScoredAnswer } from "./labels";
