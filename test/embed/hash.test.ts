import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EMBEDDING_DIM } from '../../src/embed/embedder.ts';
import { createHashEmbedder, wordTokens } from '../../src/embed/hash.ts';

const DALLAS_FORKLIFT =
  'Forklift Operator in Dallas, TX. Skills: forklift, pallet jack, inventory. Certifications: OSHA 10, Forklift Certification. Availability: nights, weekends. 6 years experience.';
const HOUSTON_FORKLIFT = DALLAS_FORKLIFT.replace('Dallas', 'Houston');
const SEATTLE_NURSE =
  'Registered Nurse in Seattle, WA. Skills: patient care, IV therapy, charting. Certifications: BLS, ACLS. Availability: days. 8 years experience.';

function cosine(a: number[], b: number[]): number {
  return a.reduce((sum, value, i) => sum + value * b[i], 0);
}

function norm(vector: number[]): number {
  return Math.sqrt(cosine(vector, vector));
}

async function embedOne(text: string): Promise<number[]> {
  const [vector] = await createHashEmbedder().embed([text]);
  return vector;
}

test('hash embedder reports its id and dimension and is ready offline', async () => {
  const embedder = createHashEmbedder();
  assert.equal(embedder.id, 'hash-v1');
  assert.equal(embedder.dim, EMBEDDING_DIM);
  await embedder.ready();
});

test('same text gives the same vector, also from a fresh embedder', async () => {
  const first = await createHashEmbedder().embed([DALLAS_FORKLIFT, SEATTLE_NURSE]);
  const second = await createHashEmbedder().embed([DALLAS_FORKLIFT, SEATTLE_NURSE]);
  assert.deepEqual(first, second);
  assert.notDeepEqual(first[0], first[1]);
});

test('every vector has the contract dimension and unit length', async () => {
  const vectors = await createHashEmbedder().embed([DALLAS_FORKLIFT, 'x', 'forklift operator dallas', '日本語 テキスト']);
  for (const vector of vectors) {
    assert.equal(vector.length, EMBEDDING_DIM);
    assert.ok(vector.every(Number.isFinite));
    assert.ok(Math.abs(norm(vector) - 1) < 1e-9, `norm ${norm(vector)}`);
  }
});

test('one vector per input, in input order', async () => {
  const vectors = await createHashEmbedder().embed([SEATTLE_NURSE, DALLAS_FORKLIFT]);
  assert.equal(vectors.length, 2);
  assert.deepEqual(vectors[0], await embedOne(SEATTLE_NURSE));
  assert.deepEqual(vectors[1], await embedOne(DALLAS_FORKLIFT));
});

test('a forklift query ranks the Dallas forklift operator over Houston over a Seattle nurse', async () => {
  const query = await embedOne('forklift operator dallas');
  const dallas = cosine(query, await embedOne(DALLAS_FORKLIFT));
  const houston = cosine(query, await embedOne(HOUSTON_FORKLIFT));
  const nurse = cosine(query, await embedOne(SEATTLE_NURSE));
  assert.ok(dallas > houston, `dallas ${dallas} <= houston ${houston}`);
  assert.ok(houston > nurse, `houston ${houston} <= nurse ${nurse}`);
});

test('case and punctuation do not change the vector: "osha 10" equals "OSHA-10"', async () => {
  assert.deepEqual(await embedOne('osha 10'), await embedOne('OSHA-10'));
  assert.deepEqual(wordTokens('OSHA-10, Forklift'), ['osha', '10', 'forklift']);
});

test('character n-grams make a plural close to its singular', async () => {
  const similarity = cosine(await embedOne('forklifts'), await embedOne('forklift'));
  const unrelated = cosine(await embedOne('forklifts'), await embedOne('nurse'));
  assert.ok(similarity > 0.2, `similarity ${similarity}`);
  assert.ok(similarity > unrelated + 0.2);
});

test('word order matters through bigrams', async () => {
  const same = cosine(await embedOne('pallet jack'), await embedOne('pallet jack'));
  const swapped = cosine(await embedOne('pallet jack'), await embedOne('jack pallet'));
  assert.ok(swapped < same - 0.05, `swapped ${swapped}`);
});

test('empty or wordless text gives one fixed unit vector, never a zero vector', async () => {
  const [empty, blank, punctuation] = await createHashEmbedder().embed(['', '   ', '!?.,']);
  assert.equal(empty.length, EMBEDDING_DIM);
  assert.ok(Math.abs(norm(empty) - 1) < 1e-9);
  assert.deepEqual(blank, empty);
  assert.deepEqual(punctuation, empty);
  assert.ok(Number.isFinite(cosine(empty, await embedOne(DALLAS_FORKLIFT))));
});

test('an empty batch gives no vectors', async () => {
  assert.deepEqual(await createHashEmbedder().embed([]), []);
});
