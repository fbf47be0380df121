-- A playbook's query key is written by the service with the row (src/matrix/queryKey.ts) instead of
-- computed by the SQL function query_key(), a second copy of the same rule that could drift from the
-- JavaScript one (their \s classes differ on Unicode spaces). Existing rows take the old function's
-- key once; the function then goes, and nearest_playbooks() compares the stored key with the one the
-- caller passes.
DROP INDEX "playbooks_query_key";--> statement-breakpoint
ALTER TABLE "playbooks" ADD COLUMN "query_key" text;--> statement-breakpoint
UPDATE "playbooks" SET "query_key" = query_key("query");--> statement-breakpoint
ALTER TABLE "playbooks" ALTER COLUMN "query_key" SET NOT NULL;--> statement-breakpoint
CREATE INDEX "playbooks_query_key" ON "playbooks" USING btree ("query_key","created_at");--> statement-breakpoint
DROP FUNCTION nearest_playbooks(vector, text, int);--> statement-breakpoint
CREATE FUNCTION nearest_playbooks(q vector, qkey text, n int)
  RETURNS TABLE (id uuid, worker_ids text[], similarity float8, same_text boolean, created_at timestamptz)
  LANGUAGE sql STABLE PARALLEL SAFE
  SET enable_seqscan = off
  SET hnsw.ef_search = 40
  SET jit = off
AS $$
  (SELECT p.id, p.worker_ids, 1 - (p.embedding <=> q), p.query_key = qkey, p.created_at FROM playbooks p
    WHERE p.outcome <> 'declined' ORDER BY p.embedding <=> q LIMIT n)
  UNION
  (SELECT p.id, p.worker_ids, 1 - (p.embedding <=> q), true, p.created_at FROM playbooks p
    WHERE p.query_key = qkey AND p.outcome <> 'declined' ORDER BY p.created_at DESC LIMIT n)
$$;--> statement-breakpoint
DROP FUNCTION query_key(text);
