-- The recalibration's stored result (diagnosis, training-data numbers, before/after, decision, or the
-- error that failed it) was named "comparison", which read like the Comparison table. Renamed in place:
-- the JSON is kept as it is.
ALTER TABLE "Recalibration" RENAME COLUMN "comparison" TO "outcome";
