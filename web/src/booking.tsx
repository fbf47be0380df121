import { useEffect, useState } from 'preact/hooks';
import { ApiError, call, explain } from './api.ts';
import { useDebounced } from './debounce.ts';
import type { BookingBody, DraftIssue, DraftVerdict, FillOut } from './types.ts';

export interface Candidate {
  id: string;
  name: string;
  role: string;
  city: string;
  state: string;
}
interface Order {
  city: string;
  state: string;
  role: string;
  headcount: string;
  start: string;
  end: string;
  certifications: string;
}
type Clash = { worker_id: string; fill_id: string; shift_start: string; shift_end: string };

const pad = (n: number) => String(n).padStart(2, '0');
const localInput = (d: Date) =>
  `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
/** datetime-local has no zone: the coordinator's own clock says which instant it means. */
const instant = (local: string) => (local ? new Date(local).toISOString() : '');
const when = (iso: string) => new Date(iso).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });

function defaultShift(): { start: string; end: string } {
  const start = new Date();
  start.setDate(start.getDate() + 1);
  start.setHours(22, 0, 0, 0);
  return { start: localInput(start), end: localInput(new Date(start.getTime() + 8 * 3600_000)) };
}

/** Problems by worker id (from `worker_ids[i]` fields and 409 clashes) and for the order as a whole. */
function byWorker(ids: string[], issues: DraftIssue[]): { workers: Map<string, string[]>; order: string[] } {
  const workers = new Map<string, string[]>();
  const order: string[] = [];
  for (const i of issues) {
    const at = /^worker_ids\[(\d+)\]$/.exec(i.field ?? '');
    const id = at ? ids[Number(at[1])] : undefined;
    if (id) workers.set(id, [...(workers.get(id) ?? []), i.message]);
    else order.push(i.message);
  }
  return { workers, order };
}

function clashIssues(ids: string[], details: unknown): DraftIssue[] {
  const clashes = (details as { clashes?: Clash[] } | undefined)?.clashes ?? [];
  return clashes.map((c) => ({
    code: 'double_booked',
    field: `worker_ids[${ids.indexOf(c.worker_id)}]`,
    message: `Already booked on fill ${c.fill_id.slice(0, 8)} from ${when(c.shift_start)} to ${when(c.shift_end)}.`,
  }));
}

/**
 * Proposes a fill with the chosen workers, checked as it is composed (/v1/validate/fill), then booked.
 * A 409 (double booking) or 422 (a rule) is written next to the workers it concerns.
 */
export function Booking(props: {
  chosen: Candidate[];
  query: string;
  suggested: Partial<Order>;
  onUnchoose: (id: string) => void;
  onBooked: (fill: FillOut) => void;
  onReplay: () => void;
}) {
  const first = props.chosen[0];
  const [order, setOrder] = useState<Order>(() => ({
    city: props.suggested.city ?? first?.city ?? '',
    state: props.suggested.state ?? first?.state ?? '',
    role: props.suggested.role ?? first?.role ?? '',
    headcount: '',
    certifications: '',
    ...defaultShift(),
  }));
  // The first worker chosen fills the order's blanks; what the coordinator typed stays.
  useEffect(() => {
    if (!first) return;
    setOrder((o) => ({ ...o, city: o.city || first.city, state: o.state || first.state, role: o.role || first.role }));
  }, [first?.id]);
  const [issues, setIssues] = useState<DraftIssue[]>([]);
  const [outcome, setOutcome] = useState<{ kind: 'booked' | 'refused'; text: string; fill?: FillOut }>();
  const [busy, setBusy] = useState(false);
  const ids = props.chosen.map((c) => c.id);
  const headcount = order.headcount ? Number(order.headcount) : ids.length;
  const body: BookingBody = {
    order: {
      city: order.city,
      state: order.state,
      role: order.role,
      headcount,
      shift_start: instant(order.start),
      shift_end: instant(order.end),
      ...(order.certifications.trim()
        ? {
            certifications: order.certifications
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean),
          }
        : {}),
    },
    worker_ids: ids,
  };
  const settled = useDebounced(body, 300);

  useEffect(() => {
    const o = settled.order;
    if (!settled.worker_ids.length || !o.city || !/^[A-Za-z]{2}$/.test(o.state) || !o.role || !(o.headcount >= 1)) return;
    let live = true;
    call<DraftVerdict>('POST', '/v1/validate/fill', settled).then(
      (v) => live && setIssues(v.errors),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [settled]);

  const book = async () => {
    setBusy(true);
    setOutcome(undefined);
    try {
      const fill = await call<FillOut>(
        'POST',
        '/v1/fills',
        { ...body, playbook: { query: props.query } },
        { 'idempotency-key': crypto.randomUUID() },
      );
      setIssues([]);
      setOutcome({
        kind: 'booked',
        fill,
        text: `Booked fill ${fill.id.slice(0, 8)}: ${fill.worker_ids.length} worker(s), ${fill.role} in ${fill.city}, ${fill.state}. The playbook is recorded for “${props.query}”.`,
      });
      props.onBooked(fill);
    } catch (err) {
      const placed =
        err instanceof ApiError && err.status === 409
          ? clashIssues(ids, err.details)
          : err instanceof ApiError && err.status === 422 && Array.isArray(err.details)
            ? (err.details as DraftIssue[])
            : [];
      setIssues(placed);
      const why =
        err instanceof ApiError && err.status === 409
          ? 'a worker is already booked in an overlapping shift'
          : 'the fill breaks a booking rule';
      setOutcome({
        kind: 'refused',
        text: placed.length ? `Not booked (${(err as ApiError).status}): ${why}; see next to the workers.` : explain(err),
      });
    } finally {
      setBusy(false);
    }
  };

  const found = byWorker(ids, issues);
  const field = (name: keyof Order, label: string, attrs: Record<string, unknown> = {}) => (
    <label>
      {label} <input value={order[name]} onInput={(e) => setOrder({ ...order, [name]: e.currentTarget.value })} {...attrs} />
    </label>
  );
  return (
    <section class="panel" aria-labelledby="book-title">
      <h3 id="book-title">Book a fill</h3>
      {!ids.length ? (
        <p class="muted">Choose workers in the table (C, or the Choose button).</p>
      ) : (
        <ul class="chosen" aria-label="Chosen workers">
          {props.chosen.map((c) => (
            <li data-id={c.id}>
              <span>
                {c.name}{' '}
                <span class="muted">
                  ({c.role}, {c.city}, {c.state})
                </span>
              </span>
              <button type="button" class="link" aria-label={`Remove ${c.name} from the fill`} onClick={() => props.onUnchoose(c.id)}>
                remove
              </button>
              {found.workers.get(c.id)?.map((m) => (
                <p class="error">{m}</p>
              ))}
            </li>
          ))}
        </ul>
      )}
      <div class="grid order">
        {field('role', 'Role')}
        {field('city', 'City')}
        {field('state', 'State', { maxLength: 2, size: 3 })}
        {field('headcount', 'Headcount', { type: 'number', min: 1, max: 50, placeholder: String(ids.length || 1) })}
        {field('start', 'Shift start', { type: 'datetime-local' })}
        {field('end', 'Shift end', { type: 'datetime-local' })}
        {field('certifications', 'Certifications required (comma-separated)')}
      </div>
      {found.order.length > 0 && (
        <ul class="error">
          {found.order.map((m) => (
            <li>{m}</li>
          ))}
        </ul>
      )}
      <button type="button" onClick={book} disabled={busy || !ids.length}>
        Book {ids.length || ''} worker{ids.length === 1 ? '' : 's'}
      </button>
      <div aria-live="polite">
        {outcome && (
          <p class={outcome.kind === 'booked' ? 'good' : 'bad'} role={outcome.kind === 'refused' ? 'alert' : undefined}>
            {outcome.text}
          </p>
        )}
        {outcome?.fill && (
          <button type="button" onClick={props.onReplay}>
            Replay this search with the playbook
          </button>
        )}
      </div>
    </section>
  );
}
