// Pans the network editor and measures frames with the Performance API: node e2e/pan.mjs URL [SECONDS]
// Prints `pan: N frames, F frames/s, p50 X ms, p99 Y ms, longest Z ms, T tiles`; exits 1 when the page shows no tiles.
import { check, openBrowser, steps } from './browser.mjs';

const [url, seconds = '5'] = process.argv.slice(2);
const { page, close } = await openBrowser();

await steps(
  [
    [
      'the editor pans',
      async () => {
        await page.goto(url);
        await page.locator('.react-flow__node').first().waitFor();
        await page.waitForTimeout(1500);
        const tiles = await page.locator('.react-flow__node').count();
        check(tiles > 0, 'no tiles');
        const pane = await page.locator('.react-flow__pane').boundingBox();
        const cx = pane.x + pane.width / 2;
        const cy = pane.y + pane.height / 2;
        await page.evaluate(() => {
          window.__frames = [];
          let last = performance.now();
          const tick = () => {
            const now = performance.now();
            window.__frames.push(now - last);
            last = now;
            if (!window.__stop) requestAnimationFrame(tick);
          };
          requestAnimationFrame(tick);
        });
        // Drag the background in circles; each mouse move is one pan step.
        await page.mouse.move(cx, cy);
        await page.mouse.down();
        const end = Date.now() + Number(seconds) * 1000;
        let a = 0;
        while (Date.now() < end) {
          a += 0.15;
          await page.mouse.move(cx + Math.cos(a) * 250, cy + Math.sin(a) * 180);
        }
        await page.mouse.up();
        const frames = await page.evaluate(() => {
          window.__stop = true;
          return window.__frames.slice(1);
        });
        const sorted = [...frames].sort((x, y) => x - y);
        const total = frames.reduce((x, y) => x + y, 0);
        const q = (p) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
        console.log(
          `pan: ${frames.length} frames, ${((frames.length * 1000) / total).toFixed(1)} frames/s, p50 ${q(0.5).toFixed(1)} ms, ` +
            `p99 ${q(0.99).toFixed(1)} ms, longest ${sorted.at(-1).toFixed(1)} ms, ${tiles} tiles`,
        );
      },
    ],
  ],
  close,
);
