-- Idempotency keys belong to the API key that sent them ('key:<key id>'), or to everyone ('open') when
-- the service runs without keys: one client's key never replays another client's answer. Keys stored
-- before this migration get 'open'; with API_KEYS set they no longer match (a retry spanning the upgrade runs again).
ALTER TABLE "idempotency_keys" ADD COLUMN "scope" text DEFAULT 'open' NOT NULL;--> statement-breakpoint
ALTER TABLE "idempotency_keys" DROP CONSTRAINT "idempotency_keys_route_key_pk";--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_scope_route_key_pk" PRIMARY KEY("scope","route","key");
