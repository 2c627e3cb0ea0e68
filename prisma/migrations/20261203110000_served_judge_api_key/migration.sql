-- A served judge's API key, encrypted at rest (AES-256-GCM); NULL for every other version.
ALTER TABLE "GenrmModel" ADD COLUMN "apiKeyEncrypted" TEXT;
