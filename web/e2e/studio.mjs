// The studio end to end in Debian's Chromium: node e2e/studio.mjs URL GRAPH_FILE MQTT_MARKER [SCREENSHOT_DIR]
//
// URL is what `patchline studio GRAPH_FILE` printed (with its token). The graph has a table `rooms` (kitchen 21.5,
// hall 19.0, studio 23.2, porch 12.4), a select `warm` (the rows named kitchen and studio) and an MQTT Client DAT
// `sensors` that subscribes to the topic the test publishes MQTT_MARKER on, and a table `big` of 10,000 rows from a
// CSV file (column 0 = the row's index). Prints `ok STEP` per passed step; exits 1 at the first
// failure with `FAIL STEP: why`.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { check, openBrowser, steps } from './browser.mjs';

const [url, graphFile, marker, shots] = process.argv.slice(2);
if (!url || !graphFile || !marker) {
  console.error('usage: node e2e/studio.mjs URL GRAPH_FILE MQTT_MARKER [SCREENSHOT_DIR]');
  process.exit(2);
}
if (shots) mkdirSync(shots, { recursive: true });

const { page, errors, close } = await openBrowser();
const tile = (id) => page.getByTestId(`tile-${id}`);
const tileText = async (id) => (await tile(id).locator('.tile-viewer').textContent()) ?? '';
const shot = async (name) => {
  if (shots) await page.screenshot({ path: join(shots, name) });
};
/** Waits until `fn()` is true, polling; fails with `what` after `ms`. */
async function until(what, fn, ms = 15_000) {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    try {
      if (await fn()) return;
    } catch (e) {
      last = e;
    }
    await page.waitForTimeout(100);
  }
  throw new Error(`${what} (waited ${ms} ms)${last ? `; last error: ${last.message}` : ''}`);
}

/**
 * Runs in the page: scrolls the element from top to bottom in about 200 animation frames (a fast flick, every block
 * of rows fetched on the way) and returns the frame count, frames per second and the longest frame.
 */
