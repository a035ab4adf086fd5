// Drives the npm onvif package (a real Profile S client) against a running edge and prints what it
// learned as JSON on stdout; exits non-zero, saying why on stderr, when a step fails.
//
//   node onvif-check.cjs CLIENT_DIR connect HOST PORT [USER PASSWORD [wsse|digest]]
//     connects (GetSystemDateAndTime, GetServices, GetProfiles, GetVideoSources), then reads
//     GetDeviceInformation, GetStreamUri and GetSnapshotUri for every profile.
//   node onvif-check.cjs CLIENT_DIR discover TIMEOUT_MS [USER PASSWORD]
//     sends the client's own multicast Probe (Discovery.probe), prints each ProbeMatch as
//     received and, with a user, connects to the XAddr found and reads what connect reads.
//   node onvif-check.cjs CLIENT_DIR listen TIMEOUT_MS LISTEN_ADDRESS
//     joins 239.255.255.250:3702 on LISTEN_ADDRESS's interface and prints every message heard,
//     until a Bye arrives or the time is up (Hello and Bye are sent there).
'use strict';

const path = require('path');
const dgram = require('dgram');

const [clientDir, mode, ...rest] = process.argv.slice(2);
const onvif = require(path.join(clientDir, 'node_modules', 'onvif'));

function fail(message) {
  process.stderr.write(`onvif-check: ${message}\n`);
  process.exit(1);
}

// Every step has its own deadline: a silent server fails the step rather than hanging the test.
function within(ms, what, promise) {
  return Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms))]);
}

function call(cam, method, ...args) {
  return within(10000, method, new Promise((resolve, reject) => {
    cam[method](...args, (err, result) => (err ? reject(new Error(`${method}: ${err.message}`)) : resolve(result)));
  }));
}

async function connect(hostname, port, username, password, scheme) {
  const cam = new onvif.Cam({ hostname, port: Number(port), username, password, autoconnect: false, timeout: 10000, useWSSecurity: scheme !== 'digest' });
  await call(cam, 'connect');
  const info = await call(cam, 'getDeviceInformation');
  const profiles = [];
  for (const profile of cam.profiles) {
    const token = profile.$.token;
    const stream = await call(cam, 'getStreamUri', { protocol: 'RTSP', profileToken: token });
    const snapshot = await call(cam, 'getSnapshotUri', { profileToken: token });
    const encoder = profile.videoEncoderConfiguration;
    profiles.push({
      token,
      name: profile.name,
      encoding: encoder.encoding,
      width: Number(encoder.resolution.width),
      height: Number(encoder.resolution.height),
      fps: Number(encoder.rateControl.frameRateLimit),
      bitrate: Number(encoder.rateControl.bitrateLimit),
      govLength: Number(encoder.H264.govLength),
      streamUri: stream.uri,
      snapshotUri: snapshot.uri,
    });
  }
  return { info, profiles, videoSources: [].concat(cam.videoSources).length, defaultProfile: cam.defaultProfile && cam.defaultProfile.$.token };
}

function listen(timeoutMs, address, heard, untilBye) {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
    const timer = setTimeout(() => { socket.close(); resolve(); }, Number(timeoutMs));
    socket.on('error', (e) => { clearTimeout(timer); reject(e); });
    socket.on('message', (message, from) => {
      const xml = message.toString();
      heard.push({ from: from.address, xml });
      if (untilBye && xml.includes('/discovery/Bye<')) {
        clearTimeout(timer);
        socket.close();
        resolve();
      }
    });
    socket.bind(3702, () => {
      socket.addMembership('239.255.255.250', address);
      process.stderr.write('onvif-check: listening\n');
    });
  });
}

async function main() {
  if (mode === 'connect') {
    const [host, port, user, password, scheme] = rest;
    return connect(host, port, user, password, scheme);
  }
  if (mode === 'listen') {
    const [timeoutMs, address] = rest;
    const heard = [];
    await listen(timeoutMs, address, heard, true);
    return { heard };
  }
  if (mode === 'discover') {
    const [timeoutMs, user, password] = rest;
    const probeMatches = [];
    const errors = [];
    onvif.Discovery.on('device', (cam, rinfo, xml) => probeMatches.push({ from: rinfo.address, xml, hostname: cam.hostname, port: cam.port }));
    onvif.Discovery.on('error', (e) => errors.push(String(e)));
    const cams = await within(Number(timeoutMs) + 5000, 'Discovery.probe', new Promise((resolve) => {
      onvif.Discovery.probe({ timeout: Number(timeoutMs) }, (err, found) => resolve(found || []));
    }));
    const result = { found: cams.length, probeMatches, errors };
    if (user && probeMatches.length > 0) {
      const first = probeMatches[0];
      result.connected = await connect(first.hostname, first.port, user, password, 'wsse');
    }
    return result;
  }
  fail(`unknown mode ${mode}`);
}

main().then((result) => {
  process.stdout.write(JSON.stringify(result));
  process.exit(0);
}, (e) => fail(e.message || String(e)));
