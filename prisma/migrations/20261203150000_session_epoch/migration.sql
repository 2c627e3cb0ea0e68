-- Sessions (Auth.js JWTs) carry the epoch they were issued under; a password change or reset bumps it.
ALTER TABLE "User" ADD COLUMN "sessionEpoch" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "User" ADD COLUMN "passwordChangedAt" TIMESTAMP(3);
