import { jsonSchemaTransform } from 'fastify-type-provider-zod';

/**
 * What the OpenAPI document says about each operation beyond its schemas: a
 * summary, an operationId, and one request and one success-response example.
 * Keyed by method and OpenAPI path. test/http/openapi.test.ts walks the
 * generated document: a route missing here fails it.
 */
interface OperationDoc {
  operationId: string;
  summary: string;
  request?: { params?: Record<string, unknown>; query?: Record<string, unknown>; body?: unknown };
  /** The success answer's example (absent for 204). */
  response?: unknown;
}

const WORKER = {
  id: 'w-demo-1',
  name: 'Maria Garcia',
  email: 'maria.garcia@example.com',
  phone: '+12145550143',
  city: 'Dallas',
  state: 'TX',
  role: 'Forklift Operator',
  skills: ['reach truck', 'pallet jack'],
  certifications: ['OSHA 10'],
  years_experience: 6,
  hourly_rate: 21.5,
  rating: 4.7,
  reliability: 0.93,
  availability: ['nights'],
  status: 'active',
  summary: 'Steady on night shifts; trains new pickers.',
};
const STORED_WORKER = {
  ...WORKER,
  profile:
    'Forklift Operator in Dallas, TX. Skills: reach truck, pallet jack. Certifications: OSHA 10. Available: nights. 6 years. Steady on night shifts; trains new pickers.',
  created_at: '2026-11-30T18:02:11.402Z',
  updated_at: '2026-12-01T09:15:40.118Z',
};
const { id: _id, ...WORKER_BODY } = WORKER;
const FILL_ID = '3f0c9a52-6a43-4b43-9a7e-8d1f0b6c2a11';
const PLAYBOOK_ID = '8b2f6d0e-1c4a-4e57-b9a3-2d6c7e5f1a90';
const ORDER = {
  ref: 'PO-1042',
  city: 'Dallas',
  state: 'TX',
  role: 'Forklift Operator',
  headcount: 1,
  shift_start: '2027-01-08T22:00:00Z',
  shift_end: '2027-01-09T06:00:00Z',
  certifications: ['OSHA 10'],
};
const FILL = {
  id: FILL_ID,
  ref: 'PO-1042',
  city: 'Dallas',
  state: 'TX',
  role: 'Forklift Operator',
  headcount: 1,
  shift_start: '2027-01-08T22:00:00.000Z',
  shift_end: '2027-01-09T06:00:00.000Z',
  certifications: ['OSHA 10'],
  status: 'booked',
  worker_ids: ['w-demo-1'],
  playbook_id: PLAYBOOK_ID,
  created_at: '2026-12-01T10:04:55.310Z',
};
const PLAYBOOK = {
  id: PLAYBOOK_ID,
  query: 'reach truck nights dallas',
  filters: { city: 'Dallas', state: 'TX' },
  worker_ids: ['w-demo-1'],
  outcome: 'filled',
  created_at: '2026-12-01T10:04:55.310412Z',
};
const CACHE = { hits: 1840, misses: 312, size: 312, capacity: 2000 };
const BY_ID = { params: { id: 'w-demo-1' } };
const FILL_BY_ID = { params: { id: FILL_ID } };
const PLAYBOOK_BY_ID = { params: { id: PLAYBOOK_ID } };

