// A real page watching the studio, for bench/run studio: node e2e/bench-watch.mjs URL NODE [MAX_SECONDS] [latency]
// Opens URL, waits for NODE's tile, prints `ready`, and keeps the page open until a `stop` line on stdin (or
// MAX_SECONDS, default 300). With `latency` it also records when each marked cell first shows in the page: a cell whose text
// holds `m<SEQ>@<EPOCH_MS>` (the publisher's send time) is timed at the animation frame after the DOM change that
// brought it; a `reset` line drops what was recorded so far. On stop it prints `tile: N rows` (the tile's count) and `latency: N samples, p50 X ms, p99 Y ms, max Z ms` (N may be 0 when nothing was marked).
import readline from 'node:readline';
import { openBrowser } from './browser.mjs';

const [url, node, maxSeconds = '300', mode = 'watch'] = process.argv.slice(2);
const { page, close } = await openBrowser();
const limit = setTimeout(async () => {
  console.log('bench-watch: no stop within the time limit');
  await close();
  process.exit(1);
}, Number(maxSeconds) * 1000);

try {
  await page.goto(url);
  await page.locator(`[data-testid="tile-name-${node}"]`).waitFor({ timeout: 30_000 });
  await page.evaluate((observe) => {
    window.__lat = [];
    if (!observe) return;
    window.__seen = new Set();
    const mark = /m(\d+)@(\d+)/;
    const pending = [];
    const scan = (el) => {
      for (const td of el.querySelectorAll ? el.querySelectorAll('td') : []) {
        const m = mark.exec(td.textContent || '');
        if (m && !window.__seen.has(m[1])) {
          window.__seen.add(m[1]);
          pending.push(Number(m[2]));
        }
      }
    };
    new MutationObserver((records) => {
      for (const r of records) {
        const target = r.target.nodeType === 1 ? r.target : r.target.parentElement;
        if (target) {
          if (target.tagName === 'TD') scan(target.parentElement);
          else scan(target);
        }
      }
      if (pending.length) {
        const sent = pending.splice(0);
        requestAnimationFrame(() => {
          const now = Date.now();
          for (const t of sent) window.__lat.push(now - t);
        });
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  }, mode === 'latency');
  console.log('ready');
} catch (e) {
  console.log(`bench-watch: FAIL ${e && e.message ? e.message : e}`);
  await close();
  process.exit(1);
}

const lines = readline.createInterface({ input: process.stdin });
for await (const line of lines) {
  if (line.trim() === 'stop') break;
  // The warm-up is over: drop what was recorded so far.
  if (line.trim() === 'reset') await page.evaluate(() => (window.__lat = []));
}
clearTimeout(limit);
// Proof that the page showed the data: the tile's row count (`none` when the tile never had a table).
const count = await page.locator(`[data-testid="dat-${node}"] .viewer-count`).textContent({ timeout: 1000 }).catch(() => null);
console.log(`tile: ${count ?? 'none'}`);
const lat = await page.evaluate(() => window.__lat);
const sorted = [...lat].sort((a, b) => a - b);
const q = (p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] : NaN);
console.log(`latency: ${sorted.length} samples, p50 ${q(0.5)} ms, p99 ${q(0.99)} ms, max ${sorted.length ? sorted.at(-1) : NaN} ms`);
await close();
process.exit(0);
