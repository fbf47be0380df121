import { useState } from 'preact/hooks';
import type { Filters, Ignore, SearchAnswer, SearchHit, Understood } from './types.ts';

export interface SearchParams {
  query: string;
  k: number;
  filters: Filters;
  ignore: Ignore;
  exclude: string[];
  usePlaybook: boolean;
  strict: boolean;
}

const SHIFTS = ['days', 'nights', 'swing', 'weekends', 'on_call'] as const;
const list = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** Explicit filters as the form holds them: text fields, turned into the API's filters on submit. */
interface FilterForm {
  state: string;
  city: string;
  role: string;
  certifications: string;
  availability: string[];
  minRating: string;
  nearCity: string;
  nearState: string;
  nearMiles: string;
}
const EMPTY: FilterForm = {
  state: '',
  city: '',
  role: '',
  certifications: '',
  availability: [],
  minRating: '',
  nearCity: '',
  nearState: '',
  nearMiles: '',
};

function toFilters(f: FilterForm): Filters {
  const out: Filters = {};
  if (f.state.trim()) out.state = f.state.trim();
  if (f.city.trim()) out.city = f.city.trim();
  if (f.role.trim()) out.role = f.role.trim();
  if (list(f.certifications).length) out.certifications = list(f.certifications);
  if (f.availability.length) out.availability = f.availability as Filters['availability'];
  if (f.minRating) out.min_rating = Number(f.minRating);
  if (f.nearCity.trim() && f.nearState.trim() && Number(f.nearMiles) > 0) {
    out.near = { city: f.nearCity.trim(), state: f.nearState.trim(), miles: Number(f.nearMiles) };
  }
  return out;
}

export function SearchForm(props: { busy: boolean; onSearch: (p: Pick<SearchParams, 'query' | 'k' | 'filters' | 'strict'>) => void }) {
  const [query, setQuery] = useState('');
  const [k, setK] = useState(10);
  const [strict, setStrict] = useState(false);
  const [form, setForm] = useState<FilterForm>(EMPTY);
  const field = (name: keyof FilterForm) => ({
    value: form[name] as string,
    onInput: (e: { currentTarget: HTMLInputElement }) => setForm({ ...form, [name]: e.currentTarget.value }),
  });
  const submit = (e: Event) => {
    e.preventDefault();
    if (query.trim()) props.onSearch({ query: query.trim(), k, filters: toFilters(form), strict });
  };
  return (
    // biome-ignore lint/a11y/useSemanticElements: a form with role=search is the ARIA landmark pattern; Preact's JSX types have no <search> element
    <form role="search" class="search" onSubmit={submit}>
      <div class="search-row">
        <label for="q" class="visually-hidden">
          Search workers
        </label>
        <input
          id="q"
          type="search"
          placeholder="forklift operator, nights, OSHA 10, Dallas"
          value={query}
          onInput={(e) => setQuery(e.currentTarget.value)}
          aria-keyshortcuts="/"
        />
        <label for="k">Show</label>
        <select id="k" value={k} onChange={(e) => setK(Number(e.currentTarget.value))}>
          {[5, 10, 20, 50, 100].map((n) => (
            <option value={n}>{n}</option>
          ))}
        </select>
        <button type="submit" disabled={props.busy}>
          Search
        </button>
      </div>
      <details class="filters">
        <summary>Filters</summary>
        <div class="grid">
          <label>
            State <input {...field('state')} maxLength={2} size={3} />
          </label>
          <label>
            City <input {...field('city')} />
          </label>
          <label>
            Role <input {...field('role')} />
          </label>
          <label>
            Certifications (comma-separated) <input {...field('certifications')} />
          </label>
          <label>
            Minimum rating <input {...field('minRating')} type="number" min={0} max={5} step={0.1} />
          </label>
          <fieldset class="shifts">
            <legend>Available for</legend>
            {SHIFTS.map((s) => (
              <label>
                <input
                  type="checkbox"
                  checked={form.availability.includes(s)}
                  onChange={(e) =>
                    setForm({
                      ...form,
                      availability: e.currentTarget.checked ? [...form.availability, s] : form.availability.filter((x) => x !== s),
                    })
                  }
                />{' '}
                {s.replace('_', ' ')}
              </label>
            ))}
          </fieldset>
          <fieldset class="near">
            <legend>Within a radius</legend>
            <label>
              Miles <input {...field('nearMiles')} type="number" min={1} max={500} />
            </label>
            <label>
              of city <input {...field('nearCity')} />
            </label>
            <label>
              state <input {...field('nearState')} maxLength={2} size={3} />
            </label>
          </fieldset>
          <label class="check">
            <input type="checkbox" checked={strict} onChange={(e) => setStrict(e.currentTarget.checked)} /> Only exact matches (what is
            understood becomes a hard filter)
          </label>
        </div>
      </details>
    </form>
  );
}

