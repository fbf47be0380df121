DROP INDEX "workers_skills_gin";--> statement-breakpoint
DROP INDEX "workers_certifications_gin";--> statement-breakpoint
CREATE INDEX "workers_skills_gin" ON "workers" USING gin (lower_tags("skills"));--> statement-breakpoint
CREATE INDEX "workers_certifications_gin" ON "workers" USING gin (lower_tags("certifications"));