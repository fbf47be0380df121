-- Every service start backfills coordinates for workers that lack them, and first asks which places those
-- workers are in. There are few or none, but the question read the whole table: on 100k workers a
-- sequential scan of ~720 MB (5.8 s on a cold cache). A partial index of just those rows answers it
-- (docs/decisions.md has the figures).
CREATE INDEX "workers_unlocated" ON "workers" USING btree ("state","city") WHERE "workers"."lat" IS NULL;
