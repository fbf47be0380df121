import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  customType,
  primaryKey,
  doublePrecision,
  halfvec,
  index,
  integer,
  jsonb,
  pgTable,
  smallint,
  text,
  timestamp,
  uuid,
  vector,
} from 'drizzle-orm/pg-core';

/** The embedding columns' size (migrations create vector(768)); every embedder must produce it. */
export const EMBEDDING_DIM = 768;

const now = () => timestamp({ withTimezone: true }).notNull().defaultNow();
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });
const textArray = () => text().array().notNull().default(sql`'{}'::text[]`);

export const workers = pgTable(
  'workers',
  {
    id: text().primaryKey(),
    name: text().notNull(),
    email: text().notNull(),
    phone: text().notNull(),
    city: text().notNull(),
    state: text().notNull(),
    role: text().notNull(),
    skills: textArray(),
    certifications: textArray(),
    years_experience: integer().notNull().default(0),
    hourly_rate: doublePrecision(),
    rating: doublePrecision(),
    reliability: doublePrecision(),
    availability: textArray(),
    status: text().notNull().default('active'),
    summary: text().notNull().default(''),
    profile: text().notNull(),
    // From city + state at write time (src/places/gazetteer.ts); null for a place the gazetteer does not know.
    lat: doublePrecision(),
    lon: doublePrecision(),
    // The lexical signal's words, parsed once at write time: ranking 2,700 candidates parsed name and
    // summary per row and unmatched word (15 us each, 40 ms a search).
    terms: tsvector().generatedAlwaysAs(sql`to_tsvector('simple', name || ' ' || summary)`),
    embedding: vector({ dimensions: EMBEDDING_DIM }).notNull(),
    created_at: now(),
    updated_at: now(),
  },
  (t) => [
    // Cosine ops to match the `<=>` operator the search orders by.
    index('workers_embedding_hnsw').using('hnsw', t.embedding.op('vector_cosine_ops')),
    // City and role are matched case-insensitively, so the btree holds their lower-case forms.
    index('workers_state_city_role').on(t.state, sql`lower(${t.city})`, sql`lower(${t.role})`),
    // lower_tags() comes from migration 0003: tag filters are case-insensitive.
    index('workers_skills_gin').using('gin', sql`lower_tags(${t.skills})`),
    index('workers_certifications_gin').using('gin', sql`lower_tags(${t.certifications})`),
    // A role understood without a place ("welders") is a candidate set of its own, and a role in a state
    // (the tier after the city and its neighbours) one more: with an index on the role alone, a role's
    // 420 Texans were found by ANDing the bitmaps of 4,188 such workers and 11,027 Texans (2x the time).
    index('workers_role_state').on(sql`lower(${t.role})`, t.state),
    // The lexical signal: words the vocabulary does not know (a name, "cold storage") against name and summary.
    index('workers_terms_gin').using('gin', t.terms),
    // Workers without coordinates (rows from before migration 0008, places the gazetteer lacks): every service start
    // asks which places they are in, and without this index that read the whole table (migration 0023).
    index('workers_unlocated').on(t.state, t.city).where(sql`${t.lat} IS NULL`),
    check('workers_state_code', sql`${t.state} ~ '^[A-Z]{2}$'`),
    check('workers_status', sql`${t.status} in ('active', 'inactive')`),
    check('workers_rating', sql`${t.rating} between 0 and 5`),
    check('workers_reliability', sql`${t.reliability} between 0 and 1`),
  ],
);

/**
 * One row per distinct request text (its query_key) that a playbook was recorded for, with the text's
 * vector: the graph a replay walks to find similar requests. Records of the same request share its
 * node, so a repeated request (a fill's, a rotating pool's) adds a playbook row without an HNSW insert,
 * and the walk is over distinct requests, not over copies of one (migration 0021). Never deleted by
 * the service: a text whose playbooks are all gone lends nothing and is reused if recorded again.
 */
