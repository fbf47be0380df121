import { useEffect, useState } from 'preact/hooks';
import { call, explain } from './api.ts';
import { useDebounced } from './debounce.ts';
import type { DraftIssue, SmsDraftVerdict, Worker } from './types.ts';

type Channel = 'sms' | 'email';
interface Draft {
  channel: Channel;
  to: string;
  subject: string;
  body: string;
}
interface Checked {
  draft: Draft;
  verdict: SmsDraftVerdict | (Omit<SmsDraftVerdict, 'segments'> & { segments?: undefined });
}

const firstName = (name: string) => name.split(/\s+/)[0] ?? name;

function starter(w: Worker, channel: Channel): Draft {
  const hello = `Hi ${firstName(w.name)}, a ${w.role} shift is open in ${w.city}.`;
  return channel === 'sms'
    ? { channel, to: w.phone, subject: '', body: `${hello} Reply YES to take it. Reply STOP to opt out.` }
    : {
        channel,
        to: w.email,
        subject: `${w.role} shift in ${w.city}`,
        body: `${hello}\n\nReply to this email if you would like it.\n\nThanks`,
      };
}

/** The text with each finding's span marked, as the validator saw it. */
function Highlighted(props: { text: string; issues: DraftIssue[] }) {
  const spans = props.issues
    .filter((i) => i.span)
    .map((i) => ({ ...i.span!, code: i.code }))
    .sort((a, b) => a.start - b.start);
  if (!spans.length) return null;
  const parts = [];
  let at = 0;
  for (const s of spans) {
    if (s.start < at) continue;
    parts.push(props.text.slice(at, s.start), <mark title={s.code}>{props.text.slice(s.start, s.end)}</mark>);
    at = s.end;
  }
  parts.push(props.text.slice(at));
  return (
    <figure class="highlighted-figure" aria-label="Where the findings are">
      <pre class="highlighted">{parts}</pre>
    </figure>
  );
}

function IssueList(props: { title: string; issues: DraftIssue[]; kind: 'error' | 'warning' }) {
  if (!props.issues.length) return null;
  return (
    <div class={props.kind}>
      <h4 class="small-title">{props.title}</h4>
      <ul>
        {props.issues.map((i) => (
          <li data-code={i.code}>
            <strong>{i.field ?? 'draft'}:</strong> {i.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Drafts an SMS or email to one worker; the validators run as the coordinator pauses typing. Nothing is sent. */
export function Outreach(props: { workerId: string }) {
  const [worker, setWorker] = useState<Worker>();
  const [problem, setProblem] = useState('');
  const [draft, setDraft] = useState<Draft>();
  const [checked, setChecked] = useState<Checked>();
  const settled = useDebounced(draft, 250);

  useEffect(() => {
    setWorker(undefined);
    setDraft(undefined);
    setChecked(undefined);
    setProblem('');
    call<Worker>('GET', `/v1/workers/${encodeURIComponent(props.workerId)}`).then(
      (w) => {
        setWorker(w);
        setDraft(starter(w, 'sms'));
      },
      (err) => setProblem(explain(err)),
    );
  }, [props.workerId]);

  useEffect(() => {
    if (!settled || !worker) return;
    let live = true;
    const body =
      settled.channel === 'sms'
        ? { worker_id: worker.id, to: settled.to, body: settled.body }
        : { worker_id: worker.id, to: settled.to, subject: settled.subject, body: settled.body };
    call<Checked['verdict']>('POST', `/v1/validate/${settled.channel}`, body).then(
      (verdict) => {
        if (live) {
          setChecked({ draft: settled, verdict });
          setProblem('');
        }
      },
      (err) => live && setProblem(explain(err)),
    );
    return () => {
      live = false;
    };
  }, [settled, worker]);

  if (problem && !worker)
    return (
      <p class="error" role="alert">
        {problem}
      </p>
    );
  if (!worker || !draft) return <p class="muted">Loading the worker…</p>;
  const v = checked?.verdict;
  const stale = checked && JSON.stringify(checked.draft) !== JSON.stringify(draft);
  const set = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch });
  return (
    <section class="panel" aria-labelledby="outreach-title">
      <h3 id="outreach-title">Outreach to {worker.name}</h3>
      <fieldset class="channel">
        <legend>Channel</legend>
        {(['sms', 'email'] as const).map((c) => (
          <label>
            <input type="radio" name="channel" checked={draft.channel === c} onChange={() => setDraft(starter(worker, c))} />{' '}
            {c === 'sms' ? 'SMS' : 'Email'}
          </label>
        ))}
      </fieldset>
      <label for="draft-to">To</label>
      <input id="draft-to" value={draft.to} onInput={(e) => set({ to: e.currentTarget.value })} />
      {draft.channel === 'email' && (
        <>
          <label for="draft-subject">Subject</label>
          <input id="draft-subject" value={draft.subject} onInput={(e) => set({ subject: e.currentTarget.value })} />
        </>
      )}
      <label for="draft-body">Message</label>
      <textarea id="draft-body" rows={5} value={draft.body} onInput={(e) => set({ body: e.currentTarget.value })} />
      <div class="verdict" aria-live="polite" aria-busy={stale ? 'true' : 'false'}>
        {problem && (
          <p class="error" role="alert">
            {problem}
          </p>
        )}
        {v && (
          <>
            <p class={v.valid ? 'good' : 'bad'} data-testid="draft-status">
              {v.valid ? 'Ready to send' : `${v.errors.length} problem${v.errors.length === 1 ? '' : 's'} to fix`}
              {v.segments &&
                ` · ${v.segments.count} segment${v.segments.count === 1 ? '' : 's'} · ${v.segments.encoding} · ${v.segments.characters} characters`}
              {' · '}
              <span class="muted">nothing is sent from this page</span>
            </p>
            <IssueList title="Problems" issues={v.errors} kind="error" />
            <IssueList title="Warnings" issues={v.warnings} kind="warning" />
            <Highlighted text={checked!.draft.body} issues={v.errors.filter((i) => i.field === 'body')} />
            {checked!.draft.channel === 'email' && (
              <Highlighted text={checked!.draft.subject} issues={v.errors.filter((i) => i.field === 'subject')} />
            )}
          </>
        )}
      </div>
    </section>
  );
}
