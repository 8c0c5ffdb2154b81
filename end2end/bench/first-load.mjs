// The browser half of scripts/bench: what each page's first load transfers, and how long `/`
// takes to hydrate on a CPU slowed down 4x (a mid-range phone), both measured by Chromium.
//
//   node bench/first-load.mjs <site origin> <Cookie header of a signed-in session>
//
// Prints one JSON object: { transfer: { "<path>": bytes, ... }, hydratedMs: <median of 5> }.
// Each page is loaded in a fresh context (empty cache, no cookies but the session's for the
// signed-in pages) with brotli offered, and counted until it is interactive (hydrated, or
// marked so at once when it has no island to hydrate); the bytes are the
// sum of encodedDataLength from CDP's Network.loadingFinished, headers included.
import { chromium } from '@playwright/test';
import { existsSync } from 'node:fs';

const [origin, cookieHeader] = process.argv.slice(2);
if (!origin || !cookieHeader) {
  console.error('usage: node bench/first-load.mjs <site origin> <Cookie header>');
  process.exit(2);
}
const executablePath =
  process.env.PLAYWRIGHT_CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

const PUBLIC_PAGES = ['/', '/sign-in', '/troubleshooting', '/signed-out', '/auth/error?code=access_denied&ref=ABCD2345'];
// The bench's signed-in user is on the team.
const SIGNED_IN_PAGES = ['/', '/profile', '/team/errors'];
const HYDRATION_RUNS = 5;
// Chromium offers brotli only over https; a browser on the real site would get it.
const OFFER_BROTLI = { 'Accept-Encoding': 'gzip, deflate, br' };

const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
try {
  const transfer = {};
  for (const path of PUBLIC_PAGES) {
    transfer[path] = await firstLoad(path, []);
  }
  for (const path of SIGNED_IN_PAGES) {
    transfer[`${path} (signed in)`] = await firstLoad(path, sessionCookies());
  }
  const runs = [];
  for (let run = 0; run < HYDRATION_RUNS; run++) {
    runs.push(await hydrationTime());
  }
  runs.sort((a, b) => a - b);
  console.log(JSON.stringify({ transfer, hydratedMs: Math.round(runs[Math.floor(runs.length / 2)]) }));
} finally {
  await browser.close();
}

/** The bytes a fresh browser receives to show `path` until it has hydrated. */
async function firstLoad(path, cookies) {
  const context = await browser.newContext({ extraHTTPHeaders: OFFER_BROTLI });
  await context.addCookies(cookies);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  let bytes = 0;
  cdp.on('Network.loadingFinished', (event) => {
    bytes += event.encodedDataLength;
  });
  const response = await page.goto(origin + path);
  if (!response || response.url() !== origin + path) {
    throw new Error(`${path} did not load as itself (ended at ${response?.url()})`);
  }
  await page.waitForSelector('body[data-hydrated="true"]', { timeout: 30_000 });
  // Anything still on the wire (the favicon) finishes before the count is read.
  await page.waitForLoadState('networkidle');
  await context.close();
  return bytes;
}

/** Milliseconds from navigation start until `/` has hydrated, on a CPU slowed down 4x. */
async function hydrationTime() {
  const context = await browser.newContext({ extraHTTPHeaders: OFFER_BROTLI });
  // Records the moment the app marks <body> as hydrated, without waiting on a round trip.
  await context.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (document.body?.dataset.hydrated === 'true') {
        window.__hydratedAt = performance.now();
        observer.disconnect();
      }
    }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-hydrated'] });
  });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await page.goto(origin + '/');
  await page.waitForFunction(() => window.__hydratedAt !== undefined, null, { timeout: 60_000 });
  const hydratedAt = await page.evaluate(() => window.__hydratedAt);
  await context.close();
  return hydratedAt;
}

/** The session cookie(s) of the `Cookie` header, for the site's host. */
function sessionCookies() {
  const url = new URL(origin);
  return cookieHeader.split(/;\s*/).filter(Boolean).map((pair) => {
    const at = pair.indexOf('=');
    return { name: pair.slice(0, at), value: pair.slice(at + 1), domain: url.hostname, path: '/' };
  });
}
