// Drives ledgerd's dashboard in headless Chromium (Debian's, through
// playwright-core from web/node_modules) and exits non-zero on the first
// thing that is wrong. Run by dashboard_test.cpp against a running system:
//   node dashboard.mjs BASE_URL OUT_DIR LEDGER_A LEDGER_B
// Screenshots of each page are left in OUT_DIR.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '../../web/package.json'));
const { chromium } = require('playwright-core');

const [base, out, a, b] = process.argv.slice(2);
const fail = why => { console.error(`dashboard: ${why}`); process.exit(1); };
if (!b) fail('usage: node dashboard.mjs BASE_URL OUT_DIR LEDGER_A LEDGER_B');

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-dev-shm-usage'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  const errors = [];
  page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', e => errors.push(String(e)));
  page.on('requestfailed', r => {
    // A page left while its event stream is open aborts the stream: that
    // is the page working, not failing.
    if (!r.url().includes('/events')) errors.push(`request failed: ${r.url()}`);
  });
  const noErrors = where => {
    if (errors.length) fail(`${where}: console errors: ${errors.join(' | ')}`);
  };

  // The list: both ledgers, each with a sparkline.
  await page.goto(`${base}/`);
  for (const name of [a, b])
    await page.waitForSelector(`tr[data-ledger="${name}"] canvas`, { timeout: 20000 });
  await page.screenshot({ path: path.join(out, 'dashboard-list.png') });
  noErrors('list');

  // A ledger's page: its curve gains points as it ticks.
  await page.goto(`${base}/#/ledger/${a}`);
  await page.waitForSelector('#equity canvas', { timeout: 20000 });
  const points = () => page.$eval('#equity', e => Number(e.dataset.points));
  const before = await points();
  await page.waitForFunction(
    n => Number(document.querySelector('#equity').dataset.points) > n,
    before, { timeout: 20000 });
  const stats = await page.$$eval('#statistics tr', rows => rows.length);
  if (stats < 10) fail(`ledger page: ${stats} statistics rows`);
  await page.screenshot({ path: path.join(out, 'dashboard-ledger.png') });
  noErrors('ledger page');
  console.log(`ledger page: ${before} points, then ${await points()}`);

  // The compare page: two curves.
  await page.goto(`${base}/#/compare?names=${a},${b}`);
  await page.waitForSelector('#compare canvas', { timeout: 20000 });
  const series = await page.$eval('#compare', e => Number(e.dataset.series));
  if (series !== 2) fail(`compare page: ${series} curves`);
  const legend = await page.$$eval('#compare .u-legend .u-series', s => s.length);
  if (legend !== 3) fail(`compare page: legend of ${legend} (time + 2 curves expected)`);
  await page.screenshot({ path: path.join(out, 'dashboard-compare.png') });
  noErrors('compare page');
  console.log('dashboard: all pages passed');
} finally {
  await browser.close();
}
