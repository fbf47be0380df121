-- A boost needs similarity above 0.6: near-duplicates of the query, the first neighbours any walk
-- finds, and the very same query text comes from the btree half. The 16 nearest at ef_search 40
-- took 1.5 ms on 22.6k playbooks where the 64 nearest at ef_search 100 took 7.1 ms (5.8 ms mean
-- under load, a sixth of PostgreSQL's time in the load mix).
ALTER FUNCTION nearest_playbooks(vector, text, int) SET hnsw.ef_search = 40;
