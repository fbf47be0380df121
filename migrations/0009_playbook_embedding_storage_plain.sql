-- Playbook vectors inline in the heap, as the workers' are (0005): with ~4,400 playbooks the
-- replay's nearest-playbooks scan read 53k buffers, 12 per row, detoasting every vector
-- (41.8 ms); inline, 2.2k buffers and 5.4 ms. Applies to rows written from now on.
ALTER TABLE "playbooks" ALTER COLUMN "embedding" SET STORAGE PLAIN;
