import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { z } from 'zod';
import { cursorCodec, InvalidCursor } from '../../src/cursor.ts';
import { describeEachBackend, workerFixture } from '../support/backends.ts';

const codec = cursorCodec('things', { id: z.string().regex(/^[a-z0-9-]+$/) });

test('a cursor decodes to what was encoded', () => {
  assert.deepEqual(codec.decode(codec.encode({ id: 'w-12' })), { id: 'w-12' });
});

/** Every way a client can damage a cursor it was given (`good`), or bring one from another listing (`foreign`). */
function tamperings(good: string, foreign: string): Array<[string, string]> {
  const flipped = (i: number) => good.slice(0, i) + (good[i] === 'A' ? 'B' : 'A') + good.slice(i + 1);
  const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
  return [
    ['truncated by one', good.slice(0, -1)],
    ['truncated to half', good.slice(0, Math.floor(good.length / 2))],
    ['a character flipped at the start', flipped(0)],
    ['a character flipped in the middle', flipped(Math.floor(good.length / 2))],
    ['a character flipped at the end', flipped(good.length - 1)],
    ["another listing's cursor", foreign],
    ['base64 of junk', b64('junk\u0000\uffff')],
    ['base64 of a JSON number', b64('42')],
    ['base64 of JSON with an extra key', b64(JSON.stringify({ ...JSON.parse(Buffer.from(good, 'base64url').toString()), x: 1 }))],
    [
      'base64 of JSON with a NUL in the position',
      b64(JSON.stringify({ ...JSON.parse(Buffer.from(good, 'base64url').toString()), id: 'a\u0000b' })),
    ],
    ['the old format (a bare id)', b64('w-1')],
    ['padding added', `${good}==`],
    ['not base64url', `${good}+/`],
    ['huge', 'A'.repeat(10_000)],
    ['empty', ''],
  ];
}

for (const [name, cursor] of tamperings(codec.encode({ id: 'w-12' }), cursorCodec('other', { id: z.string() }).encode({ id: 'w-12' }))) {
  test(`the codec refuses a cursor: ${name}`, () => {
    assert.throws(() => codec.decode(cursor), InvalidCursor);
  });
}

describeEachBackend('every paginated route answers 400 invalid_cursor to a tampered cursor', (h) => {
  const cursors: Record<string, string> = {};
  before(async () => {
    const workers = ['c-1', 'c-2', 'c-3'].map((id) => workerFixture(id));
    assert.equal((await h.app.inject({ method: 'POST', url: '/v1/workers/batch', payload: { workers } })).statusCode, 200);
    for (const query of ['night forklift', 'day forklift', 'picker']) {
      const res = await h.app.inject({ method: 'POST', url: '/v1/matrix/playbooks/record', payload: { query, worker_ids: ['c-1'] } });
      assert.equal(res.statusCode, 201, res.body);
    }
    for (const url of ['/v1/workers', '/v1/matrix/playbooks']) {
      const page = (await h.app.inject({ url: `${url}?limit=1` })).json();
      assert.ok(page.next_cursor, `${url} has a second page`);
      cursors[url] = page.next_cursor;
      const next = await h.app.inject({ url: `${url}?limit=1&cursor=${page.next_cursor}` });
      assert.equal(next.statusCode, 200, `${url}: its own cursor works: ${next.body}`);
    }
  });

  for (const [url, other] of [
    ['/v1/workers', '/v1/matrix/playbooks'],
    ['/v1/matrix/playbooks', '/v1/workers'],
  ]) {
    test(`${url}: truncated, bit-flipped, foreign, junk and huge cursors are all 400 invalid_cursor`, async () => {
      for (const [name, cursor] of tamperings(cursors[url], cursors[other])) {
        const res = await h.app.inject({ url: `${url}?limit=1&cursor=${encodeURIComponent(cursor)}` });
        assert.equal(res.statusCode, 400, `${name}: ${res.statusCode} ${res.body}`);
        assert.equal(res.json().error.code, 'invalid_cursor', `${name}: ${res.body}`);
        assert.doesNotMatch(res.body, /syntax|uuid|timestamp|invalid input|postgres/i, name);
      }
    });
  }

  test('a well-formed playbooks cursor with an impossible date is invalid_cursor, not a database error', async () => {
    const fake = Buffer.from(
      JSON.stringify({ k: 'playbooks', created_at: '2026-02-30T25:61:00.000000Z', id: '00000000-0000-4000-8000-000000000000' }),
    ).toString('base64url');
    const res = await h.app.inject({ url: `/v1/matrix/playbooks?cursor=${fake}` });
    assert.equal(res.statusCode, 400, res.body);
    assert.equal(res.json().error.code, 'invalid_cursor');
  });
});
