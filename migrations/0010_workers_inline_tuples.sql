-- Keep every column of a worker in its heap tuple. With the 3 KB vector stored PLAIN (0005) a row
-- is ~3.9 KB, above the 2 KB toast_tuple_target, so PostgreSQL moved every other variable-length
-- column (skills, certifications, availability, profile, summary) out of line to TOAST (91 MB at
-- 100k): ranking 3,862 candidates read 64k buffers (16 per row) and took 40.7 ms; inline, 4.1k
-- buffers and 16.9 ms. Rows written from now on; rewrite older ones with VACUUM FULL workers.
ALTER TABLE "workers" SET (toast_tuple_target = 8160);