type Chip = { label: string; remove: (ignore: Ignore) => Ignore };

function chipsOf(u: Understood): Chip[] {
  const chips: Chip[] = [];
  if (u.role) chips.push({ label: `Role: ${u.role}`, remove: (i) => ({ ...i, role: true }) });
  if (u.place)
    chips.push({ label: `Place: ${u.place.city ? `${u.place.city}, ` : ''}${u.place.state}`, remove: (i) => ({ ...i, place: true }) });
  if (u.near_miles !== undefined) chips.push({ label: `Radius: ${u.near_miles} mi`, remove: (i) => ({ ...i, radius: true }) });
  for (const c of u.certifications)
    chips.push({ label: `Certification: ${c}`, remove: (i) => ({ ...i, certifications: [...(i.certifications ?? []), c] }) });
  for (const s of u.skills) chips.push({ label: `Skill: ${s}`, remove: (i) => ({ ...i, skills: [...(i.skills ?? []), s] }) });
  for (const s of u.shifts)
    chips.push({ label: `Shift: ${s.replace('_', ' ')}`, remove: (i) => ({ ...i, shifts: [...(i.shifts ?? []), s] }) });
  return chips;
}

const RELAXED = { nearby: 'nearby cities', state: 'the whole state', any: 'any place' } as const;

