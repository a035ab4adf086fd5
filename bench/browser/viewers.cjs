'use strict';
// N live viewers of one camera without a browser: each opens the WebSocket the live page uses
// (/cameras/NAME/live) and reads every message, as a page keeping up would. Prints one JSON line
// when SECONDS are over: viewers admitted, refused or dropped, and what each received.
//
//   node --experimental-websocket bench/browser/viewers.cjs WS_URL VIEWERS SECONDS
const [url, viewersText, secondsText] = process.argv.slice(2);
const viewers = Number(viewersText), seconds = Number(secondsText);
if (!url || !(viewers > 0) || !(seconds > 0)) {
  console.error('usage: node --experimental-websocket viewers.cjs WS_URL VIEWERS SECONDS');
  process.exit(2);
}

const stats = [];
for (let i = 0; i < viewers; i++) {
  const viewer = { messages: 0, bytes: 0, opened: false, closedEarly: null };
  stats.push(viewer);
  const socket = new WebSocket(url);
  socket.binaryType = 'arraybuffer';
  socket.onopen = () => { viewer.opened = true; };
  socket.onmessage = (event) => { viewer.messages++; viewer.bytes += event.data.byteLength; };
  socket.onclose = (event) => { if (!viewer.done) viewer.closedEarly = `${event.code} ${event.reason}`; };
  viewer.socket = socket;
}

setTimeout(() => {
  for (const viewer of stats) {
    viewer.done = true;
    viewer.socket.close(1000, 'done');
  }
  const received = stats.filter((v) => v.messages > 0);
  const megabits = received.map((v) => (v.bytes * 8) / 1e6 / seconds).sort((a, b) => a - b);
  process.stdout.write(JSON.stringify({
    viewers,
    receiving: received.length,
    closedEarly: stats.filter((v) => v.closedEarly).map((v) => v.closedEarly).slice(0, 3),
    closedEarlyCount: stats.filter((v) => v.closedEarly).length,
    mbitPerViewerMin: megabits[0] || 0,
    mbitPerViewerMax: megabits[megabits.length - 1] || 0,
    messagesPerViewerMin: Math.min(...received.map((v) => v.messages)),
  }) + '\n');
  setTimeout(() => process.exit(0), 500);
}, seconds * 1000);
