-- The playbooks a replay draws its boost from, as one function so its settings travel with it:
-- the nearest `n` by HNSW (ef_search 100 is enough for n = 64 on the playbook graph; the index
-- is always used: at ~4k playbooks the planner chose a sequential scan, 5.4 ms against ~1 ms)
-- and the newest `n` recorded for the very same query text (query_key, 0006), one row each.
CREATE FUNCTION nearest_playbooks(q vector, qtext text, n int)
  RETURNS TABLE (id uuid, worker_ids text[], similarity float8)
  LANGUAGE sql STABLE PARALLEL SAFE
  SET enable_seqscan = off
  SET hnsw.ef_search = 100
AS $$
  (SELECT p.id, p.worker_ids, 1 - (p.embedding <=> q) FROM playbooks p
    WHERE p.outcome <> 'declined' ORDER BY p.embedding <=> q LIMIT n)
  UNION
  (SELECT p.id, p.worker_ids, 1 - (p.embedding <=> q) FROM playbooks p
    WHERE query_key(p.query) = query_key(qtext) AND p.outcome <> 'declined' ORDER BY p.created_at DESC LIMIT n)
$$;
