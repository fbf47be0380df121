-- The playbook graph goes back to pgvector's defaults (m 16, ef_construction 64), replacing 0014's small
-- graph (m 8, ef_construction 16). A replay's boosts come from the playbooks most similar to its request; on
-- 90,614 playbooks the small graph's walk (ef_search 40) found a new request's most similar one for 34 % of
-- the load harness's requests (38 % reworded), the default graph for 94 %; a record costs ~0.7 ms more
-- (bench/playbook-recall.ts, docs/decisions.md). The graph is built in memory when it fits.
SET LOCAL maintenance_work_mem = '512MB';--> statement-breakpoint
DROP INDEX "playbooks_embedding_hnsw";--> statement-breakpoint
CREATE INDEX "playbooks_embedding_hnsw" ON "playbooks" USING hnsw ("embedding" vector_cosine_ops) WITH (m=16,ef_construction=64);