-- Playbook graph m 8, ef_construction 16 (see schema.ts): 200 records took 230 ms to insert into the default
-- graph (1.15 ms each, a quarter of PostgreSQL's time in the load mix) and 70 ms into this one; the 16
-- nearest at ef_search 40 took 1.3 ms on 26k playbooks.
DROP INDEX "playbooks_embedding_hnsw";--> statement-breakpoint
CREATE INDEX "playbooks_embedding_hnsw" ON "playbooks" USING hnsw ("embedding" vector_cosine_ops) WITH (m=8,ef_construction=16);