import { useState } from 'preact/hooks';

/** Asked for when the service answers 401: the key stays in this tab (sessionStorage) and travels only in a header. */
export function KeyForm(props: { problem?: string; onKey: (key: string) => void }) {
  const [key, setKey] = useState('');
  return (
    <section class="panel key" aria-labelledby="key-title">
      <h2 id="key-title">API key needed</h2>
      <p>This service is protected by API keys. Enter yours: it is kept for this browser tab only and sent in a header, never in a link.</p>
      {props.problem && (
        <p class="error" role="alert">
          {props.problem}
        </p>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (key.trim()) props.onKey(key.trim());
        }}
      >
        <label for="api-key">API key</label>
        <input id="api-key" type="password" autocomplete="off" value={key} onInput={(e) => setKey(e.currentTarget.value)} />
        <button type="submit">Use this key</button>
      </form>
    </section>
  );
}
