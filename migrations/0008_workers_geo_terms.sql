-- Coordinates from city + state (written by the service from its gazetteer; null where the
-- place is unknown), a role index for searches that understood a role but no place, and the
-- full-text index behind the lexical signal (names and summary words the vocabulary lacks).
ALTER TABLE "workers" ADD COLUMN "lat" double precision;--> statement-breakpoint
ALTER TABLE "workers" ADD COLUMN "lon" double precision;--> statement-breakpoint
CREATE INDEX "workers_role" ON "workers" USING btree (lower("role"));--> statement-breakpoint
CREATE INDEX "workers_terms_gin" ON "workers" USING gin (to_tsvector('simple', "name" || ' ' || "summary"));