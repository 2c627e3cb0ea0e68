-- CreateIndex
CREATE INDEX "Comparison_datasetId_isGold_id_idx" ON "Comparison"("datasetId", "isGold", "id");
