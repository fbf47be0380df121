-- Two workers per heap page instead of one. A row with everything inline (0010) averages 4.25 KB,
-- just over half a page, so 100k workers took 92k pages (722 MB). The two texts the ranking never
-- reads, the embedded profile and the summary (~460 bytes), now go to TOAST uncompressed (EXTERNAL)
-- once a row passes 4,080 bytes, the most two rows of a page can hold; the tags, the availability and
-- the lexical terms the ranking reads stay inline (MAIN: compressed or moved only if a row still does
-- not fit). At 100k: heap 722 -> 391 MB plus 34 MB of TOAST. With the rows also in place order (the
-- bulk merge inserts them ordered by state, city and role), a candidate set reads adjacent pages:
-- docs/decisions.md has the figures. Applies to rows written from now on; rewrite older ones with
-- CLUSTER workers USING workers_state_city_role (which also puts them in place order).
ALTER TABLE "workers" SET (toast_tuple_target = 4080),
  ALTER COLUMN "profile" SET STORAGE EXTERNAL,
  ALTER COLUMN "summary" SET STORAGE EXTERNAL,
  ALTER COLUMN "skills" SET STORAGE MAIN,
  ALTER COLUMN "certifications" SET STORAGE MAIN,
  ALTER COLUMN "availability" SET STORAGE MAIN,
  ALTER COLUMN "terms" SET STORAGE MAIN;
