'use strict';
// Opens Edge's pages in headless chromium through playwright-core and prints what it saw as one
// JSON object on stdout; the end-to-end tests (BrowserTests.cs) judge it. Every wait is bounded.
//
//   node browser-check.cjs DRIVER_DIR live   URL SCREENSHOT.png
//   node browser-check.cjs DRIVER_DIR status URL SCREENSHOT_PREFIX
//
// DRIVER_DIR is where install.sh put playwright-core. CHROMIUM names the browser (default
// /usr/bin/chromium).
const path = require('path');
const [driverDir, mode, url, screenshot] = process.argv.slice(2);
if (!driverDir || !mode || !url || !screenshot) {
  console.error('usage: node browser-check.cjs DRIVER_DIR live|status URL SCREENSHOT');
  process.exit(2);
}
const { chromium } = require(path.join(driverDir, 'node_modules', 'playwright-core'));

const PhoneViewport = { width: 390, height: 844 };
const DesktopViewport = { width: 1280, height: 900 };

// Records console errors, uncaught exceptions, failed requests and CSP violations of a page.
function watchProblems(page) {
  const problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push('console: ' + message.text() + (message.location().url ? ' (' + message.location().url + ')' : ''));
  });
  page.on('pageerror', (error) => problems.push('exception: ' + error.message));
  page.on('requestfailed', (request) => {
    // The page ends its own WebSocket and image loads when it navigates away; those are not errors.
    const failure = request.failure();
    if (failure && failure.errorText !== 'net::ERR_ABORTED') problems.push('request failed: ' + request.url() + ' ' + failure.errorText);
  });
  return problems;
}

// Injected before the page's own script (through DevTools, so the page's CSP does not apply to it),
// it collects every CSP violation the page causes.
function collectViolations() {
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (event) => {
    window.__cspViolations.push(event.violatedDirective + ' blocked ' + (event.blockedURI || 'inline'));
  });
}

async function poll(page, predicate, arg, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await page.evaluate(predicate, arg);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// The current picture of the video: its size, luma statistics, and the luma (BT.601 video range,
// as the encoder saw it) of the top-left region where the test pattern burns in its stamp.
function grabPicture(region) {
  const video = document.querySelector('video');
  const width = video.videoWidth, height = video.videoHeight;
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  context.drawImage(video, 0, 0, width, height);
  const rgba = context.getImageData(0, 0, width, height).data;
  const luma = (i) => 16 + (219 * (0.299 * rgba[i] + 0.587 * rgba[i + 1] + 0.114 * rgba[i + 2])) / 255;
  let sum = 0, sumSquares = 0;
  for (let i = 0; i < rgba.length; i += 4) {
    const y = luma(i);
    sum += y;
    sumSquares += y * y;
  }
  const pixels = width * height;
  const regionWidth = Math.min(region.width, width), regionHeight = Math.min(region.height, height);
  const stamp = new Array(regionWidth * regionHeight);
  for (let y = 0; y < regionHeight; y++)
    for (let x = 0; x < regionWidth; x++) stamp[y * regionWidth + x] = Math.round(luma((y * width + x) * 4));
  // Below the stamp, the moving scene: a coarse signature to tell one picture from the next.
  const signature = [];
  for (let y = Math.floor(height / 2); y < height; y += 16)
    for (let x = 0; x < width; x += 16) signature.push(Math.round(luma((y * width + x) * 4)));
  return {
    width, height, currentTime: video.currentTime,
    meanLuma: sum / pixels, lumaDeviation: Math.sqrt(Math.max(0, sumSquares / pixels - (sum / pixels) ** 2)),
    stampWidth: regionWidth, stampHeight: regionHeight, stamp, signature,
  };
}

async function checkLive(browser) {
  const context = await browser.newContext({ viewport: DesktopViewport });
  const page = await context.newPage();
  const problems = watchProblems(page);
  await page.addInitScript(collectViolations);
  await page.goto(url, { waitUntil: 'load', timeout: 15000 });
  await poll(page, () => {
    const video = document.querySelector('video');
    return video && video.readyState >= 2 && video.currentTime > 0 && !video.paused;
  }, null, 20000, 'the <video> to play (readyState >= 2, currentTime > 0, not paused)');
  const region = { width: 16 * 16, height: 7 * 16 };
  const first = await page.evaluate(grabPicture, region);
  const started = Date.now();
  await page.waitForTimeout(3000);
  const second = await page.evaluate(grabPicture, region);
  const wallSeconds = (Date.now() - started) / 1000;
  const note = await page.evaluate(() => document.getElementById('note') && document.getElementById('note').textContent);
  const buffered = await page.evaluate(() => {
    const video = document.querySelector('video');
    return video.buffered.length ? video.buffered.end(video.buffered.length - 1) - video.currentTime : -1;
  });
  await page.screenshot({ path: screenshot, timeout: 10000 });
  const violations = await page.evaluate(() => window.__cspViolations);
  await context.close();
  return { first, second, wallSeconds, note, bufferedAhead: buffered, problems, violations, screenshot };
}

// The status page as a phone and as a desktop show it: every camera's picture loaded, nothing
// wider than the screen, no errors.
async function checkStatus(browser) {
  const results = {};
  for (const [name, viewport] of [['phone', PhoneViewport], ['desktop', DesktopViewport]]) {
    const context = await browser.newContext({ viewport, isMobile: name === 'phone', hasTouch: name === 'phone', deviceScaleFactor: name === 'phone' ? 3 : 1 });
    const page = await context.newPage();
    const problems = watchProblems(page);
    await page.addInitScript(collectViolations);
    await page.goto(url, { waitUntil: 'load', timeout: 15000 });
    const pictures = await poll(page, () => {
      const images = Array.from(document.querySelectorAll('img'));
      if (!images.length || !images.every((image) => image.complete && image.naturalWidth > 0)) return null;
      return images.map((image) => ({ alt: image.alt, src: image.getAttribute('src'), naturalWidth: image.naturalWidth, naturalHeight: image.naturalHeight, shownWidth: image.getBoundingClientRect().width }));
    }, null, 15000, 'every picture on the status page to load');
    const layout = await page.evaluate(() => ({
      viewportWidth: window.innerWidth,
      pageWidth: document.documentElement.scrollWidth,
      smallestFontPx: Math.min(...Array.from(document.querySelectorAll('body *')).filter((e) => e.childNodes.length && Array.from(e.childNodes).some((n) => n.nodeType === 3 && n.textContent.trim())).map((e) => parseFloat(getComputedStyle(e).fontSize))),
      rtspUrls: Array.from(document.querySelectorAll('code.copy')).map((e) => ({ text: e.textContent, userSelect: getComputedStyle(e).userSelect })),
      text: document.body.innerText,
    }));
    const file = `${screenshot}-${name}.png`;
    await page.screenshot({ path: file, fullPage: true, timeout: 10000 });
    const violations = await page.evaluate(() => window.__cspViolations);
    await context.close();
    results[name] = { pictures, layout, problems, violations, screenshot: file };
  }
  return results;
}

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    timeout: 30000,
  });
  try {
    const result = mode === 'live' ? await checkLive(browser) : mode === 'status' ? await checkStatus(browser) : null;
    if (!result) throw new Error(`unknown mode ${mode}; use live or status`);
    process.stdout.write(JSON.stringify({ browser: browser.version(), ...result }) + '\n');
  } finally {
    await browser.close();
  }
})().catch((error) => {
  console.error(error && error.stack ? error.stack : String(error));
  process.exit(1);
});
