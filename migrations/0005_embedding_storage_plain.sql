-- Keep worker vectors inline in the heap (no TOAST): an exact scan of a filtered
-- subset of 2,505 rows fell from 73.9 ms to 23.2 ms p50, and HNSW candidates no
-- longer fetch their vector from TOAST (bench/search-storage.ts). pgvector
-- declares `vector` EXTERNAL; a 768-d vector (3 KB) still fits a heap page.
-- Applies to rows written from now on; rewrite older rows with VACUUM FULL workers.
ALTER TABLE "workers" ALTER COLUMN "embedding" SET STORAGE PLAIN;
