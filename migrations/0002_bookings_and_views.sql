-- No worker can hold two active assignments whose shifts overlap, whatever the
-- concurrency: PostgreSQL raises 23P01 (exclusion_violation) on the loser.
-- Half-open ranges so back-to-back shifts (one ends at 14:00, next starts 14:00) are allowed.
ALTER TABLE "fill_assignments" ADD CONSTRAINT "fill_assignments_no_overlap"
  EXCLUDE USING gist ("worker_id" WITH =, tstzrange("shift_start", "shift_end", '[)') WITH &&)
  WHERE ("active");
--> statement-breakpoint
ALTER TABLE "fill_assignments" ADD CONSTRAINT "fill_assignments_shift_order" CHECK ("shift_end" > "shift_start");
--> statement-breakpoint
-- Operator views: read-only answers to the questions asked of the corpus with psql.
CREATE VIEW "corpus_summary" AS
  SELECT state, role,
         count(*) AS workers,
         count(*) FILTER (WHERE status = 'active') AS active,
         round(avg(rating)::numeric, 2) AS avg_rating,
         round(avg(hourly_rate)::numeric, 2) AS avg_hourly_rate
  FROM workers GROUP BY state, role;
--> statement-breakpoint
CREATE VIEW "playbook_activity_daily" AS
  SELECT date_trunc('day', created_at)::date AS day, outcome,
         count(*) AS playbooks,
         sum(cardinality(worker_ids)) AS workers_recorded,
         count(DISTINCT lower(query)) AS distinct_queries
  FROM playbooks GROUP BY 1, 2;
--> statement-breakpoint
CREATE VIEW "fills_daily" AS
  SELECT date_trunc('day', f.created_at)::date AS day, f.status,
         count(DISTINCT f.id) AS fills,
         count(a.worker_id) AS workers_booked
  FROM fills f LEFT JOIN fill_assignments a ON a.fill_id = f.id
  GROUP BY 1, 2;
--> statement-breakpoint
CREATE VIEW "recent_fills" AS
  SELECT f.id, f.ref, f.city, f.state, f.role, f.headcount, f.shift_start, f.shift_end,
         f.status, f.created_at, array_agg(a.worker_id ORDER BY a.worker_id) FILTER (WHERE a.worker_id IS NOT NULL) AS worker_ids
  FROM fills f LEFT JOIN fill_assignments a ON a.fill_id = f.id
  WHERE f.created_at > now() - interval '7 days'
  GROUP BY f.id;
--> statement-breakpoint
CREATE VIEW "workers_never_matched" AS
  SELECT w.id, w.name, w.city, w.state, w.role, w.rating, w.created_at
  FROM workers w
  WHERE w.status = 'active'
    AND NOT EXISTS (SELECT 1 FROM fill_assignments a WHERE a.worker_id = w.id)
    AND NOT EXISTS (SELECT 1 FROM playbooks p WHERE w.id = ANY (p.worker_ids));
