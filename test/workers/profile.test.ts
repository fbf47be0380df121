import assert from 'node:assert/strict';
import { test } from 'node:test';
import { profileText } from '../../src/workers/profile.ts';
import { WorkerInput } from '../../src/workers/worker.ts';

const base = WorkerInput.parse({
  id: 'w-1',
  name: 'Maria Garcia',
  email: 'maria@example.com',
  phone: '+12145550100',
  city: 'Dallas',
  state: 'tx',
  role: 'Forklift Operator',
  skills: ['forklift', 'pallet jack'],
  certifications: ['OSHA 10'],
  availability: ['nights', 'on_call'],
  years_experience: 6,
  summary: 'Steady on nights',
});

test('profile text carries role, place, skills, certifications, shifts, experience and summary', () => {
  assert.equal(
    profileText(base),
    'Forklift Operator in Dallas, TX. Skills: forklift, pallet jack. Certifications: OSHA 10. Availability: nights, on call. 6 years experience. Steady on nights.',
  );
});

test('profile text leaves out PII and empty sections', () => {
  const text = profileText({ ...base, skills: [], certifications: [], availability: [], summary: '', years_experience: 1 });
  assert.equal(text, 'Forklift Operator in Dallas, TX. 1 year experience.');
  for (const pii of ['Maria', 'maria@example.com', '2145550100']) assert.ok(!profileText(base).includes(pii));
});