export const playbookTexts = pgTable(
  'playbook_texts',
  {
    query_key: text().primaryKey(),
    /** The text as first recorded: what a re-embed embeds. */
    query: text().notNull(),
    /**
     * Half precision (migration 0022): the vector only decides which past requests lend a boost, and half the
     * bytes per node took a lookup's walk from 3.85-4.15 to 2.30-2.45 ms of PostgreSQL CPU with the same playbooks found.
     */
    embedding: halfvec({ dimensions: EMBEDDING_DIM }).notNull(),
    created_at: now(),
  },
  (t) => [
    // m 10, ef_construction 64 (migration 0024). The small graph (m 8, ef_construction 16) found a new request's most
    // similar playbook for 34 % of the harness's requests (migration 0020 went to pgvector's default, m 16); on the text
    // graph m 16 finds it for 98-100 % and m 10 for 98-100 % too, with a new text's insert ~40 % cheaper and a walk
    // 13-47 % cheaper (bench/playbook-recall.ts, docs/decisions.md).
    index('playbook_texts_embedding_hnsw').using('hnsw', t.embedding.op('halfvec_cosine_ops')).with({ m: 10, ef_construction: 64 }),
  ],
);

export const playbooks = pgTable(
  'playbooks',
  {
    id: uuid().primaryKey().defaultRandom(),
    query: text().notNull(),
    /** The query's normal form (src/matrix/queryKey.ts), written with the row: a replay finds its very query by it. */
    query_key: text()
      .notNull()
      .references(() => playbookTexts.query_key),
    filters: jsonb().notNull().default(sql`'{}'::jsonb`),
    worker_ids: text().array().notNull(),
    outcome: text().notNull().default('filled'),
    created_at: now(),
  },
  (t) => [
    index('playbooks_created_at').on(t.created_at, t.id),
    index('playbooks_query_key').on(t.query_key, t.created_at),
    check('playbooks_outcome', sql`${t.outcome} in ('filled', 'accepted', 'declined')`),
    check('playbooks_worker_count', sql`cardinality(${t.worker_ids}) between 1 and 50`),
  ],
);

export const fills = pgTable(
  'fills',
  {
    id: uuid().primaryKey().defaultRandom(),
    ref: text(),
    city: text().notNull(),
    state: text().notNull(),
    role: text().notNull(),
    headcount: smallint().notNull(),
    certifications: textArray(),
    shift_start: timestamp({ withTimezone: true }).notNull(),
    shift_end: timestamp({ withTimezone: true }).notNull(),
    status: text().notNull().default('booked'),
    playbook_id: uuid().references(() => playbooks.id, { onDelete: 'set null' }),
    created_at: now(),
    cancelled_at: timestamp({ withTimezone: true }),
  },
  (t) => [
    index('fills_created_at').on(t.created_at),
    check('fills_status', sql`${t.status} in ('booked', 'cancelled')`),
    check('fills_shift_order', sql`${t.shift_end} > ${t.shift_start}`),
  ],
);

/**
 * One row per booked worker. The shift range column and the exclusion
 * constraint that forbids overlaps live in a custom migration (drizzle-kit
 * cannot express EXCLUDE USING gist). worker_id has no foreign key (migration
 * 0017): a fill keeps the ids it booked after a worker is deleted, and a worker
 * holding future fills cannot be deleted (src/workers/service.ts); a booking
 * locks its workers' rows instead (FOR KEY SHARE, as the key's check did).
 */
export const fillAssignments = pgTable(
  'fill_assignments',
  {
    fill_id: uuid()
      .notNull()
      .references(() => fills.id, { onDelete: 'cascade' }),
    worker_id: text().notNull(),
    shift_start: timestamp({ withTimezone: true }).notNull(),
    shift_end: timestamp({ withTimezone: true }).notNull(),
    active: boolean().notNull().default(true),
  },
  (t) => [primaryKey({ columns: [t.fill_id, t.worker_id] }), index('fill_assignments_worker').on(t.worker_id)],
);

export const corpusMeta = pgTable(
  'corpus_meta',
  {
    singleton: boolean().primaryKey().default(true),
    embedder: text().notNull(),
    dimension: integer().notNull(),
    generation: integer().notNull().default(1),
    created_at: now(),
    updated_at: now(),
  },
  (t) => [check('corpus_meta_singleton', sql`${t.singleton}`)],
);

/** Retry-safe writes: the first answer to an Idempotency-Key is replayed for 24 h. */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    // Whose key: `key:<key id>` per API key, `open` when the service runs without keys.
    scope: text().notNull().default('open'),
    key: text().notNull(),
    route: text().notNull(),
    request_hash: text().notNull(),
    status: smallint().notNull(),
    response: jsonb().notNull(),
    created_at: now(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.route, t.key] }), index('idempotency_keys_created_at').on(t.created_at)],
);
