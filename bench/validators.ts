import { validateEmail } from '../src/validate/email.ts';
import { validateSms } from '../src/validate/sms.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const worker = { name: 'Maria Lopez', email: 'maria.lopez@example.com', phone: '(512) 555-0142', status: 'active' };
// Half the texts reuse the phone exactly as on file, half type it in another shape.

const emails = Array.from({ length: 64 }, (_, i) => ({
  to: i % 7 === 0 ? 'someone.else@example.com' : 'Maria.Lopez@example.com',
  subject: `Forklift shift #${1000 + i} in Austin, TX`,
  body:
    `Hi ${i % 5 === 0 ? 'John' : 'Maria'},\n\nA forklift operator shift opened at the Riverside warehouse on ${(i % 28) + 1} March, ` +
    `7:00am-3:30pm, $24.50/hr. Bring steel-toe boots and your OSHA 10 card. Order ref PO-2025-${4400 + i}.\n\n` +
    `Questions? Call 555-123-4567 or (512) 555-0199, or reply to this email.` +
    (i % 11 === 0 ? ' SSN on file: 123-45-6789.' : '') +
    (i % 13 === 0 ? ' {{signature}}' : '') +
    `\n\nThanks,\nDana at Riverside Staffing\n`.repeat(1 + (i % 3)),
}));

const texts = Array.from({ length: 64 }, (_, i) => ({
  to: i % 2 === 0 ? '(512) 555-0142' : '+1 512 555 0142',
  body:
    `Hi Maria, forklift shift ${(i % 28) + 1} Mar 7am-3:30pm at Riverside, $24.50/hr. Call 555-123-4567 to confirm.` +
    (i % 9 === 0 ? ' Can’t wait 👍' : '') +
    (i % 4 === 0 ? '' : ' Reply STOP to opt out.'),
}));

function draftsPerSecond(name: string, run: (i: number) => unknown): void {
  for (let i = 0; i < 20_000; i++) run(i);
  let count = 0;
  const started = process.hrtime.bigint();
  const budget = BigInt(SECONDS * 1e9);
  while (process.hrtime.bigint() - started < budget) {
    for (let k = 0; k < 1000; k++) run(count++);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(`${name}: ${Math.round(count / seconds).toLocaleString('en-US')} drafts/s (${count} in ${seconds.toFixed(2)} s, one core)`);
}

draftsPerSecond('validateEmail', (i) => validateEmail(emails[i % emails.length], { worker }));
draftsPerSecond('validateSms', (i) => validateSms(texts[i % texts.length], { worker }));
