// Markdown tables for the console and BENCHMARKS.md.
export function table(headers, rows) {
  const cell = (v) => (v === null || v === undefined ? '—' : String(v).replace(/\|/g, '\\|'));
  return [
    `| ${headers.join(' | ')} |`,
    `| ${headers.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ].join('\n');
}

export const mark = (ok) => (ok ? 'pass' : '**miss**');
export const ms = (x) => (x === null || x === undefined ? 'never' : `${x} ms`);
export const num = (x) => (x === null || x === undefined || Number.isNaN(x) ? '—' : Math.round(x).toLocaleString('en-US'));
export const pct = (x) => (x === null || x === undefined || Number.isNaN(x) ? '—' : `${Math.round(x * 100)}%`);
