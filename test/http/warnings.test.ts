import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { describeEachBackend, workerFixture } from '../support/backends.ts';

describeEachBackend('validation warnings through the routes', (h) => {
  before(async () => {
    const workers = [
      workerFixture('wn-swing', { name: 'Maria Lopez', availability: ['swing'] }),
      workerFixture('wn-days', { name: 'Ana Ruiz', availability: ['nights', 'days'] }),
    ];
    const res = await h.app.inject({ method: 'POST', url: '/v1/workers/batch', payload: { workers } });
    assert.equal(res.statusCode, 200, res.body);
  });

  test('POST /v1/validate/sms warns greeting_name_mismatch as the email route does', async () => {
    const body = 'Hi John, forklift shift Fri 7am at Dallas DC. Reply STOP to opt out.';
    const sms = await h.app.inject({
      method: 'POST',
      url: '/v1/validate/sms',
      payload: { worker_id: 'wn-swing', to: '+12145550100', body },
    });
    assert.equal(sms.statusCode, 200, sms.body);
    const email = await h.app.inject({
      method: 'POST',
      url: '/v1/validate/email',
      payload: { worker_id: 'wn-swing', to: 'wn-swing@example.com', subject: 'Shift', body },
    });
    const codes = (res: typeof sms) => res.json().warnings.map((w: { code: string }) => w.code);
    assert.deepEqual(codes(email), ['greeting_name_mismatch']);
    assert.deepEqual(codes(sms), ['greeting_name_mismatch']);
    assert.equal(sms.json().valid, true);
  });

  test('POST /v1/validate/fill warns availability_mismatch for a swing-only worker booked 03:00-11:00', async () => {
    const order = {
      city: 'Dallas',
      state: 'TX',
      role: 'Forklift Operator',
      headcount: 2,
      shift_start: '2027-01-05T03:00:00-06:00',
      shift_end: '2027-01-05T11:00:00-06:00',
    };
    const res = await h.app.inject({ method: 'POST', url: '/v1/validate/fill', payload: { order, worker_ids: ['wn-days', 'wn-swing'] } });
    assert.equal(res.statusCode, 200, res.body);
    const verdict = res.json();
    assert.equal(verdict.valid, true, res.body);
    assert.deepEqual(
      verdict.warnings.map((w: { code: string; field: string }) => `${w.code}@${w.field}`),
      ['availability_mismatch@worker_ids[1]'],
    );
    assert.match(verdict.warnings[0].message, /wn-swing.*swing.*03:00-11:00/);
  });

  test("a shift inside the worker's hours draws no warning", async () => {
    const order = {
      city: 'Dallas',
      state: 'TX',
      role: 'Forklift Operator',
      headcount: 1,
      shift_start: '2027-01-05T15:00:00-06:00',
      shift_end: '2027-01-05T23:00:00-06:00',
    };
    const res = await h.app.inject({ method: 'POST', url: '/v1/validate/fill', payload: { order, worker_ids: ['wn-swing'] } });
    assert.deepEqual(res.json().warnings, [], res.body);
  });
});
