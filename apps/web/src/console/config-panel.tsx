import { useEffect, useRef, useState } from 'preact/hooks';
import { body } from '../api/client';
import type { ConfigScopeView, ConfigUpdateResult } from '../api/views';
import { ErrorMessage } from '../ui/error-message';
import { age, api, usePolling } from './platform';

const SCOPES = ['shared', 'gateway', 'account', 'video', 'comment', 'like', 'push'] as const;
type Scope = (typeof SCOPES)[number];

interface Change {
  at: Date;
  scope: string;
  version: number;
  keys: string[];
}

/** A value typed into the form: JSON when it parses (numbers, booleans, lists), else text. */
function parseValue(text: string, list: boolean): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return list
      ? text
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : text;
  }
}

/**
 * The config centre: a scope's version and overrides, what each instance applied, the changes
 * this console has seen (the centre keeps versions, not a history), and a form for hot keys.
 */
export function ConfigPanel() {
  const [scope, setScope] = useState<Scope>('comment');
  const config = usePolling(
    () =>
      body<ConfigScopeView>(
        api.GET('/api/v1/admin/config/{service}', { params: { path: { service: scope } } }),
      ),
    [scope],
  );
  const view = config.value;
  const seen = useRef(new Map<string, ConfigScopeView>());
  const [changes, setChanges] = useState<Change[]>([]);
  useEffect(() => {
    if (!view) return;
    const before = seen.current.get(view.service);
    seen.current.set(view.service, view);
    if (!before || before.version === view.version) return;
    const keys = [...new Set([...Object.keys(before.values), ...Object.keys(view.values)])].filter(
      (k) => JSON.stringify(before.values[k]) !== JSON.stringify(view.values[k]),
    );
    const change = { at: new Date(), scope: view.service, version: view.version, keys };
    setChanges((shown) => [change, ...shown].slice(0, 10));
  }, [view]);

  const hotKeys = view?.keys.filter((k) => k.reload === 'hot') ?? [];
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  const [result, setResult] = useState<ConfigUpdateResult>();
  const [error, setError] = useState<unknown>();
  const chosen = hotKeys.find((k) => k.key === key) ?? hotKeys[0];

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!chosen) return;
    setError(undefined);
    setResult(undefined);
    try {
      setResult(
        await body<ConfigUpdateResult>(
          api.PUT('/api/v1/admin/config/{service}', {
            params: { path: { service: scope } },
            body: { [chosen.key]: value.trim() === '' ? null : parseValue(value, chosen.list) },
          }),
        ),
      );
      config.reload();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <section id="config" class="panel" aria-labelledby="config-title">
      <h2 id="config-title">Config centre</h2>
      <label for="config-scope">Scope</label>
      <select
        id="config-scope"
        value={scope}
        onChange={(e) => setScope(e.currentTarget.value as Scope)}
      >
        {SCOPES.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </select>
      <ErrorMessage error={config.error} />
      {view && (
        <>
          <p class="status-line">
            {view.centre} · <strong data-testid="config-version">version {view.version}</strong>
            {view.shared && <> · shared version {view.shared.version}</>}
          </p>
          <h3>Overrides</h3>
          {Object.keys(view.values).length === 0 ? (
            <p>None: every key has its file or default value.</p>
          ) : (
            <dl class="values">
              {Object.entries(view.values).map(([k, v]) => (
                <div key={k}>
                  <dt>{k}</dt>
                  <dd>{JSON.stringify(v)}</dd>
                </div>
              ))}
            </dl>
          )}
          <h3>Instances</h3>
          <table>
            <thead>
              <tr>
                <th scope="col">Instance</th>
                <th scope="col">Applied (shared / own)</th>
                <th scope="col">From</th>
                <th scope="col">Pending restart</th>
                <th scope="col">Reported</th>
              </tr>
            </thead>
            <tbody>
              {view.instances.map((i) => (
                <tr key={i.instanceId}>
                  <th scope="row">{i.instanceId}</th>
                  <td>
                    v{i.versions.shared} / v{i.versions.service}
                  </td>
                  <td>{i.origin}</td>
                  <td>{i.pendingRestart.join(', ') || '-'}</td>
                  <td>
                    {age(i.updatedAt)}
                    {i.lastError && <span class="bad"> · {i.lastError}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>Recent changes (seen by this console)</h3>
          {changes.length === 0 ? (
            <p>None since this page opened.</p>
          ) : (
            <ul>
              {changes.map((c) => (
                <li key={`${c.scope}-${c.version}`}>
                  {c.at.toLocaleTimeString()}: {c.scope} v{c.version} (
                  {c.keys.join(', ') || 'no key changed'})
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      {hotKeys.length > 0 && (
        <form onSubmit={(e) => void submit(e)} class="config-form">
          <h3>Change a hot setting</h3>
          <label for="config-key">Key</label>
          <select
            id="config-key"
            value={chosen?.key}
            onChange={(e) => setKey(e.currentTarget.value)}
          >
            {hotKeys.map((k) => (
              <option key={k.key} value={k.key}>
                {k.key}
              </option>
            ))}
          </select>
          <label for="config-value">
            Value (JSON or text{chosen?.list ? ', commas for a list' : ''}; empty removes it)
          </label>
          <input id="config-value" value={value} onInput={(e) => setValue(e.currentTarget.value)} />
          <button type="submit" class="primary">
            Apply
          </button>
          <ErrorMessage error={error} />
          {result && (
            <p role="status">
              {result.service} is now version {result.version}; applied live:{' '}
              {result.hot.join(', ') || 'none'}
              {result.pendingRestart.length > 0 && (
                <>; after a restart: {result.pendingRestart.join(', ')}</>
              )}
            </p>
          )}
        </form>
      )}
    </section>
  );
}
