-- A replay must find every playbook recorded for the very same query, however many
-- near-duplicates crowd the HNSW top-N (a load run recorded one query ~10 times among
-- 32k playbooks and its newest workers went unboosted). query_key() is the text as the
-- embedding cache keys it: trimmed, runs of whitespace as one space, lower case.
CREATE FUNCTION query_key(q text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN lower(btrim(regexp_replace(q, '\s+', ' ', 'g')));
