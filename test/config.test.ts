import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig } from '../src/config.ts';

test('defaults match the configuration table in README.md', () => {
  const c = loadConfig({});
  assert.equal(c.PORT, 3000);
  assert.equal(c.HOST, '127.0.0.1');
  assert.equal(c.DATABASE_URL, undefined);
  assert.equal(c.DATA_DIR, './data');
  assert.equal(c.EMBEDDER, 'hash');
  assert.equal(c.OLLAMA_HOST, 'http://127.0.0.1:11434');
  assert.equal(c.OLLAMA_MODEL, 'nomic-embed-text');
  assert.equal(c.SEED_DEMO, 10000);
  assert.equal(c.API_KEYS, undefined);
});

test('every bad variable is reported together', () => {
  try {
    loadConfig({ PORT: 'eighty', EMBEDDER: 'magic', DATABASE_URL: 'mysql://x', SEED_DEMO: '-1', API_KEYS: 'admin:secretsecret' });
    assert.fail('expected a ConfigError');
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    const vars = err.problems.map((p) => p.split(':')[0]).sort();
    assert.deepEqual(vars, ['API_KEYS', 'DATABASE_URL', 'EMBEDDER', 'PORT', 'SEED_DEMO']);
  }
});

test('API_KEYS parses role:key pairs; production refuses to run without keys', () => {
  const c = loadConfig({ API_KEYS: 'coordinator:abcdefgh1,operator:zyxwvuts2' });
  assert.equal(c.API_KEYS?.get('abcdefgh1'), 'coordinator');
  assert.equal(c.API_KEYS?.get('zyxwvuts2'), 'operator');
  assert.throws(() => loadConfig({ NODE_ENV: 'production' }), /API_KEYS: required when NODE_ENV=production/);
  assert.throws(() => loadConfig({ API_KEYS: 'coordinator:short' }), ConfigError);
});

test('without API_KEYS the service refuses a non-loopback HOST unless ALLOW_OPEN=true', () => {
  for (const HOST of ['0.0.0.0', '::', '10.1.2.3', 'app.internal']) {
    assert.throws(
      () => loadConfig({ HOST }),
      (err) => err instanceof ConfigError && /HOST: .* API_KEYS is not set.*ALLOW_OPEN=true/.test(err.message),
      HOST,
    );
    assert.equal(loadConfig({ HOST, ALLOW_OPEN: 'true' }).HOST, HOST, `${HOST} with ALLOW_OPEN=true`);
    assert.equal(loadConfig({ HOST, API_KEYS: 'operator:abcdefgh1' }).HOST, HOST, `${HOST} with keys`);
  }
  for (const HOST of ['127.0.0.1', '127.0.1.1', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1'])
    assert.equal(loadConfig({ HOST }).HOST, HOST, HOST);
  assert.throws(() => loadConfig({ HOST: '0.0.0.0', ALLOW_OPEN: 'yes' }), /ALLOW_OPEN/);
});

test('request and shutdown deadlines: defaults, and the shutdown deadline ends before compose stops waiting (30 s)', () => {
  const c = loadConfig({});
  assert.equal(c.REQUEST_TIMEOUT_MS, 30_000);
  assert.equal(c.SHUTDOWN_DEADLINE_MS, 20_000);
  assert.ok(c.SHUTDOWN_DEADLINE_MS < 30_000);
  assert.equal(c.AUTH_FAILURES_PER_MINUTE, 30);
  assert.throws(() => loadConfig({ SHUTDOWN_DEADLINE_MS: '0' }), /SHUTDOWN_DEADLINE_MS/);
});

test('DATABASE_REPLICA_URLS: comma-separated postgres:// URLs, only beside DATABASE_URL', () => {
  const c = loadConfig({
    DATABASE_URL: 'postgres://p@127.0.0.1:5432/db',
    DATABASE_REPLICA_URLS: ' postgres://p@127.0.0.1:5433/db , postgresql://p@10.0.0.2/db,',
  });
  assert.deepEqual(c.DATABASE_REPLICA_URLS, ['postgres://p@127.0.0.1:5433/db', 'postgresql://p@10.0.0.2/db']);
  assert.equal(c.DATABASE_REPLICA_MAX_LAG_MS, 1000);
  assert.equal(c.DATABASE_REPLICA_WAIT_MS, 20);
  assert.throws(
    () => loadConfig({ DATABASE_URL: 'postgres://p@h/db', DATABASE_REPLICA_URLS: 'postgres://p@h2/db,mysql://h3/db' }),
    /DATABASE_REPLICA_URLS: .*mysql/,
  );
  assert.throws(() => loadConfig({ DATABASE_REPLICA_URLS: 'postgres://p@h2/db' }), /DATABASE_REPLICA_URLS: needs DATABASE_URL/);
});
