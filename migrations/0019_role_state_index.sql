-- A role in a state is a candidate set of the search (the tier after the city and its neighbours, and
-- the profile swap's), and it had no index of its own: the plan ANDed the bitmaps of the role (4,188
-- forklift operators) and the state (11,027 Texans) to find 420 workers, and its cost went there.
-- (lower(role), state) finds them directly and still serves a role alone, so it replaces workers_role.
DROP INDEX "workers_role";--> statement-breakpoint
CREATE INDEX "workers_role_state" ON "workers" USING btree (lower("role"),"state");