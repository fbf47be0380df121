-- nearest_playbooks() also says which playbooks were recorded for the very same query text and when,
-- so a replay can rank the newest record of its own request first (playbooks.ts): with one request
-- recorded ~30 times in a load run, older records had lent 30+ workers the capped boost and the
-- workers just recorded fell out of the top k (3 of 15,377 replays).
DROP FUNCTION nearest_playbooks(vector, text, int);--> statement-breakpoint
CREATE FUNCTION nearest_playbooks(q vector, qtext text, n int)
  RETURNS TABLE (id uuid, worker_ids text[], similarity float8, same_text boolean, created_at timestamptz)
  LANGUAGE sql STABLE PARALLEL SAFE
  SET enable_seqscan = off
  SET hnsw.ef_search = 40
  SET jit = off
AS $$
  (SELECT p.id, p.worker_ids, 1 - (p.embedding <=> q), query_key(p.query) = query_key(qtext), p.created_at FROM playbooks p
    WHERE p.outcome <> 'declined' ORDER BY p.embedding <=> q LIMIT n)
  UNION
  (SELECT p.id, p.worker_ids, 1 - (p.embedding <=> q), true, p.created_at FROM playbooks p
    WHERE query_key(p.query) = query_key(qtext) AND p.outcome <> 'declined' ORDER BY p.created_at DESC LIMIT n)
$$;
