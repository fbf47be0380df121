-- pgvector for the embedding columns and HNSW indexes; btree_gist for the fills
-- exclusion constraint (text equality + range overlap in one GiST index).
CREATE EXTENSION IF NOT EXISTS vector;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS btree_gist;
