/** Short number formats for tiles and panels. */
export function fmtRate(v: number | undefined): string {
  if (v === undefined || !Number.isFinite(v)) return '–';
  if (v >= 1000) return `${(v / 1000).toFixed(1)}k`;
  if (v >= 10) return v.toFixed(0);
  return v.toFixed(1);
}

export function fmtMs(v: number | undefined): string {
  if (v === undefined || !Number.isFinite(v)) return '–';
  if (v < 0.1) return `${(v * 1000).toFixed(0)} µs`;
  if (v < 10) return `${v.toFixed(2)} ms`;
  return `${v.toFixed(0)} ms`;
}

export function fmtValue(v: number | undefined): string {
  if (v === undefined || Number.isNaN(v)) return '–';
  if (Number.isInteger(v)) return String(v);
  const a = Math.abs(v);
  if (a >= 1000 || a < 0.001) return v.toPrecision(4);
  return v.toFixed(3);
}
