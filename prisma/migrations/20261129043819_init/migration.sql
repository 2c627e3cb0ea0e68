-- CreateEnum
CREATE TYPE "Role" AS ENUM ('annotator', 'researcher', 'admin');

-- CreateEnum
CREATE TYPE "ComparisonMode" AS ENUM ('pairwise', 'vs_reference');

-- CreateEnum
CREATE TYPE "AssignmentState" AS ENUM ('active', 'done', 'expired', 'skipped', 'flagged');

-- CreateEnum
CREATE TYPE "ModelStatus" AS ENUM ('training', 'candidate', 'active', 'retired', 'failed');

-- CreateEnum
CREATE TYPE "JobStatus" AS ENUM ('queued', 'running', 'succeeded', 'failed');

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" "Role" NOT NULL DEFAULT 'annotator',
    "passwordHash" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "lastLoginAt" TIMESTAMP(3),

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "scopes" TEXT[],
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Dataset" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "guidelines" TEXT NOT NULL DEFAULT '',
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Dataset_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DatasetImport" (
    "id" TEXT NOT NULL,
    "datasetId" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "progress" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "added" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "errors" JSONB NOT NULL DEFAULT '[]',
    "message" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DatasetImport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Prompt" (
    "id" TEXT NOT NULL,
    "datasetId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "turns" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Prompt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Response" (
    "id" TEXT NOT NULL,
    "promptId" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "charLen" INTEGER NOT NULL,
    "tokenLen" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Response_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Comparison" (
    "id" TEXT NOT NULL,
    "datasetId" TEXT NOT NULL,
    "promptId" TEXT NOT NULL,
    "responseAId" TEXT NOT NULL,
    "responseBId" TEXT NOT NULL,
    "mode" "ComparisonMode" NOT NULL,
    "overlap" INTEGER NOT NULL DEFAULT 1,
    "isGold" BOOLEAN NOT NULL DEFAULT false,
    "goldVerdict" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Comparison_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Assignment" (
    "id" TEXT NOT NULL,
    "comparisonId" TEXT NOT NULL,
    "annotatorId" TEXT NOT NULL,
    "state" "AssignmentState" NOT NULL DEFAULT 'active',
    "shownLeft" TEXT NOT NULL,
    "leaseExpiresAt" TIMESTAMP(3) NOT NULL,
    "flagReason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Assignment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Label" (
    "id" TEXT NOT NULL,
    "comparisonId" TEXT NOT NULL,
    "annotatorId" TEXT NOT NULL,
    "assignmentId" TEXT,
    "verdict" TEXT NOT NULL,
    "strength" INTEGER NOT NULL,
    "rationale" TEXT,
    "shownLeft" TEXT NOT NULL,
    "msSpent" INTEGER NOT NULL,
    "source" TEXT NOT NULL DEFAULT 'human',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Label_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GenrmModel" (
    "id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "backend" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "artifactUri" TEXT,
    "config" JSONB NOT NULL DEFAULT '{}',
    "templateVersion" TEXT NOT NULL,
    "status" "ModelStatus" NOT NULL DEFAULT 'training',
    "parentId" TEXT,
    "trainMetrics" JSONB,
    "evalMetrics" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "promotedAt" TIMESTAMP(3),
    "retiredAt" TIMESTAMP(3),

    CONSTRAINT "GenrmModel_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TrainingRun" (
    "id" TEXT NOT NULL,
    "jobId" TEXT,
    "kind" TEXT NOT NULL,
    "purpose" TEXT NOT NULL DEFAULT 'train',
    "params" JSONB NOT NULL DEFAULT '{}',
    "datasetIds" TEXT[],
    "status" "JobStatus" NOT NULL DEFAULT 'queued',
    "progress" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "progressData" JSONB NOT NULL DEFAULT '{}',
    "logs" TEXT NOT NULL DEFAULT '',
    "metrics" JSONB,
    "error" TEXT,
    "labelCount" INTEGER NOT NULL DEFAULT 0,
    "createdById" TEXT,
    "parentModelId" TEXT,
    "modelId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "TrainingRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TrainingRunLabel" (
    "trainingRunId" TEXT NOT NULL,
    "labelId" TEXT NOT NULL,
    "heldOut" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "TrainingRunLabel_pkey" PRIMARY KEY ("trainingRunId","labelId")
);

-- CreateTable
CREATE TABLE "Evaluation" (
    "id" TEXT NOT NULL,
    "modelId" TEXT NOT NULL,
    "jobId" TEXT,
    "status" "JobStatus" NOT NULL DEFAULT 'queued',
    "metrics" JSONB,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "Evaluation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JudgementCache" (
    "key" TEXT NOT NULL,
    "modelId" TEXT NOT NULL,
    "probs" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "JudgementCache_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "TournamentRun" (
    "id" TEXT NOT NULL,
    "datasetId" TEXT NOT NULL,
    "modelId" TEXT NOT NULL,
    "jobId" TEXT,
    "status" "JobStatus" NOT NULL DEFAULT 'queued',
    "seed" INTEGER NOT NULL DEFAULT 1,
    "config" JSONB NOT NULL DEFAULT '{}',
    "total" INTEGER NOT NULL DEFAULT 0,
    "done" INTEGER NOT NULL DEFAULT 0,
    "judgeCalls" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "TournamentRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Tournament" (
    "id" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "promptId" TEXT NOT NULL,
    "status" "JobStatus" NOT NULL DEFAULT 'queued',
    "entrants" TEXT[],
    "state" JSONB,
    "roundsDone" INTEGER NOT NULL DEFAULT 0,
    "standings" JSONB,
    "winnerResponseId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "Tournament_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Game" (
    "id" TEXT NOT NULL,
    "tournamentId" TEXT NOT NULL,
    "round" INTEGER NOT NULL,
    "stage" TEXT NOT NULL DEFAULT 'swiss',
    "aId" TEXT NOT NULL,
    "bId" TEXT NOT NULL,
    "verdictAb" JSONB,
    "verdictBa" JSONB,
    "scoreA" DOUBLE PRECISION NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Game_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Reference" (
    "id" TEXT NOT NULL,
    "promptId" TEXT NOT NULL,
    "responseId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "tournamentId" TEXT,
    "setById" TEXT,
    "reason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Reference_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RlRun" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "policy" TEXT NOT NULL DEFAULT '',
    "ownerId" TEXT NOT NULL,
    "apiKeyId" TEXT,
    "modelId" TEXT,
    "controlAction" TEXT NOT NULL DEFAULT 'continue',
    "controlReason" TEXT NOT NULL DEFAULT '',
    "autoPause" BOOLEAN NOT NULL DEFAULT true,
    "autoRecalibrate" BOOLEAN NOT NULL DEFAULT false,
    "detectorConfig" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RlRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RlStep" (
    "id" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "step" INTEGER NOT NULL,
    "metrics" JSONB NOT NULL,
    "derived" JSONB NOT NULL DEFAULT '{}',
    "modelId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RlStep_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RolloutSample" (
    "id" TEXT NOT NULL,
    "stepId" TEXT NOT NULL,
    "prompt" TEXT NOT NULL,
    "response" TEXT NOT NULL,
    "reward" DOUBLE PRECISION NOT NULL,
    "length" INTEGER NOT NULL,
    "correct" DOUBLE PRECISION,

    CONSTRAINT "RolloutSample_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BiasAlert" (
    "id" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "detector" TEXT NOT NULL,
    "statistic" TEXT NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "threshold" DOUBLE PRECISION NOT NULL,
    "step" INTEGER NOT NULL,
    "evidenceSteps" INTEGER[],
    "message" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BiasAlert_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Recalibration" (
    "id" TEXT NOT NULL,
    "runId" TEXT,
    "alertId" TEXT,
    "fromModelId" TEXT NOT NULL,
    "toModelId" TEXT,
    "trainingRunId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "reason" TEXT NOT NULL DEFAULT '',
    "comparison" JSONB,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "Recalibration_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ControlCommand" (
    "id" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "modelId" TEXT,
    "reason" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "alertId" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ControlCommand_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JobEffect" (
    "id" TEXT NOT NULL,
    "jobId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "data" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "JobEffect_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiCallLog" (
    "id" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "apiKeyId" TEXT,
    "route" TEXT NOT NULL,
    "modelId" TEXT,
    "batchSize" INTEGER NOT NULL DEFAULT 0,
    "status" INTEGER NOT NULL,
    "latencyMs" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ApiCallLog_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_hash_key" ON "ApiKey"("hash");

-- CreateIndex
CREATE INDEX "ApiKey_userId_idx" ON "ApiKey"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "Prompt_datasetId_key_key" ON "Prompt"("datasetId", "key");

-- CreateIndex
CREATE UNIQUE INDEX "Response_promptId_key_key" ON "Response"("promptId", "key");

-- CreateIndex
CREATE INDEX "Comparison_datasetId_idx" ON "Comparison"("datasetId");

-- CreateIndex
CREATE UNIQUE INDEX "Comparison_responseAId_responseBId_mode_key" ON "Comparison"("responseAId", "responseBId", "mode");

-- CreateIndex
CREATE INDEX "Assignment_annotatorId_state_idx" ON "Assignment"("annotatorId", "state");

-- CreateIndex
CREATE INDEX "Assignment_comparisonId_state_idx" ON "Assignment"("comparisonId", "state");

-- CreateIndex
CREATE UNIQUE INDEX "Assignment_comparisonId_annotatorId_key" ON "Assignment"("comparisonId", "annotatorId");

-- CreateIndex
CREATE UNIQUE INDEX "Label_assignmentId_key" ON "Label"("assignmentId");

-- CreateIndex
CREATE INDEX "Label_annotatorId_createdAt_idx" ON "Label"("annotatorId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Label_comparisonId_annotatorId_key" ON "Label"("comparisonId", "annotatorId");

-- CreateIndex
CREATE UNIQUE INDEX "GenrmModel_version_key" ON "GenrmModel"("version");

-- CreateIndex
CREATE UNIQUE INDEX "TrainingRun_modelId_key" ON "TrainingRun"("modelId");

-- CreateIndex
CREATE UNIQUE INDEX "Tournament_runId_promptId_key" ON "Tournament"("runId", "promptId");

-- CreateIndex
CREATE INDEX "Game_tournamentId_round_idx" ON "Game"("tournamentId", "round");

-- CreateIndex
CREATE INDEX "Reference_promptId_createdAt_idx" ON "Reference"("promptId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "RlStep_runId_step_key" ON "RlStep"("runId", "step");

-- CreateIndex
CREATE INDEX "RolloutSample_stepId_idx" ON "RolloutSample"("stepId");

-- CreateIndex
CREATE UNIQUE INDEX "BiasAlert_runId_detector_step_key" ON "BiasAlert"("runId", "detector", "step");

-- CreateIndex
CREATE UNIQUE INDEX "Recalibration_trainingRunId_key" ON "Recalibration"("trainingRunId");

-- CreateIndex
CREATE INDEX "ControlCommand_runId_createdAt_idx" ON "ControlCommand"("runId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "JobEffect_jobId_key" ON "JobEffect"("jobId");

-- CreateIndex
CREATE INDEX "ApiCallLog_apiKeyId_createdAt_idx" ON "ApiCallLog"("apiKeyId", "createdAt");

-- AddForeignKey
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Dataset" ADD CONSTRAINT "Dataset_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DatasetImport" ADD CONSTRAINT "DatasetImport_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "Dataset"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Prompt" ADD CONSTRAINT "Prompt_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "Dataset"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Response" ADD CONSTRAINT "Response_promptId_fkey" FOREIGN KEY ("promptId") REFERENCES "Prompt"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Comparison" ADD CONSTRAINT "Comparison_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "Dataset"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Comparison" ADD CONSTRAINT "Comparison_promptId_fkey" FOREIGN KEY ("promptId") REFERENCES "Prompt"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Comparison" ADD CONSTRAINT "Comparison_responseAId_fkey" FOREIGN KEY ("responseAId") REFERENCES "Response"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Comparison" ADD CONSTRAINT "Comparison_responseBId_fkey" FOREIGN KEY ("responseBId") REFERENCES "Response"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assignment" ADD CONSTRAINT "Assignment_comparisonId_fkey" FOREIGN KEY ("comparisonId") REFERENCES "Comparison"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assignment" ADD CONSTRAINT "Assignment_annotatorId_fkey" FOREIGN KEY ("annotatorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Label" ADD CONSTRAINT "Label_comparisonId_fkey" FOREIGN KEY ("comparisonId") REFERENCES "Comparison"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Label" ADD CONSTRAINT "Label_annotatorId_fkey" FOREIGN KEY ("annotatorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Label" ADD CONSTRAINT "Label_assignmentId_fkey" FOREIGN KEY ("assignmentId") REFERENCES "Assignment"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GenrmModel" ADD CONSTRAINT "GenrmModel_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "GenrmModel"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TrainingRun" ADD CONSTRAINT "TrainingRun_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TrainingRun" ADD CONSTRAINT "TrainingRun_parentModelId_fkey" FOREIGN KEY ("parentModelId") REFERENCES "GenrmModel"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TrainingRun" ADD CONSTRAINT "TrainingRun_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "GenrmModel"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TrainingRunLabel" ADD CONSTRAINT "TrainingRunLabel_trainingRunId_fkey" FOREIGN KEY ("trainingRunId") REFERENCES "TrainingRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TrainingRunLabel" ADD CONSTRAINT "TrainingRunLabel_labelId_fkey" FOREIGN KEY ("labelId") REFERENCES "Label"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Evaluation" ADD CONSTRAINT "Evaluation_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "GenrmModel"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TournamentRun" ADD CONSTRAINT "TournamentRun_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "Dataset"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TournamentRun" ADD CONSTRAINT "TournamentRun_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "GenrmModel"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Tournament" ADD CONSTRAINT "Tournament_runId_fkey" FOREIGN KEY ("runId") REFERENCES "TournamentRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Tournament" ADD CONSTRAINT "Tournament_promptId_fkey" FOREIGN KEY ("promptId") REFERENCES "Prompt"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Game" ADD CONSTRAINT "Game_tournamentId_fkey" FOREIGN KEY ("tournamentId") REFERENCES "Tournament"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Reference" ADD CONSTRAINT "Reference_promptId_fkey" FOREIGN KEY ("promptId") REFERENCES "Prompt"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Reference" ADD CONSTRAINT "Reference_responseId_fkey" FOREIGN KEY ("responseId") REFERENCES "Response"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Reference" ADD CONSTRAINT "Reference_tournamentId_fkey" FOREIGN KEY ("tournamentId") REFERENCES "Tournament"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Reference" ADD CONSTRAINT "Reference_setById_fkey" FOREIGN KEY ("setById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RlRun" ADD CONSTRAINT "RlRun_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RlRun" ADD CONSTRAINT "RlRun_apiKeyId_fkey" FOREIGN KEY ("apiKeyId") REFERENCES "ApiKey"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RlRun" ADD CONSTRAINT "RlRun_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "GenrmModel"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RlStep" ADD CONSTRAINT "RlStep_runId_fkey" FOREIGN KEY ("runId") REFERENCES "RlRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RlStep" ADD CONSTRAINT "RlStep_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "GenrmModel"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RolloutSample" ADD CONSTRAINT "RolloutSample_stepId_fkey" FOREIGN KEY ("stepId") REFERENCES "RlStep"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BiasAlert" ADD CONSTRAINT "BiasAlert_runId_fkey" FOREIGN KEY ("runId") REFERENCES "RlRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Recalibration" ADD CONSTRAINT "Recalibration_runId_fkey" FOREIGN KEY ("runId") REFERENCES "RlRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Recalibration" ADD CONSTRAINT "Recalibration_alertId_fkey" FOREIGN KEY ("alertId") REFERENCES "BiasAlert"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Recalibration" ADD CONSTRAINT "Recalibration_fromModelId_fkey" FOREIGN KEY ("fromModelId") REFERENCES "GenrmModel"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Recalibration" ADD CONSTRAINT "Recalibration_toModelId_fkey" FOREIGN KEY ("toModelId") REFERENCES "GenrmModel"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Recalibration" ADD CONSTRAINT "Recalibration_trainingRunId_fkey" FOREIGN KEY ("trainingRunId") REFERENCES "TrainingRun"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ControlCommand" ADD CONSTRAINT "ControlCommand_runId_fkey" FOREIGN KEY ("runId") REFERENCES "RlRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ControlCommand" ADD CONSTRAINT "ControlCommand_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "GenrmModel"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ControlCommand" ADD CONSTRAINT "ControlCommand_alertId_fkey" FOREIGN KEY ("alertId") REFERENCES "BiasAlert"("id") ON DELETE SET NULL ON UPDATE CASCADE;
