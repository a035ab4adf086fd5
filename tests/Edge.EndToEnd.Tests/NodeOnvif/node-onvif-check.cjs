// Drives the npm node-onvif package (a Profile S client written apart from the onvif package:
// its own SOAP envelopes, its own WS-UsernameToken digest, its own HTTP Digest for snapshots)
// against a running edge and prints what it learned as JSON on stdout; exits non-zero, saying why
// on stderr, when a step fails.
//
//   node node-onvif-check.cjs CLIENT_DIR DEVICE_XADDR [USER PASSWORD]
//     init() (GetSystemDateAndTime, GetCapabilities, GetDeviceInformation, GetProfiles, then
//     GetStreamUri and GetSnapshotUri for every profile), then fetches every profile's snapshot.
'use strict';

const path = require('path');

const [clientDir, xaddr, user, pass] = process.argv.slice(2);
const onvif = require(path.join(clientDir, 'node_modules', 'node-onvif'));

function fail(message) {
  process.stderr.write(`node-onvif-check: ${message}\n`);
  process.exit(1);
}

// Every step has its own deadline: a silent server fails the step rather than hanging the test.
function within(ms, what, promise) {
  let timer;
  const deadline = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms); });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

async function main() {
  if (!xaddr) {
    fail('usage: node node-onvif-check.cjs CLIENT_DIR DEVICE_XADDR [USER PASSWORD]');
  }
  const device = new onvif.OnvifDevice({ xaddr, user: user || '', pass: pass || '' });
  const info = await within(20000, 'init', device.init());
  const profiles = [];
  for (const profile of device.getProfileList()) {
    device.changeProfile(profile.token);
    const snapshot = await within(10000, `fetchSnapshot ${profile.token}`, device.fetchSnapshot());
    const body = snapshot.body;
    const encoder = profile.video.encoder || {};
    profiles.push({
      token: profile.token,
      name: profile.name,
      encoding: encoder.encoding,
      width: encoder.resolution && encoder.resolution.width,
      height: encoder.resolution && encoder.resolution.height,
      fps: encoder.framerate,
      bitrate: encoder.bitrate,
      rtsp: profile.stream.rtsp,
      snapshotUri: profile.snapshot,
      snapshotType: snapshot.headers['content-type'],
      snapshotBytes: body.length,
      // A whole JPEG: starts with SOI and ends with EOI.
      snapshotIsJpeg: body.length > 4 && body[0] === 0xff && body[1] === 0xd8 && body[body.length - 2] === 0xff && body[body.length - 1] === 0xd9,
    });
  }
  return { info, mediaXAddr: device.services.media && device.services.media.xaddr, profiles };
}

main().then((result) => {
  process.stdout.write(JSON.stringify(result));
  process.exit(0);
}, (e) => fail(e.message || String(e)));
