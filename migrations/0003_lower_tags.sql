-- Skill and certification filters match case-insensitively ("osha 10" finds "OSHA 10").
-- GIN indexes on lower_tags(skills) serve `lower_tags(skills) @> $1`; the function is
-- IMMUTABLE because lower() of text elements is (array_out is only STABLE in general).
CREATE FUNCTION lower_tags(tags text[]) RETURNS text[]
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN (SELECT coalesce(array_agg(lower(t) ORDER BY ord), '{}'::text[]) FROM unnest(tags) WITH ORDINALITY AS u(t, ord));
