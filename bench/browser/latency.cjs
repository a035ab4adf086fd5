'use strict';
// Glass-to-glass latency of the browser live view: headless chromium plays /cameras/NAME, and for
// every picture the page composites (requestVideoFrameCallback) the test pattern's burned-in
// stamp is read off a canvas; its capture time (CLOCK_MONOTONIC microseconds, low 48 bits) is
// compared with the moment chromium expects to show that picture, brought onto the same clock.
//
//   node bench/browser/latency.cjs DRIVER_DIR URL SECONDS
//
// Prints one JSON object. The clocks: edge stamps Stopwatch.GetTimestamp (CLOCK_MONOTONIC on
// Linux); node's process.hrtime is CLOCK_MONOTONIC too; the page's performance.now() is tied to
// it by the round trip with the smallest delay out of 30 (its error is at most half that trip,
// printed as syncErrorMs), measured before and after the run.
const path = require('path');
const [driverDir, url, secondsText] = process.argv.slice(2);
const seconds = Number(secondsText || 60);
if (!driverDir || !url || !(seconds > 0)) {
  console.error('usage: node latency.cjs DRIVER_DIR URL SECONDS');
  process.exit(2);
}
const { chromium } = require(path.join(driverDir, 'node_modules', 'playwright-core'));

const monotonicMs = () => Number(process.hrtime.bigint()) / 1e6;

// Offset to add to the page's performance.now() to get CLOCK_MONOTONIC milliseconds.
async function clockOffset(page) {
  let best = null;
  for (let i = 0; i < 30; i++) {
    const before = monotonicMs();
    const pageNow = await page.evaluate(() => performance.now());
    const after = monotonicMs();
    if (!best || after - before < best.trip) best = { trip: after - before, offset: (before + after) / 2 - pageNow };
  }
  return best;
}

// Runs in the page: reads the stamp (16 x 7 blocks: marker 0xB38E, frame number, 48-bit capture
// time, CRC-16/CCITT-FALSE; see src/Edge.Video/Sources/TestPattern/BurnedInCode.cs) from every
// composited picture and keeps (number, capture micros, expected display time, callback time).
function startRecording() {
  const video = document.querySelector('video');
  const Columns = 16, Rows = 7;
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d', { willReadFrequently: true });
  window.__stamps = [];
  window.__unreadable = 0;
  const crc16 = (bytes) => {
    let crc = 0xffff;
    for (const b of bytes) {
      crc ^= b << 8;
      for (let i = 0; i < 8; i++) crc = (crc & 0x8000 ? (crc << 1) ^ 0x1021 : crc << 1) & 0xffff;
    }
    return crc;
  };
  const read = () => {
    const width = video.videoWidth, height = video.videoHeight;
    const block = width >= 640 && height >= 360 ? 16 : width >= 128 && height >= 56 ? 8 : 4;
    canvas.width = Columns * block;
    canvas.height = Rows * block;
    context.drawImage(video, 0, 0, canvas.width, canvas.height, 0, 0, canvas.width, canvas.height);
    const rgba = context.getImageData(0, 0, canvas.width, canvas.height).data;
    const bytes = new Uint8Array(14);
    const inset = block / 4, sample = block / 2;
    for (let r = 0; r < Rows; r++) {
      for (let c = 0; c < Columns; c++) {
        let sum = 0;
        for (let y = r * block + inset; y < r * block + inset + sample; y++)
          for (let x = c * block + inset; x < c * block + inset + sample; x++) {
            const i = (y * canvas.width + x) * 4;
            sum += 0.299 * rgba[i] + 0.587 * rgba[i + 1] + 0.114 * rgba[i + 2];
          }
        if (sum / (sample * sample) >= 128) bytes[(r * Columns + c) >> 3] |= 0x80 >> ((r * Columns + c) & 7);
      }
    }
    if (((bytes[0] << 8) | bytes[1]) !== 0xb38e || ((bytes[12] << 8) | bytes[13]) !== crc16(bytes.subarray(0, 12))) return null;
    const number = ((bytes[2] << 24) | (bytes[3] << 16) | (bytes[4] << 8) | bytes[5]) >>> 0;
    let micros = 0;
    for (let i = 6; i < 12; i++) micros = micros * 256 + bytes[i];
    return { number, micros };
  };
  const onFrame = (now, metadata) => {
    const stamp = read();
    if (stamp) window.__stamps.push([stamp.number, stamp.micros, metadata.expectedDisplayTime, now]);
    else window.__unreadable++;
    video.requestVideoFrameCallback(onFrame);
  };
  video.requestVideoFrameCallback(onFrame);
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

(async () => {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, timeout: 30000 });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(url, { waitUntil: 'load', timeout: 15000 });
    const deadline = Date.now() + 20000;
    while (!(await page.evaluate(() => { const v = document.querySelector('video'); return v && v.readyState >= 2 && v.currentTime > 0; }))) {
      if (Date.now() > deadline) throw new Error('the video did not start within 20 s');
      await page.waitForTimeout(100);
    }
    await page.waitForTimeout(2000); // settle at the live edge
    const syncBefore = await clockOffset(page);
    await page.evaluate(startRecording);
    await page.waitForTimeout(seconds * 1000);
    const { stamps, unreadable } = await page.evaluate(() => ({ stamps: window.__stamps, unreadable: window.__unreadable }));
    const syncAfter = await clockOffset(page);
    const offset = (syncBefore.offset + syncAfter.offset) / 2;
    const latencies = stamps.map(([, micros, expectedDisplay]) => expectedDisplay + offset - micros / 1000);
    const callbackLatencies = stamps.map(([, micros, , callback]) => callback + offset - micros / 1000);
    const summary = (values) => {
      const sorted = [...values].sort((a, b) => a - b);
      return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted[sorted.length - 1], min: sorted[0] };
    };
    const third = Math.floor(latencies.length / 3);
    const numbers = stamps.map((s) => s[0]);
    process.stdout.write(JSON.stringify({
      browser: browser.version(),
      seconds,
      pictures: stamps.length,
      unreadable,
      framesSpanned: numbers.length ? numbers[numbers.length - 1] - numbers[0] + 1 : 0,
      syncErrorMs: Math.max(syncBefore.trip, syncAfter.trip) / 2,
      clockDriftMs: syncAfter.offset - syncBefore.offset,
      toExpectedDisplayMs: summary(latencies),
      toCallbackMs: summary(callbackLatencies),
      firstThirdP50Ms: summary(latencies.slice(0, third)).p50,
      lastThirdP50Ms: summary(latencies.slice(-third)).p50,
    }) + '\n');
  } finally {
    await browser.close();
  }
})().catch((error) => {
  console.error(error && error.stack ? error.stack : String(error));
  process.exit(1);
});
