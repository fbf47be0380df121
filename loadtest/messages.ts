/** The worker facts a coordinator's message needs, as GET /v1/workers/:id returns them. */
export interface Recipient {
  id: string;
  name: string;
  email: string;
  phone: string;
  role: string;
  city: string;
  state: string;
}

export interface EmailDraft {
  worker_id: string;
  to: string;
  subject: string;
  body: string;
}

export interface SmsDraft {
  worker_id: string;
  to: string;
  body: string;
}

export const CALLBACK = 'Call 555-123-4567';
export const OPT_OUT = 'Reply STOP to opt out';
/** One GSM-7 segment (3GPP TS 23.038); the SMS text below keeps to its basic characters. */
export const SMS_LIMIT = 160;

export function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] ?? name;
}

/** Letters folded to ASCII and anything outside a safe GSM-7 subset dropped, so one segment holds 160 characters. */
export function gsmSafe(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9 .,'-]/g, '')
    .trim();
}

export function emailDraft(worker: Recipient, query: string): EmailDraft {
  const body = [
    `Hi ${firstName(worker.name)},`,
    '',
    `We have an open ${worker.role} assignment in ${worker.city}, ${worker.state} that fits your profile. The client asked for: "${query}".`,
    '',
    `If you are interested, reply to this email or call 555-123-4567 and we will confirm the details.`,
    '',
    'Thanks,',
    'The staffing team',
  ].join('\n');
  return { worker_id: worker.id, to: worker.email, subject: `${worker.role} shift in ${worker.city}, ${worker.state}`, body };
}

/** The longest of a few wordings that fits one segment; every one carries the callback number and the opt-out. */
export function smsText(worker: Pick<Recipient, 'name' | 'role' | 'city'>): string {
  const first = gsmSafe(firstName(worker.name));
  const role = gsmSafe(worker.role);
  const city = gsmSafe(worker.city);
  const wordings = [
    `Hi ${first}, a ${role} shift is open in ${city}. ${CALLBACK} to claim it. ${OPT_OUT}`,
    `Hi ${first}, a ${role} shift is open. ${CALLBACK} to claim it. ${OPT_OUT}`,
    `Hi ${first}, a shift is open. ${CALLBACK}. ${OPT_OUT}`,
    `A shift is open. ${CALLBACK}. ${OPT_OUT}`,
  ];
  return wordings.find((text) => text.length <= SMS_LIMIT) ?? wordings[wordings.length - 1];
}

export function smsDraft(worker: Recipient): SmsDraft {
  return { worker_id: worker.id, to: worker.phone, body: smsText(worker) };
}
