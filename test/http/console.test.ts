import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createHashEmbedder } from '../../src/embed/hash.ts';
import { ensureCorpusEmbedder } from '../../src/embed/corpus.ts';
import { buildApp } from '../../src/http/app.ts';
import { openTestDatabase, testConfig } from '../support/backends.ts';

const PAGE =
  '<!doctype html><html lang="en"><title>Staffing console</title><script type="module" src="/assets/index-abc123.js"></script></html>';
const SCRIPT = `console.log(${JSON.stringify('x'.repeat(2000))});`;

/** The console's routes on a built folder (a small stand-in for dist/web) and with none at all. */
describe('console: GET / serves the built page', () => {
  const dir = mkdtempSync(join(tmpdir(), 'console-web-'));
  let app: FastifyInstance;
  let bare: FastifyInstance;
  let close: () => Promise<void>;

  before(async () => {
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), PAGE);
    writeFileSync(join(dir, 'assets', 'index-abc123.js'), SCRIPT);
    writeFileSync(join(dir, 'assets', 'index-abc123.js.br'), brotliCompressSync(SCRIPT));
    const opened = await openTestDatabase('pglite');
    close = opened.close;
    const embedder = createHashEmbedder();
    await ensureCorpusEmbedder(opened.database.db, embedder);
    const config = testConfig({ API_KEYS: 'coordinator:coordkey123' });
    app = await buildApp({ config, database: opened.database, embedder, consoleDir: dir });
    bare = await buildApp({ config, database: opened.database, embedder, consoleDir: join(dir, 'missing') });
  });
  after(async () => {
    await app?.close();
    await bare?.close();
    await close?.();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the page needs no key, is revalidated on every load and carries a content security policy', async () => {
    const res = await app.inject({ method: 'GET', url: '/' });
    assert.equal(res.statusCode, 200, res.body);
    assert.match(String(res.headers['content-type']), /^text\/html/);
    assert.equal(res.headers['cache-control'], 'no-cache');
    assert.match(String(res.headers['content-security-policy']), /default-src 'self'/);
    assert.equal(res.body, PAGE);
  });

  test('hashed assets are immutable for a year and sent pre-compressed when the browser takes it', async () => {
    const res = await app.inject({ method: 'GET', url: '/assets/index-abc123.js', headers: { 'accept-encoding': 'br, gzip' } });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(res.headers['content-encoding'], 'br');
    assert.equal(brotliDecompressSync(res.rawPayload).toString(), SCRIPT);
    const plain = await app.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(plain.body, SCRIPT);
  });

  test('the API behind it still needs the key; an unknown file is a 404', async () => {
    assert.equal((await app.inject({ method: 'GET', url: '/v1/workers?limit=1' })).statusCode, 401);
    assert.equal((await app.inject({ method: 'GET', url: '/assets/nothing.js' })).statusCode, 404);
  });

  test('without a build, GET / says how to build it', async () => {
    const res = await bare.inject({ method: 'GET', url: '/' });
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().error.code, 'console_not_built');
  });
});
