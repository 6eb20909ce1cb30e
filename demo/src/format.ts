// Number and date formats of the dashboard.
export const tokens = (n: unknown) => Number(n ?? 0).toLocaleString('en-US');
export const money = (n: unknown) => `$${Number(n ?? 0).toFixed(Number(n ?? 0) < 1 ? 4 : 2)}`;
export const day = (date: unknown) => String(date ?? '').slice(0, 10);
export const when = (date: unknown) => String(date ?? '').slice(0, 16);
export const duration = (ms: unknown) => {
  const s = Math.round(Number(ms ?? 0) / 1000);
  return s < 60 ? `${s}s` : s < 3600 ? `${Math.round(s / 60)}m` : `${(s / 3600).toFixed(1)}h`;
};

/** Saves text as a file. */
export function download(filename: string, content: string, type = 'text/plain') {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = Object.assign(document.createElement('a'), { href: url, download: filename });
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