export const OPERATIONS: Record<string, OperationDoc> = {
  'GET /health': { operationId: 'getHealth', summary: 'Liveness: the process answers (no key needed)', response: { status: 'ok' } },
  'GET /ready': {
    operationId: 'getReadiness',
    summary: 'Readiness: database, migrations and embedder (503 with Retry-After when not ready; no key needed)',
    response: { ready: true, checks: { database: { ok: true }, migrations: { ok: true }, embedder: { ok: true } } },
  },
  'GET /metrics': {
    operationId: 'getMetrics',
    summary: 'Prometheus metrics (operator)',
    response:
      '# HELP http_request_duration_seconds Time from request to response, by route pattern\n# TYPE http_request_duration_seconds histogram\nhttp_request_duration_seconds_bucket{le="0.005",method="POST",route="/v1/matrix/search",status="200"} 1520\n',
  },
  'GET /v1/admin/stats': {
    operationId: 'getStats',
    summary: 'Corpus, playbook and fill counts, index sizes, caches and embedder (operator)',
    response: {
      workers: 100000,
      playbooks: 2140,
      fills: { booked: 310, cancelled: 12 },
      index_sizes: { workers_embedding_hnsw: 412_000_000 },
      caches: { embedding: CACHE, results: { ...CACHE, bytes: 2_028_000, invalidations: 4 } },
      embedder: { id: 'hash-v1', dim: 768 },
      database: 'postgres',
    },
  },
  'POST /v1/workers/batch': {
    operationId: 'upsertWorkers',
    summary: 'Insert or replace 1-1000 workers by id, embedded on write (operator)',
    request: { body: { workers: [WORKER] } },
    response: { upserted: 1 },
  },
  'PUT /v1/workers/{id}': {
    operationId: 'putWorker',
    summary: 'Insert or replace one worker (operator)',
    request: { params: { id: 'w-demo-1' }, body: WORKER_BODY },
    response: STORED_WORKER,
  },
  'GET /v1/workers/{id}': { operationId: 'getWorker', summary: 'One worker by id', request: BY_ID, response: STORED_WORKER },
  'DELETE /v1/workers/{id}': {
    operationId: 'deleteWorker',
    summary: 'Delete a worker (operator); 409 worker_has_future_fills while they hold a fill that has not ended',
    request: BY_ID,
  },
  'GET /v1/workers': {
    operationId: 'listWorkers',
    summary: 'Workers by id, filtered by state, city and role, a page at a time',
    request: { query: { state: 'TX', city: 'Dallas', role: 'Forklift Operator', limit: 2, cursor: 'dy1kZW1vLTE' } },
    response: { workers: [STORED_WORKER], next_cursor: 'dy1kZW1vLTE' },
  },
  'POST /v1/matrix/search': {
    operationId: 'searchWorkers',
    summary: 'Rank workers for a plain-language request, with filters and playbook boosts',
    request: {
      body: {
        query: 'night shift forklift in dallas, reach truck',
        k: 3,
        filters: { certifications: ['OSHA 10'], min_rating: 4 },
        use_playbook: true,
      },
    },
    response: {
      results: [
        {
          id: 'w-demo-1',
          name: 'Maria Garcia',
          role: 'Forklift Operator',
          city: 'Dallas',
          state: 'TX',
          skills: ['reach truck', 'pallet jack'],
          certifications: ['OSHA 10'],
          availability: ['nights'],
          years_experience: 6,
          rating: 4.7,
          distance_miles: 0,
          score: 5.21,
          similarity: 0.39,
          playbook_boost: 1,
          why: {
            matched: ['role', 'city', 'shift: nights', 'skill: reach truck'],
            missing: [],
            score_parts: { similarity: 0.39, role: 1, place: 1.5, playbook: 1 },
          },
        },
      ],
      interpretation: {
        role: 'Forklift Operator',
        place: { city: 'Dallas', state: 'TX' },
        certifications: [],
        skills: ['reach truck'],
        shifts: ['nights'],
        unmatched: [],
        corrections: [],
      },
      cache: { embedding: 'miss', results: 'miss' },
      took_ms: 14.2,
    },
  },
  'POST /v1/matrix/playbooks/record': {
    operationId: 'recordPlaybook',
    summary: 'Record which workers answered a request (retry-safe with Idempotency-Key); Location names the playbook',
    request: { body: { query: 'reach truck nights dallas', worker_ids: ['w-demo-1'], outcome: 'filled' } },
    response: { id: PLAYBOOK_ID, created_at: '2026-12-01T10:04:55.310412Z' },
  },
  'GET /v1/matrix/playbooks': {
    operationId: 'listPlaybooks',
    summary: 'Playbooks, newest first, a page at a time',
    request: { query: { limit: 1, cursor: 'MjAyNi0xMi0wMVQxMDowNDo1NS4zMTA0MTJafDhiMmY2ZDBl' } },
    response: { playbooks: [PLAYBOOK], next_cursor: null },
  },
  'GET /v1/matrix/playbooks/{id}': {
    operationId: 'getPlaybook',
    summary: 'One playbook by id',
    request: PLAYBOOK_BY_ID,
    response: PLAYBOOK,
  },
  'DELETE /v1/matrix/playbooks/{id}': { operationId: 'deletePlaybook', summary: 'Delete a playbook (operator)', request: PLAYBOOK_BY_ID },
  'POST /v1/validate/email': {
    operationId: 'validateEmail',
    summary: 'Check an outreach email against the worker on file (the verdict is the answer)',
    request: {
      body: {
        worker_id: 'w-demo-1',
        to: 'maria.garcia@example.com',
        subject: 'Shift offer',
        body: 'Hi Maria, a night shift Friday at the Dallas DC. Reply if you can take it.',
      },
    },
    response: { valid: true, errors: [], warnings: [] },
  },
  'POST /v1/validate/sms': {
    operationId: 'validateSms',
    summary: 'Check an outreach SMS: recipient, facts, PII, opt-out and segments',
    request: {
      body: { worker_id: 'w-demo-1', to: '(214) 555-0143', body: 'Hi Maria, night shift Fri 10pm at Dallas DC. Reply STOP to opt out' },
    },
    response: { valid: true, errors: [], warnings: [], segments: { encoding: 'GSM-7', characters: 66, count: 1 } },
  },
  'POST /v1/validate/fill': {
    operationId: 'validateFill',
    summary: 'Check a proposed fill: place, role, certifications, status and overlapping bookings',
    request: { body: { order: ORDER, worker_ids: ['w-demo-1'] } },
    response: {
      valid: false,
      errors: [{ code: 'missing_certification', message: 'w-demo-2 lacks OSHA 10.', field: 'worker_ids[1]' }],
      warnings: [],
    },
  },
  'POST /v1/fills': {
    operationId: 'bookFill',
    summary:
      'Book a fill and its workers in one transaction (409 double_booked names clashes; retry-safe with Idempotency-Key); Location names the fill',
    request: { body: { order: ORDER, worker_ids: ['w-demo-1'], playbook: { query: 'reach truck nights dallas' } } },
    response: FILL,
  },
  'GET /v1/fills/{id}': { operationId: 'getFill', summary: 'One fill with its workers', request: FILL_BY_ID, response: FILL },
  'DELETE /v1/fills/{id}': {
    operationId: 'cancelFill',
    summary: 'Cancel a fill and free its workers (a repeat answers the same)',
    request: FILL_BY_ID,
    response: { ...FILL, status: 'cancelled', cancelled_at: '2026-12-02T08:00:00.000Z' },
  },
};

