-- AlterTable
ALTER TABLE "Comparison" ADD COLUMN     "importedVerdict" TEXT,
ADD COLUMN     "labelCount" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Dataset" ADD COLUMN     "goldRate" DOUBLE PRECISION NOT NULL DEFAULT 0.1,
ADD COLUMN     "leaseSeconds" INTEGER NOT NULL DEFAULT 600;
