-- The annotators' two hot operations as one round trip each (they were BEGIN, 2 statements, COMMIT):
-- on a loaded 2-core machine every round trip to Postgres costs the web process a syscall and a wake-up,
-- and the next/submit loop made 13 of them per label. Same statements, same order, same locks as the
-- TypeScript they replace (core/labelling/lease-comparison.ts, submit-label.ts explain the why).
-- VOLATILE plpgsql in READ COMMITTED: every statement below takes a fresh snapshot, so the INSERT /
-- WRITE after the row lock sees every lease and label committed meanwhile — the property the
-- k-overlap guarantee rests on. now() is the transaction start, as it was in the explicit transaction.

CREATE FUNCTION genrm_lease_comparison(
  p_dataset text, p_annotator text, p_gold boolean, p_lease_s double precision,
  p_id text, p_shown_left text, p_max_tries integer
) RETURNS TABLE (assignment_id text, comparison_id text, shown_left text, busy boolean)
LANGUAGE plpgsql VOLATILE AS $fn$
DECLARE
  tried text[] := '{}';
  picked text;
  v_id text;
  v_left text;
BEGIN
  FOR i IN 1..p_max_tries LOOP
    picked := NULL;
    -- The first comparison in queue order with room that this annotator has neither finished nor holds;
    -- SKIP LOCKED: others racing for it move on to the next.
    SELECT c.id INTO picked FROM "Comparison" c
     WHERE c."datasetId" = p_dataset AND c."isGold" = p_gold AND c.id <> ALL(tried)
       AND NOT EXISTS (SELECT 1 FROM "Assignment" m WHERE m."comparisonId" = c.id AND m."annotatorId" = p_annotator
             AND (m.state IN ('done', 'skipped', 'flagged') OR (m.state = 'active' AND m."leaseExpiresAt" > (now() AT TIME ZONE 'UTC'))))
       AND (p_gold OR (c."labelCount" < c.overlap AND c."labelCount" + (SELECT count(*) FROM "Assignment" l WHERE l."comparisonId" = c.id
             AND l.state = 'active' AND l."leaseExpiresAt" > (now() AT TIME ZONE 'UTC')) < c.overlap))
     ORDER BY c."datasetId", c."isGold", c.id
     LIMIT 1
     FOR UPDATE OF c SKIP LOCKED;
    IF picked IS NULL THEN
      RETURN; -- nothing left for this annotator
    END IF;
    v_id := NULL;
    -- A new statement (fresh snapshot, lock held): re-check, then lease (or re-lease their expired one).
    INSERT INTO "Assignment" (id, "comparisonId", "annotatorId", state, "shownLeft", "leaseExpiresAt", "createdAt", "updatedAt")
    SELECT p_id, c.id, p_annotator, 'active', p_shown_left, (now() AT TIME ZONE 'UTC') + make_interval(secs => p_lease_s),
           (now() AT TIME ZONE 'UTC'), (now() AT TIME ZONE 'UTC')
      FROM "Comparison" c
     WHERE c.id = picked
       AND NOT EXISTS (SELECT 1 FROM "Assignment" m WHERE m."comparisonId" = c.id AND m."annotatorId" = p_annotator
             AND (m.state IN ('done', 'skipped', 'flagged') OR (m.state = 'active' AND m."leaseExpiresAt" > (now() AT TIME ZONE 'UTC'))))
       AND (p_gold OR (c."labelCount" < c.overlap AND c."labelCount" + (SELECT count(*) FROM "Assignment" l WHERE l."comparisonId" = c.id
             AND l.state = 'active' AND l."leaseExpiresAt" > (now() AT TIME ZONE 'UTC')) < c.overlap))
    ON CONFLICT ("comparisonId", "annotatorId") DO UPDATE
      SET state = 'active', "leaseExpiresAt" = EXCLUDED."leaseExpiresAt", "updatedAt" = EXCLUDED."updatedAt", "flagReason" = NULL
      WHERE "Assignment".state = 'expired' OR ("Assignment".state = 'active' AND "Assignment"."leaseExpiresAt" <= (now() AT TIME ZONE 'UTC'))
    RETURNING "Assignment".id, "Assignment"."shownLeft" INTO v_id, v_left;
    IF v_id IS NOT NULL THEN
      assignment_id := v_id; comparison_id := picked; shown_left := v_left; busy := false;
      RETURN NEXT;
      RETURN;
    END IF;
    tried := array_append(tried, picked); -- filled (or taken by them in another tab) since the first look
  END LOOP;
  assignment_id := NULL; comparison_id := NULL; shown_left := NULL; busy := true;
  RETURN NEXT;
