import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isConnectionLost } from '../../src/db/errors.ts';
import { lsnValue } from '../../src/db/replicas.ts';

test('LSNs compare as 64-bit positions, not as text', () => {
  assert.ok(lsnValue('1/0') > lsnValue('0/FFFFFFFF'));
  assert.ok(lsnValue('0/A0') > lsnValue('0/9F'));
  assert.equal(lsnValue('16/B374D848'), 0x16b374d848n);
  assert.equal(lsnValue(null), 0n);
});

test('a lost server or link takes a replica out of rotation; a statement error does not', () => {
  const pgError = (code: string, message = 'x') => Object.assign(new Error(message), { code });
  assert.ok(isConnectionLost(pgError('57P01', 'terminating connection due to administrator command')));
  assert.ok(isConnectionLost(pgError('ECONNREFUSED')));
  assert.ok(isConnectionLost(new Error('Connection terminated unexpectedly')));
  assert.ok(isConnectionLost(new Error('timeout exceeded when trying to connect')));
  // drizzle wraps the driver's error
  assert.ok(isConnectionLost(Object.assign(new Error('Failed query'), { cause: pgError('08006') })));
  assert.ok(!isConnectionLost(pgError('42703', 'column "x" does not exist')));
  assert.ok(!isConnectionLost(pgError('57014', 'canceling statement due to statement timeout')));
});
