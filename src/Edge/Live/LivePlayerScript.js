(function () {
  'use strict';
  var video = document.getElementById('live');
  var note = document.getElementById('note');
  // Behind the newest picture by more than CatchUpSeconds (a stall, a busy machine), the video
  // plays a little faster until it is back; by more than MaxBehindSeconds it jumps.
  var MaxBehindSeconds = 1.5, CatchUpSeconds = 0.3, CatchUpRate = 1.15, KeepSeconds = 10, TrimAfterSeconds = 30, MaxQueued = 300;
  var MS = window.MediaSource || window.ManagedMediaSource;

  function say(text) { note.textContent = text; }

  var fellBack = false;

  function showSnapshots(reason) {
    if (fellBack) return;
    fellBack = true;
    say(reason + ' Showing a snapshot every second instead.');
    var img = document.createElement('img');
    img.alt = video.getAttribute('aria-label');
    img.id = 'snapshot';
    video.replaceWith(img);
    var refresh = function () { img.src = video.dataset.snapshot + '?t=' + Date.now(); };
    refresh();
    setInterval(refresh, 1000);
  }

  function isInitSegment(data) {
    return data.length > 8 && data[4] === 0x66 && data[5] === 0x74 && data[6] === 0x79 && data[7] === 0x70;
  }

  // RFC 6381 codec string from the avcC box: profile, compatibility and level bytes.
  function codecOf(init) {
    for (var i = 4; i + 8 < init.length; i++) {
      if (init[i] === 0x61 && init[i + 1] === 0x76 && init[i + 2] === 0x63 && init[i + 3] === 0x43) {
        var hex = '';
        for (var j = 5; j <= 7; j++) hex += (init[i + j] < 16 ? '0' : '') + init[i + j].toString(16);
        return 'avc1.' + hex;
      }
    }
    return null;
  }

  if (!MS) {
    showSnapshots('This browser has no Media Source Extensions, so it cannot play the live H.264 stream.');
    return;
  }

  var source = new MS();
  video.disableRemotePlayback = true;
  video.src = URL.createObjectURL(source);
  source.addEventListener('sourceopen', function () {
    var scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
    var socket = new WebSocket(scheme + location.host + video.dataset.ws);
    socket.binaryType = 'arraybuffer';
    var buffer = null, type = null, queue = [], received = 0;

    function keepNearLiveEdge() {
      var ranges = buffer.buffered;
      if (!ranges.length) return;
      var end = ranges.end(ranges.length - 1);
      var behind = end - video.currentTime;
      if (behind > MaxBehindSeconds || video.currentTime < ranges.start(0)) {
        video.currentTime = Math.max(ranges.start(ranges.length - 1), end - 0.2);
      }
      var rate = behind > CatchUpSeconds ? CatchUpRate : 1;
      if (video.playbackRate !== rate) video.playbackRate = rate;
      if (video.paused) video.play().catch(function () {});
    }

    function pump() {
      if (!buffer || buffer.updating) return;
      var ranges = buffer.buffered;
      if (ranges.length && video.currentTime - ranges.start(0) > TrimAfterSeconds) {
        buffer.remove(0, video.currentTime - KeepSeconds);
        return;
      }
      if (!queue.length) return;
      var data = queue.shift();
      if (isInitSegment(data)) {
        var next = 'video/mp4; codecs="' + codecOf(data) + '"';
        if (next !== type && buffer.changeType) buffer.changeType(next);
        type = next;
      }
      buffer.appendBuffer(data);
    }

    socket.onmessage = function (event) {
      var data = new Uint8Array(event.data);
      received++;
      if (!buffer) {
        type = 'video/mp4; codecs="' + codecOf(data) + '"';
        if (!isInitSegment(data) || !MS.isTypeSupported(type)) {
          socket.close();
          showSnapshots('This browser cannot play ' + type + ' through Media Source Extensions.');
          return;
        }
        buffer = source.addSourceBuffer(type);
        buffer.mode = 'segments';
        buffer.addEventListener('updateend', function () { keepNearLiveEdge(); pump(); });
        say('Live.');
      }
      // A hidden tab may stop taking data; start again rather than hold minutes of video.
      if (queue.length > MaxQueued) { location.reload(); return; }
      queue.push(data);
      pump();
    };
    socket.onclose = function (event) {
      if (fellBack) return;
      if (received === 0) {
        showSnapshots('The live stream is not available' + (event.reason ? ' (' + event.reason + ').' : '.'));
        return;
      }
      say('The live view ended' + (event.reason ? ': ' + event.reason : '') + '. Reload the page to watch again.');
    };
  });
})();
