-- The request-text graph with neighbour lists of 10 instead of pgvector's default 16 (ef_construction stays 64).
-- Each distinct request text's record inserts a node, and each replay walks the graph; with the distinct-text
-- load mix these were the two largest statements by time. Same texts, three seeds of bench/playbook-recall.ts
-- (200 new requests per family): PostgreSQL CPU per new text's record 1.53-1.87 -> 0.93-2.00 ms (median 1.77
-- -> 1.03), per lookup 2.80-4.15 -> 1.70-2.90 ms (harness) and 1.40-1.65 -> 1.20-1.40 ms (reworded); most
-- similar playbook found 0.984-1.000 -> 0.979-1.000 (harness), 0.993-1.000 -> 0.993-0.994 (reworded).
SET LOCAL maintenance_work_mem = '512MB';--> statement-breakpoint
DROP INDEX "playbook_texts_embedding_hnsw";--> statement-breakpoint
CREATE INDEX "playbook_texts_embedding_hnsw" ON "playbook_texts" USING hnsw ("embedding" halfvec_cosine_ops) WITH (m=10,ef_construction=64);