END
$fn$;

-- p_verdicts: the stored verdict for each "<shownLeft>:<mode>" (the caller maps left/same/right, so that
-- mapping lives in one place, TypeScript). Outcomes: ok | not_found | done | ended:<state> | late | full.
CREATE FUNCTION genrm_submit_label(
  p_assignment text, p_annotator text, p_label_id text, p_verdicts jsonb, p_strength integer,
  p_rationale text, p_ms integer, p_slack_ms integer
) RETURNS TABLE (outcome text, label_id text)
LANGUAGE plpgsql VOLATILE AS $fn$
DECLARE
  v_annotator text;
  v_comparison text;
  v_left text;
  v_mode text;
  v_elapsed double precision;
  v_label text;
  v_written bigint;
  v_state text;
  v_expired boolean;
BEGIN
  -- 1. Lock the comparison (the lock leasing takes too) and read what we need.
  SELECT a."annotatorId", a."comparisonId", a."shownLeft", c.mode::text,
         EXTRACT(EPOCH FROM ((now() AT TIME ZONE 'UTC') - a."updatedAt")) * 1000
    INTO v_annotator, v_comparison, v_left, v_mode, v_elapsed
    FROM "Assignment" a JOIN "Comparison" c ON c.id = a."comparisonId"
   WHERE a.id = p_assignment
     FOR UPDATE OF c;
  IF NOT FOUND OR v_annotator <> p_annotator THEN
    outcome := 'not_found'; label_id := NULL; RETURN NEXT; RETURN; -- someone else's looks like a missing one
  END IF;
  -- 2. A new statement (fresh snapshot, lock held): label, close the assignment and count it, only if the
  --    assignment is still open and the comparison has room (gold has no cap).
  WITH ok AS (
    SELECT 1 FROM "Comparison" c JOIN "Assignment" a ON a.id = p_assignment
    WHERE c.id = v_comparison AND a.state IN ('active', 'expired')
      AND (c."isGold" OR c."labelCount" + (SELECT count(*) FROM "Assignment" o WHERE o."comparisonId" = c.id AND o.id <> a.id
           AND o.state = 'active' AND o."leaseExpiresAt" > (now() AT TIME ZONE 'UTC')) < c.overlap)
  ), lab AS (
    INSERT INTO "Label" (id, "comparisonId", "annotatorId", "assignmentId", verdict, strength, rationale, "shownLeft", "msSpent", source, "createdAt")
    SELECT p_label_id, v_comparison, p_annotator, p_assignment, p_verdicts ->> (v_left || ':' || v_mode), p_strength, p_rationale, v_left,
           GREATEST(0, LEAST(p_ms, round(v_elapsed)::integer + p_slack_ms)), 'human', (now() AT TIME ZONE 'UTC') FROM ok
    RETURNING id
  ), asg AS (
    UPDATE "Assignment" SET state = 'done', "updatedAt" = (now() AT TIME ZONE 'UTC') WHERE id = p_assignment AND EXISTS (SELECT 1 FROM lab) RETURNING id
  ), cmp AS (
    UPDATE "Comparison" SET "labelCount" = "labelCount" + 1 WHERE id = v_comparison AND EXISTS (SELECT 1 FROM lab) RETURNING id
  )
  SELECT (SELECT id FROM lab), (SELECT count(*) FROM asg) + (SELECT count(*) FROM cmp) INTO v_label, v_written;
  IF v_label IS NOT NULL THEN
    outcome := 'ok'; label_id := v_label; RETURN NEXT; RETURN;
  END IF;
  -- 3. Refused: say why; a late submit whose comparison went to others ends the lease.
  SELECT state::text, ("leaseExpiresAt" <= (now() AT TIME ZONE 'UTC')) INTO v_state, v_expired FROM "Assignment" WHERE id = p_assignment;
  label_id := NULL;
  IF v_state = 'done' THEN
    outcome := 'done';
  ELSIF v_state NOT IN ('active', 'expired') THEN
    outcome := 'ended:' || v_state;
  ELSIF v_expired OR v_state = 'expired' THEN
    UPDATE "Assignment" SET state = 'expired', "updatedAt" = (now() AT TIME ZONE 'UTC') WHERE id = p_assignment AND state = 'active';
    outcome := 'late';
  ELSE
    outcome := 'full';
  END IF;
  RETURN NEXT;
END
$fn$;