export function Chips(props: { understood?: Understood; ignore: Ignore; onIgnore: (ignore: Ignore) => void }) {
  const u = props.understood;
  if (!u) return null;
  const chips = chipsOf(u);
  const removed = Object.values(props.ignore).some((v) => v === true || (Array.isArray(v) && v.length > 0));
  return (
    <div class="understood">
      <h2 id="understood-title" class="small-title">
        Understood as
      </h2>
      {chips.length === 0 ? (
        <p class="muted">Nothing specific: a plain search by meaning.</p>
      ) : (
        <ul class="chips" aria-labelledby="understood-title">
          {chips.map((c) => (
            <li class="chip">
              <span>{c.label}</span>
              <button type="button" aria-label={`Remove ${c.label}`} title="Remove" onClick={() => props.onIgnore(c.remove(props.ignore))}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {removed && (
        <button type="button" class="link" onClick={() => props.onIgnore({})}>
          Restore removed
        </button>
      )}
      <ul class="notes">
        {u.headcount !== undefined && <li>Headcount asked for: {u.headcount}</li>}
        {u.relaxed && <li>Too few matches where asked: widened to {RELAXED[u.relaxed]}.</li>}
        {u.corrections.map((c) => (
          <li>
            Read “{c.from}” as “{c.to}”.
          </li>
        ))}
        {u.unmatched.length > 0 && <li>Also looked for in names and profiles: {u.unmatched.join(', ')}</li>}
      </ul>
    </div>
  );
}

const miles = (h: SearchHit) => (h.distance_miles === undefined ? '' : `${h.distance_miles} mi`);

function Why(props: { hit: SearchHit }) {
  const { why, playbook_boost } = props.hit;
  return (
    <span class="why">
      {playbook_boost > 0 && <span class="boost">playbook +{(playbook_boost * 10).toFixed(1)}</span>}
      {why.matched.map((m) => (
        <span class="ok">{m}</span>
      ))}
      {why.missing.map((m) => (
        <span class="miss">no {m}</span>
      ))}
    </span>
  );
}

export interface RowMarks {
  saidNo: Set<string>;
  chosen: Set<string>;
  current?: string;
}

/**
 * Results as a table, keyboard first: arrows (and Home/End) move between rows, N marks "said no",
 * C chooses for the fill, Enter drafts outreach, S swaps the said-no workers out.
 */
export function ResultsTable(props: {
  answer: SearchAnswer;
  marks: RowMarks;
  onSaidNo: (id: string) => void;
  onChoose: (hit: SearchHit) => void;
  onOpen: (hit: SearchHit) => void;
  onSwap: () => void;
}) {
  const [remembered, setActive] = useState(0);
  const hits = props.answer.results;
  // The row Tab lands on; a shorter list (after a swap) must still have one.
  const active = Math.min(remembered, hits.length - 1);
  const move = (to: number, table: HTMLElement) => {
    const i = Math.max(0, Math.min(hits.length - 1, to));
    setActive(i);
    table.querySelectorAll<HTMLElement>('tbody tr')[i]?.focus();
  };
  const onKey = (e: KeyboardEvent, i: number) => {
    const table = (e.currentTarget as HTMLElement).closest('table')!;
    const hit = hits[i];
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(i + 1, table),
      ArrowUp: () => move(i - 1, table),
      Home: () => move(0, table),
      End: () => move(hits.length - 1, table),
      n: () => props.onSaidNo(hit.id),
      c: () => props.onChoose(hit),
      Enter: () => props.onOpen(hit),
      s: () => props.onSwap(),
    };
    const act = keys[e.key.length === 1 ? e.key.toLowerCase() : e.key];
    if (act && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      act();
    }
  };
  if (!hits.length) return <p class="muted">No worker matches. Remove a chip or a filter.</p>;
  return (
    <table class="results" aria-label="Matching workers" aria-describedby="table-keys">
      <caption id="table-keys">↑ ↓ move · N said no · C choose for the fill · Enter draft outreach · S swap out who said no</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Role</th>
          <th scope="col">City</th>
          <th scope="col">Distance</th>
          <th scope="col">Availability</th>
          <th scope="col">Certifications</th>
          <th scope="col">Rating</th>
          <th scope="col">Score</th>
          <th scope="col">Why</th>
          <th scope="col">Status</th>
        </tr>
      </thead>
      <tbody>
        {hits.map((h, i) => {
          const saidNo = props.marks.saidNo.has(h.id);
          const chosen = props.marks.chosen.has(h.id);
          return (
            <tr
              key={h.id}
              data-id={h.id}
              tabIndex={i === active ? 0 : -1}
              aria-current={props.marks.current === h.id ? 'true' : undefined}
              class={`${saidNo ? 'said-no' : ''} ${chosen ? 'chosen' : ''}`}
              onKeyDown={(e) => onKey(e, i)}
              onFocus={() => setActive(i)}
              onClick={() => props.onOpen(h)}
            >
              <th scope="row">{h.name}</th>
              <td>{h.role}</td>
              <td>
                {h.city}, {h.state}
              </td>
              <td class="num">{miles(h)}</td>
              <td>{h.availability.map((a) => a.replace('_', ' ')).join(', ')}</td>
              <td>{h.certifications.join(', ')}</td>
              <td class="num">{h.rating ?? '–'}</td>
              <td class="num">{h.score.toFixed(2)}</td>
              <td>
                <Why hit={h} />
              </td>
              <td class="status">
                <button
                  type="button"
                  tabIndex={-1}
                  aria-pressed={saidNo}
                  onClick={(e) => {
                    e.stopPropagation();
                    props.onSaidNo(h.id);
                  }}
                >
                  Said no
                </button>
                <button
                  type="button"
                  tabIndex={-1}
                  aria-pressed={chosen}
                  onClick={(e) => {
                    e.stopPropagation();
                    props.onChoose(h);
                  }}
                >
                  Choose
                </button>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
