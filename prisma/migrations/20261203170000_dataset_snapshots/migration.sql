-- Dataset snapshots: content-addressed, insert-only views of a dataset's comparisons and labels.
CREATE TABLE "DatasetSnapshot" (
    "id" TEXT NOT NULL,
    "datasetId" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "comparisonCount" INTEGER NOT NULL,
    "labelCount" INTEGER NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DatasetSnapshot_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "DatasetSnapshotComparison" (
    "snapshotId" TEXT NOT NULL,
    "comparisonId" TEXT NOT NULL,

    CONSTRAINT "DatasetSnapshotComparison_pkey" PRIMARY KEY ("snapshotId","comparisonId")
);

CREATE TABLE "DatasetSnapshotLabel" (
    "snapshotId" TEXT NOT NULL,
    "labelId" TEXT NOT NULL,

    CONSTRAINT "DatasetSnapshotLabel_pkey" PRIMARY KEY ("snapshotId","labelId")
);

-- Training runs cite the snapshots they train on.
ALTER TABLE "TrainingRun" ADD COLUMN "snapshotIds" TEXT[] DEFAULT ARRAY[]::TEXT[];

CREATE UNIQUE INDEX "DatasetSnapshot_contentHash_key" ON "DatasetSnapshot"("contentHash");
CREATE INDEX "DatasetSnapshot_datasetId_createdAt_idx" ON "DatasetSnapshot"("datasetId", "createdAt");
CREATE INDEX "DatasetSnapshotComparison_comparisonId_idx" ON "DatasetSnapshotComparison"("comparisonId");
CREATE INDEX "DatasetSnapshotLabel_labelId_idx" ON "DatasetSnapshotLabel"("labelId");

ALTER TABLE "DatasetSnapshot" ADD CONSTRAINT "DatasetSnapshot_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "Dataset"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "DatasetSnapshot" ADD CONSTRAINT "DatasetSnapshot_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "DatasetSnapshotComparison" ADD CONSTRAINT "DatasetSnapshotComparison_snapshotId_fkey" FOREIGN KEY ("snapshotId") REFERENCES "DatasetSnapshot"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "DatasetSnapshotComparison" ADD CONSTRAINT "DatasetSnapshotComparison_comparisonId_fkey" FOREIGN KEY ("comparisonId") REFERENCES "Comparison"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "DatasetSnapshotLabel" ADD CONSTRAINT "DatasetSnapshotLabel_snapshotId_fkey" FOREIGN KEY ("snapshotId") REFERENCES "DatasetSnapshot"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "DatasetSnapshotLabel" ADD CONSTRAINT "DatasetSnapshotLabel_labelId_fkey" FOREIGN KEY ("labelId") REFERENCES "Label"("id") ON DELETE CASCADE ON UPDATE CASCADE;
