import type { ProcessStatus } from './launcher';

function ports(row: ProcessStatus): string {
  if (row.service === 'kafka') return `kafka ${row.httpPort}`;
  return row.rpcPort === undefined
    ? `http ${row.httpPort}`
    : `http ${row.httpPort}, rpc ${row.rpcPort}`;
}

/** The launcher's status table: one row per process. */
export function renderStatusTable(rows: ProcessStatus[]): string {
  const header = ['service', 'instance', 'pid', 'ports', 'state'];
  const body = rows.map((r) => [r.service, r.instanceId, String(r.pid ?? '-'), ports(r), r.state]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}
