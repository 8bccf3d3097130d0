// Small numeric and formatting helpers shared by the bench modules.

export function median(values) {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return undefined;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

/** The q-quantile (0..1) by nearest rank. */
export function quantile(values, q) {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return undefined;
  return v[Math.min(v.length - 1, Math.max(0, Math.ceil(q * v.length) - 1))];
}

export function summarize(values) {
  return { median: median(values), p90: quantile(values, 0.9), min: Math.min(...values), max: Math.max(...values), runs: values.length };
}

/** Milliseconds with precision suited to the magnitude: 0.123, 12.3, 1234. */
export function fmtMs(ms) {
  if (ms === undefined || ms === null || !Number.isFinite(ms)) return 'n/a';
  if (ms < 1) return `${ms.toFixed(3)} ms`;
  if (ms < 100) return `${ms.toFixed(1)} ms`;
  if (ms < 10_000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

export function fmtRatio(r) {
  if (r === undefined || r === null || !Number.isFinite(r)) return 'n/a';
  return r >= 10 ? `${r.toFixed(0)}×` : `${r.toFixed(2)}×`;
}

export function fmtKiB(bytes) {
  if (bytes === undefined || bytes === null) return 'n/a';
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

export function fmtInt(n) {
  return n === undefined || n === null ? 'n/a' : Number(n).toLocaleString('en-US');
}

/** A plain-text table with aligned columns; `align` is a string of 'l'/'r' per column. */
export function textTable(header, rows, align = '') {
  const all = [header, ...rows].map((r) => r.map((c) => String(c ?? '')));
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const line = (r) => r.map((c, i) => (align[i] === 'r' ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(all[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...all.slice(1).map(line)].join('\n');
}

/** A GitHub-flavoured markdown table. */
export function mdTable(header, rows, align = '') {
  const esc = (c) => String(c ?? '').replace(/\|/g, '\\|');
  const sep = header.map((_, i) => (align[i] === 'r' ? '---:' : '---'));
  return [header, sep, ...rows].map((r, i) => `| ${(i === 1 ? r : r.map(esc)).join(' | ')} |`).join('\n');
}
