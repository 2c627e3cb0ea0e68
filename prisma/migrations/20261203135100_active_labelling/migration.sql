
-- AlterTable
ALTER TABLE "Comparison" ADD COLUMN     "uncertainty" DOUBLE PRECISION;

-- AlterTable
ALTER TABLE "Dataset" ADD COLUMN     "activeLabelling" JSONB;

