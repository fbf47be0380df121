CREATE TABLE "corpus_meta" (
	"singleton" boolean PRIMARY KEY DEFAULT true NOT NULL,
	"embedder" text NOT NULL,
	"dimension" integer NOT NULL,
	"generation" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "corpus_meta_singleton" CHECK ("corpus_meta"."singleton")
);
--> statement-breakpoint
CREATE TABLE "fill_assignments" (
	"fill_id" uuid NOT NULL,
	"worker_id" text NOT NULL,
	"shift_start" timestamp with time zone NOT NULL,
	"shift_end" timestamp with time zone NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	CONSTRAINT "fill_assignments_fill_id_worker_id_pk" PRIMARY KEY("fill_id","worker_id")
);
--> statement-breakpoint
CREATE TABLE "fills" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ref" text,
	"city" text NOT NULL,
	"state" text NOT NULL,
	"role" text NOT NULL,
	"headcount" smallint NOT NULL,
	"certifications" text[] DEFAULT '{}'::text[] NOT NULL,
	"shift_start" timestamp with time zone NOT NULL,
	"shift_end" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'booked' NOT NULL,
	"playbook_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"cancelled_at" timestamp with time zone,
	CONSTRAINT "fills_status" CHECK ("fills"."status" in ('booked', 'cancelled')),
	CONSTRAINT "fills_shift_order" CHECK ("fills"."shift_end" > "fills"."shift_start")
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"key" text NOT NULL,
	"route" text NOT NULL,
	"request_hash" text NOT NULL,
	"status" smallint NOT NULL,
	"response" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_route_key_pk" PRIMARY KEY("route","key")
);
--> statement-breakpoint
CREATE TABLE "playbooks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"query" text NOT NULL,
	"filters" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"worker_ids" text[] NOT NULL,
	"outcome" text DEFAULT 'filled' NOT NULL,
	"embedding" vector(768) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "playbooks_outcome" CHECK ("playbooks"."outcome" in ('filled', 'accepted', 'declined')),
	CONSTRAINT "playbooks_worker_count" CHECK (cardinality("playbooks"."worker_ids") between 1 and 50)
);
--> statement-breakpoint
CREATE TABLE "workers" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"phone" text NOT NULL,
	"city" text NOT NULL,
	"state" text NOT NULL,
	"role" text NOT NULL,
	"skills" text[] DEFAULT '{}'::text[] NOT NULL,
	"certifications" text[] DEFAULT '{}'::text[] NOT NULL,
	"years_experience" integer DEFAULT 0 NOT NULL,
	"hourly_rate" double precision,
	"rating" double precision,
	"reliability" double precision,
	"availability" text[] DEFAULT '{}'::text[] NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"profile" text NOT NULL,
	"embedding" vector(768) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workers_state_code" CHECK ("workers"."state" ~ '^[A-Z]{2}$'),
	CONSTRAINT "workers_status" CHECK ("workers"."status" in ('active', 'inactive')),
	CONSTRAINT "workers_rating" CHECK ("workers"."rating" between 0 and 5),
	CONSTRAINT "workers_reliability" CHECK ("workers"."reliability" between 0 and 1)
);
--> statement-breakpoint
ALTER TABLE "fill_assignments" ADD CONSTRAINT "fill_assignments_fill_id_fills_id_fk" FOREIGN KEY ("fill_id") REFERENCES "public"."fills"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fill_assignments" ADD CONSTRAINT "fill_assignments_worker_id_workers_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."workers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fills" ADD CONSTRAINT "fills_playbook_id_playbooks_id_fk" FOREIGN KEY ("playbook_id") REFERENCES "public"."playbooks"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "fill_assignments_worker" ON "fill_assignments" USING btree ("worker_id");--> statement-breakpoint
CREATE INDEX "fills_created_at" ON "fills" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "idempotency_keys_created_at" ON "idempotency_keys" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "playbooks_embedding_hnsw" ON "playbooks" USING hnsw ("embedding" vector_cosine_ops);--> statement-breakpoint
CREATE INDEX "playbooks_created_at" ON "playbooks" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "workers_embedding_hnsw" ON "workers" USING hnsw ("embedding" vector_cosine_ops);--> statement-breakpoint
CREATE INDEX "workers_state_city_role" ON "workers" USING btree ("state",lower("city"),lower("role"));--> statement-breakpoint
CREATE INDEX "workers_skills_gin" ON "workers" USING gin ("skills");--> statement-breakpoint
CREATE INDEX "workers_certifications_gin" ON "workers" USING gin ("certifications");