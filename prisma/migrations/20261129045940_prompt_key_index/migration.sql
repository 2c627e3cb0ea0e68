-- CreateIndex
CREATE INDEX "Prompt_key_idx" ON "Prompt"("key");