async function flick(el) {
  const stride = Math.ceil(el.scrollHeight / 200);
  const frames = [];
  let last = performance.now();
  const start = last;
  await new Promise((done) => {
    const step = () => {
      const now = performance.now();
      frames.push(now - last);
      last = now;
      el.scrollTop += stride;
      if (el.scrollTop + el.clientHeight >= el.scrollHeight - 1 || now - start > 20_000) done();
      else requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  });
  frames.shift();
  const total = frames.reduce((a, b) => a + b, 0);
  return { frames: frames.length, fps: (frames.length * 1000) / total, longest: Math.max(...frames) };
}

const noToken = (() => {
  const u = new URL(url);
  u.searchParams.delete('token');
  return u.toString();
})();

await steps(
  [
    [
      'the page is refused without the token',
      async () => {
        const response = await page.goto(noToken);
        check(response && (response.status() === 401 || response.status() === 403), `status ${response?.status()}, want 401 or 403`);
      },
    ],
    [
      'a wrong token is refused',
      async () => {
        const u = new URL(url);
        u.searchParams.set('token', 'not-the-token');
        const response = await page.goto(u.toString());
        check(response && (response.status() === 401 || response.status() === 403), `status ${response?.status()}, want 401 or 403`);
      },
    ],
    [
      'the sample graph\'s tiles and table cells appear, and the token leaves the address bar',
      async () => {
        await page.goto(url);
        await page.getByTestId('conn').and(page.locator('[data-conn="open"]')).waitFor();
        for (const id of ['rooms', 'warm', 'sensors']) await tile(id).waitFor();
        await until('rooms shows kitchen 21.5', async () => (await tileText('rooms')).includes('kitchen') && (await tileText('rooms')).includes('21.5'));
        await until('warm shows studio but not porch', async () => {
          const t = await tileText('warm');
          return t.includes('studio') && t.includes('kitchen') && !t.includes('porch');
        });
        check(!page.url().includes('token='), `the address still holds the token: ${page.url()}`);
      },
    ],
    [
      'an MQTT message published to the broker appears live in its tile',
      async () => {
        await until(`sensors shows ${marker}`, async () => (await tileText('sensors')).includes(marker));
        await until('sensors reports rows/s', async () => (await page.getByTestId('tile-state-sensors').textContent())?.includes('rows/s'));
        await shot('studio-editor.png');
      },
    ],
    [
      'a parameter change in the panel takes effect in the patch',
      async () => {
        await tile('warm').locator('.tile-head').click();
        await page.getByTestId('node-panel').waitFor();
        const names = page.getByTestId('param-rownames');
        await names.fill('studio');
        await names.press('Enter');
        await until('warm keeps only studio', async () => {
          const t = await tileText('warm');
          return t.includes('studio') && !t.includes('kitchen');
        });
        await shot('studio-panel.png');
      },
    ],
    [
      'a 10,000-row table scrolls to its last row in the panel',
      async () => {
        await tile('big').locator('.tile-head').click();
        await page.getByTestId('tab-data').click();
        await page.getByTestId('cell-big-0-0').waitFor();
        const scroller = page.getByTestId('table-scroll-big');
        const result = await scroller.evaluate(flick);
        console.log(
          `  scrolled 10,000 rows in ${result.frames} frames: ${result.fps.toFixed(1)} frames/s, longest frame ${result.longest.toFixed(1)} ms`,
        );
        await page.getByTestId('cell-big-9999-0').waitFor();
        check((await page.getByTestId('cell-big-9999-0').textContent()) === '9999', 'the last row is not row 9999');
        check((await page.locator('.vrow').count()) < 100, 'more than 100 rows in the DOM');
      },
    ],
    [
      'a node added from the palette and wired produces rows',
      async () => {
        await page.getByTestId('palette-search').fill('select');
        const pane = page.locator('.react-flow__pane');
        const box = await pane.boundingBox();
        await page.getByTestId('palette-select').dragTo(pane, { targetPosition: { x: box.width / 2, y: box.height - 120 } });
        await tile('select1').waitFor();
        const from = tile('rooms').locator('.react-flow__handle.source');
        const to = tile('select1').locator('.react-flow__handle.target');
        await from.hover();
        await page.mouse.down();
        const target = await to.boundingBox();
        await page.mouse.move(target.x + target.width / 2, target.y + target.height / 2, { steps: 10 });
        await page.mouse.up();
        await until('select1 shows the rooms', async () => {
          const t = await tileText('select1');
          return t.includes('kitchen') && t.includes('porch');
        });
        await page.getByTestId('dirty').waitFor();
      },
    ],
    [
      'Ctrl-S saves the file',
      async () => {
        await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
        await page.keyboard.press('Control+s');
        await page.getByTestId('dirty').waitFor({ state: 'detached' });
        const saved = readFileSync(graphFile, 'utf8');
        check(saved.includes('"select1"'), 'the saved file lacks the node select1');
        check(/"rownames"\s*:\s*"studio"/.test(saved), 'the saved file lacks the new row names');
        JSON.parse(saved);
      },
    ],
    [
      'an edit of the file on disk appears in the page',
      async () => {
        const text = readFileSync(graphFile, 'utf8');
        check(text.includes('porch,12.4'), 'the file lacks the porch row to extend');
        writeFileSync(graphFile, text.replace('porch,12.4', 'porch,12.4\\nattic,30.5'));
        await until('rooms shows attic', async () => (await tileText('rooms')).includes('attic'));
      },
    ],
    [
      'the page logged no errors',
      async () => {
        const real = errors.filter((e) => !e.includes('status of 401') && !e.includes('status of 403'));
        check(real.length === 0, `page errors: ${real.join(' | ')}`);
      },
    ],
  ],
  close,
);