const header = (description: string, schema: object, example: unknown) => ({ description, schema, example });

const HEADERS = {
  RequestId: header(
    "The request id: the caller's x-request-id when it was 1-128 of [A-Za-z0-9._:@/+=-], else a generated UUID",
    { type: 'string' },
    'c0a8012e-7f3b-4c1e-9d2a-5b6e8f9a0b1c',
  ),
  RetryAfter: header('Seconds to wait before retrying', { type: 'integer' }, 5),
  Location: header('The URL of the created resource', { type: 'string' }, `/v1/fills/${FILL_ID}`),
  RateLimitLimit: header(
    'Requests allowed per minute for this key (per client address without keys); absent when RATE_LIMIT_PER_MINUTE=0',
    { type: 'integer' },
    6000,
  ),
  RateLimitRemaining: header('Requests left in the current minute', { type: 'integer' }, 5987),
  RateLimitReset: header('Seconds until the current window ends', { type: 'integer' }, 41),
  IdempotentReplayed: header(
    '"true" when the answer is the stored first answer to this Idempotency-Key',
    { type: 'string', enum: ['true'] },
    'true',
  ),
};

const PARAMETERS = {
  IdempotencyKey: {
    name: 'Idempotency-Key',
    in: 'header',
    required: false,
    description:
      'Makes the write retry-safe for 24 h: a repeat with the same key and body (from the same API key) answers the first answer and writes nothing; concurrent repeats wait for the first and get its answer; the same key with another body is a 409 idempotency_key_reused.',
    schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,200}$' },
    example: 'book-PO-1042-try-1',
  },
  RequestId: {
    name: 'x-request-id',
    in: 'header',
    required: false,
    description: 'Your id for this request, logged and echoed back; 1-128 of [A-Za-z0-9._:@/+=-], else one is generated.',
    schema: { type: 'string', maxLength: 128 },
    example: 'c0a8012e-7f3b-4c1e-9d2a-5b6e8f9a0b1c',
  },
};

