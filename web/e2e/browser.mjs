// Shared set-up of the browser tests: Debian's Chromium through playwright-core (no browser download), and small
// helpers that fail with a clear message instead of hanging.
import { chromium } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function chromiumPath() {
  return process.env.CHROMIUM || '/usr/bin/chromium';
}

/** Launches Chromium and opens a page of 1400×900; `close()` ends both. */
export async function openBrowser() {
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, headless: true, timeout: 30_000 });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  return { browser, context, page, errors, close: () => browser.close() };
}

/** Runs the named steps in order, printing `ok NAME` or `FAIL NAME: reason`; exits 1 on the first failure. */
export async function steps(list, cleanup) {
  let failed = false;
  for (const [name, fn] of list) {
    const t0 = Date.now();
    try {
      await fn();
      console.log(`ok ${name} (${Date.now() - t0} ms)`);
    } catch (e) {
      console.log(`FAIL ${name}: ${e && e.message ? e.message : e}`);
      failed = true;
      break;
    }
  }
  try {
    await cleanup?.();
  } catch (e) {
    console.log(`cleanup failed: ${e}`);
  }
  process.exit(failed ? 1 : 0);
}

export function check(condition, message) {
  if (!condition) throw new Error(message);
}
