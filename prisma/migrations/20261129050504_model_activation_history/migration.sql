-- CreateTable
CREATE TABLE "ModelActivation" (
    "id" TEXT NOT NULL,
    "modelId" TEXT NOT NULL,
    "previousModelId" TEXT,
    "action" TEXT NOT NULL,
    "actorId" TEXT,
    "reason" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ModelActivation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ModelActivation_modelId_createdAt_idx" ON "ModelActivation"("modelId", "createdAt");

-- CreateIndex
CREATE INDEX "ModelActivation_createdAt_idx" ON "ModelActivation"("createdAt");

-- AddForeignKey
ALTER TABLE "ModelActivation" ADD CONSTRAINT "ModelActivation_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "GenrmModel"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ModelActivation" ADD CONSTRAINT "ModelActivation_previousModelId_fkey" FOREIGN KEY ("previousModelId") REFERENCES "GenrmModel"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ModelActivation" ADD CONSTRAINT "ModelActivation_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
