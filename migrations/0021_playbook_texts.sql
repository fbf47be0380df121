-- The playbook graph holds one node per distinct request text (query_key) instead of one per playbook.
-- Records of one request have one vector, and the load harness's fills record 943 request texts 7,471
-- times in a 300 s run: every record inserted a 768-d vector into a 90k-node HNSW graph (8.8 ms mean
-- under load), and a replay's walk met copies of the same request. Now a record inserts its text's node
-- only when the text is new (ON CONFLICT DO NOTHING), and nearest_playbooks() walks the texts, then
-- takes each near text's newest playbooks by the (query_key, created_at) btree. The playbook rows lose
-- their 3 KB vector (docs/decisions.md has the figures).
SET LOCAL maintenance_work_mem = '512MB';--> statement-breakpoint
CREATE TABLE "playbook_texts" (
	"query_key" text PRIMARY KEY NOT NULL,
	"query" text NOT NULL,
	"embedding" vector(768) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
-- Inline in the heap, as the other vectors are (0005, 0009).
ALTER TABLE "playbook_texts" ALTER COLUMN "embedding" SET STORAGE PLAIN;--> statement-breakpoint
-- Each text's first record gives its text and vector (what the service's embedding cache would give it).
INSERT INTO "playbook_texts" ("query_key", "query", "embedding", "created_at")
  SELECT DISTINCT ON ("query_key") "query_key", "query", "embedding", "created_at" FROM "playbooks"
  ORDER BY "query_key", "created_at";--> statement-breakpoint
DROP FUNCTION nearest_playbooks(vector, text, int);--> statement-breakpoint
DROP INDEX "playbooks_embedding_hnsw";--> statement-breakpoint
CREATE INDEX "playbook_texts_embedding_hnsw" ON "playbook_texts" USING hnsw ("embedding" vector_cosine_ops) WITH (m=16,ef_construction=64);--> statement-breakpoint
ALTER TABLE "playbooks" ADD CONSTRAINT "playbooks_query_key_playbook_texts_query_key_fk" FOREIGN KEY ("query_key") REFERENCES "public"."playbook_texts"("query_key") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "playbooks" DROP COLUMN "embedding";--> statement-breakpoint
-- The n request texts nearest to q (the HNSW walk, ef_search 40 as in 0013), and the query's own text
-- however far down the walk it would come; of those above the similarity floor (below it a playbook
-- lends nothing), each one's newest per_text non-declined playbooks; one row per playbook, the
-- query's own text first, then by similarity, newest first: the order the boosts are lent in
-- (src/matrix/playbooks.ts). The first n rows.
CREATE FUNCTION nearest_playbooks(q vector, qkey text, n int, per_text int, floor float8)
  RETURNS TABLE (id uuid, worker_ids text[], similarity float8, same_text boolean, created_at timestamptz)
  LANGUAGE sql STABLE PARALLEL SAFE
  SET enable_seqscan = off
  SET hnsw.ef_search = 40
  SET jit = off
AS $$
  WITH texts AS (
    (SELECT t.query_key, 1 - (t.embedding <=> q) AS similarity FROM playbook_texts t ORDER BY t.embedding <=> q LIMIT n)
    UNION
    (SELECT t.query_key, 1 - (t.embedding <=> q) FROM playbook_texts t WHERE t.query_key = qkey)
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
