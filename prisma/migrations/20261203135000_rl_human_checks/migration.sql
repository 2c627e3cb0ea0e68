-- AlterTable
ALTER TABLE "RlRun" ADD COLUMN     "humanDatasetId" TEXT,
ADD COLUMN     "humanSampleRate" DOUBLE PRECISION NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "RolloutSample" ADD COLUMN     "comparisonId" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "RlRun_humanDatasetId_key" ON "RlRun"("humanDatasetId");

-- CreateIndex
CREATE INDEX "RolloutSample_comparisonId_idx" ON "RolloutSample"("comparisonId");

-- AddForeignKey
ALTER TABLE "RlRun" ADD CONSTRAINT "RlRun_humanDatasetId_fkey" FOREIGN KEY ("humanDatasetId") REFERENCES "Dataset"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RolloutSample" ADD CONSTRAINT "RolloutSample_comparisonId_fkey" FOREIGN KEY ("comparisonId") REFERENCES "Comparison"("id") ON DELETE SET NULL ON UPDATE CASCADE;

