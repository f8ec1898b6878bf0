import { body } from '../api/client';
import type { RegistrySnapshot } from '../api/views';
import { ErrorMessage } from '../ui/error-message';
import { age, api, usePolling } from './platform';

/** Every service and instance as the gateway's registry client sees them. */
export function RegistryPanel() {
  const registry = usePolling(() => body<RegistrySnapshot>(api.GET('/api/v1/admin/registry')));
  const snapshot = registry.value;
  const now = registry.at?.getTime();
  return (
    <section id="registry" class="panel" aria-labelledby="registry-title">
      <h2 id="registry-title">Services</h2>
      <ErrorMessage error={registry.error} />
      {snapshot && (
        <>
          <p class="status-line">
            <span class={snapshot.registryUp ? 'ok' : 'bad'}>
              registry {snapshot.registryUp ? 'up' : 'down'}
            </span>{' '}
            {snapshot.description} · callers run from{' '}
            <strong data-testid="directory-source">
              {snapshot.source === 'registry' ? 'the registry' : 'their snapshot'}
            </strong>
            {snapshot.lastError && <> · last error: {snapshot.lastError}</>}
          </p>
          <table>
            <caption class="visually-hidden">Instances of every service</caption>
            <thead>
              <tr>
                <th scope="col">Service</th>
                <th scope="col">Instance</th>
                <th scope="col">Health</th>
                <th scope="col">Colour</th>
                <th scope="col">Version</th>
                <th scope="col">Address</th>
                <th scope="col">Last heartbeat</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(snapshot.services).flatMap(([service, instances]) =>
                instances.length === 0
                  ? [
                      <tr key={service} data-service={service}>
                        <th scope="row">{service}</th>
                        <td colSpan={6} class="bad">
                          no instance registered
                        </td>
                      </tr>,
                    ]
                  : instances.map((i) => (
                      <tr key={i.instanceId} data-service={service}>
                        <th scope="row">{service}</th>
                        <td>{i.instanceId}</td>
                        <td class={i.healthy ? 'ok' : 'bad'} data-testid="health">
                          {i.healthy ? 'up' : 'cooling down'}
                        </td>
                        <td>
                          <span class={`colour colour-${i.colour}`}>{i.colour}</span>
                        </td>
                        <td>{i.version}</td>
                        <td>
                          {i.host}:{i.port} ({i.protocol})
                        </td>
                        <td>
                          <time dateTime={i.lastHeartbeat}>{age(i.lastHeartbeat, now)}</time>
                        </td>
                      </tr>
                    )),
              )}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
