-- The request-text graph stores half-precision vectors (halfvec, 2 bytes a dimension): a text's vector
-- only decides which past requests are similar enough to lend their playbooks a boost, and the graph's
-- insert (one per new request text) and walk (one per replay) were the largest PostgreSQL statements of
-- the distinct-text load mix. Half the bytes per node means half the pages an insert or a walk reads;
-- the lookup's recall is re-measured by bench/playbook-recall.ts (docs/decisions.md has the figures).
-- The workers' vectors stay full precision: they rank candidates exactly.
SET LOCAL maintenance_work_mem = '512MB';--> statement-breakpoint
DROP INDEX "playbook_texts_embedding_hnsw";--> statement-breakpoint
ALTER TABLE "playbook_texts" ALTER COLUMN "embedding" SET DATA TYPE halfvec(768);--> statement-breakpoint
-- Inline in the heap, as the other vectors are (0005, 0009, 0021); a type change resets the storage.
ALTER TABLE "playbook_texts" ALTER COLUMN "embedding" SET STORAGE PLAIN;--> statement-breakpoint
CREATE INDEX "playbook_texts_embedding_hnsw" ON "playbook_texts" USING hnsw ("embedding" halfvec_cosine_ops) WITH (m=16,ef_construction=64);--> statement-breakpoint
-- As in 0021, with the query vector cast to halfvec so the walk uses the halfvec graph.
CREATE OR REPLACE FUNCTION nearest_playbooks(q vector, qkey text, n int, per_text int, floor float8)
  RETURNS TABLE (id uuid, worker_ids text[], similarity float8, same_text boolean, created_at timestamptz)
  LANGUAGE sql STABLE PARALLEL SAFE
  SET enable_seqscan = off
  SET hnsw.ef_search = 40
  SET jit = off
AS $$
  WITH texts AS (
    (SELECT t.query_key, 1 - (t.embedding <=> q::halfvec(768)) AS similarity FROM playbook_texts t
      ORDER BY t.embedding <=> q::halfvec(768) LIMIT n)
    UNION
    (SELECT t.query_key, 1 - (t.embedding <=> q::halfvec(768)) FROM playbook_texts t WHERE t.query_key = qkey)
  )
  SELECT p.id, p.worker_ids, t.similarity, t.query_key = qkey, p.created_at
  FROM texts t CROSS JOIN LATERAL (
    SELECT p.id, p.worker_ids, p.created_at FROM playbooks p
    WHERE p.query_key = t.query_key AND p.outcome <> 'declined'
    ORDER BY p.created_at DESC LIMIT per_text) p
  WHERE t.similarity > floor
  ORDER BY t.query_key = qkey DESC, t.similarity DESC, p.created_at DESC, p.id
  LIMIT n
$$;