const ref = (kind: 'headers' | 'parameters', name: string) => ({ $ref: `#/components/${kind}/${name}` });
// Not rate limited (src/http/plugins/limits.ts).
const UNLIMITED = new Set(['/health', '/metrics']);
const IDEMPOTENT = new Set(['POST /v1/fills', 'POST /v1/matrix/playbooks/record']);

interface MediaObject {
  schema?: unknown;
  example?: unknown;
}
interface ResponseObject {
  description?: string;
  content?: Record<string, MediaObject>;
  headers?: Record<string, unknown>;
}
interface Parameter {
  name: string;
  in: string;
  example?: unknown;
}
interface Operation {
  operationId?: string;
  summary?: string;
  security?: unknown[];
  parameters?: Array<Parameter | { $ref: string }>;
  requestBody?: { content?: Record<string, MediaObject> };
  responses?: Record<string, ResponseObject>;
}
interface Document {
  paths?: Record<string, Record<string, Operation>>;
  components?: Record<string, unknown>;
}

/** Per route, at generation: zod schemas to JSON Schema; routes that need no key say so (`security: []`). */
export function transformRoute(args: Parameters<typeof jsonSchemaTransform>[0]) {
  const result = jsonSchemaTransform(args);
  if (args.route.config?.public) return { ...result, schema: { ...result.schema, security: [] } };
  return result;
}

/** The whole document, once generated: summaries, operationIds, examples and the headers every answer can carry. */
export function transformDocument({ openapiObject }: { openapiObject: Partial<Document> }): Document {
  const doc = openapiObject as Document;
  doc.components = {
    ...doc.components,
    headers: { ...(doc.components?.headers as object | undefined), ...HEADERS },
    parameters: { ...(doc.components?.parameters as object | undefined), ...PARAMETERS },
  };
  for (const [path, operations] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(operations)) {
      const name = `${method.toUpperCase()} ${path}`;
      const info = OPERATIONS[name];
      if (info) {
        op.operationId = info.operationId;
        op.summary = info.summary;
        for (const p of op.parameters ?? []) {
          if ('$ref' in p) continue;
          const value = p.in === 'path' ? info.request?.params?.[p.name] : p.in === 'query' ? info.request?.query?.[p.name] : undefined;
          if (value !== undefined) p.example = value;
        }
        const body = op.requestBody?.content?.['application/json'];
        if (body && info.request?.body !== undefined) body.example = info.request.body;
      }
      op.parameters = [
        ...(op.parameters ?? []),
        ref('parameters', 'RequestId'),
        ...(IDEMPOTENT.has(name) ? [ref('parameters', 'IdempotencyKey')] : []),
      ];
      op.responses ??= {};
      const responses = op.responses;
      if (path === '/metrics' && responses['200']) {
        responses['200'].content = { 'text/plain': { schema: { type: 'string' } } };
      }
      for (const [status, response] of Object.entries(responses)) {
        // 204 has no body.
        if (status === '204') delete response.content;
        if (status.startsWith('2') && info?.response !== undefined && response.content) {
          const media = Object.values(response.content)[0];
          media.example = info.response;
        }
        const headers: Record<string, unknown> = { 'x-request-id': ref('headers', 'RequestId') };
        if (status === '201') headers.Location = ref('headers', 'Location');
        if (status.startsWith('2') && IDEMPOTENT.has(name)) headers['Idempotent-Replayed'] = ref('headers', 'IdempotentReplayed');
        if (status === '429' || status === '503') headers['Retry-After'] = ref('headers', 'RetryAfter');
        if (!UNLIMITED.has(path)) {
          headers['x-ratelimit-limit'] = ref('headers', 'RateLimitLimit');
          headers['x-ratelimit-remaining'] = ref('headers', 'RateLimitRemaining');
          headers['x-ratelimit-reset'] = ref('headers', 'RateLimitReset');
        }
        response.headers = { ...response.headers, ...headers };
      }
    }
  }
  return doc;
}
