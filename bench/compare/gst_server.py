"""GStreamer's RTSP server (gst-rtsp-server through GObject introspection) set up as the peer of
Edge in bench/compare: one shared media at rtsp://127.0.0.1:PORT/cam, RTP over TCP only.

  --mode file     serves a raw H.264 file without re-encoding, looped and paced at --fps, one
                  access unit per frame slot (as Edge's file source does): appsrc ! h264parse !
                  rtph264pay.
  --mode pattern  encodes raw I420 frames read from standard input (Edge's own test pattern from
                  PatternFeed, with its burned-in capture time) with x264enc at Edge's libx264
                  settings: appsrc ! x264enc tune=zerolatency speed-preset=ultrafast ... ! rtph264pay.

Prints "ready" on standard output once it listens. Stops on SIGTERM or SIGINT.
"""

import argparse
import fcntl
import os
import signal
import sys
import threading
import time
import traceback

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtsp", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtsp, GstRtspServer  # noqa: E402

import h264file  # noqa: E402

F_SETPIPE_SZ = 1031


class Feeder:
    """Holds the appsrc of the prepared media (if any) and pushes into it from a thread."""

    def __init__(self, fps):
        self._lock = threading.Lock()
        self._duration = Gst.SECOND // fps
        self._last_pts = None
        self._appsrc = None
        self.pushed = 0
        self.dropped = 0

    def attach(self, appsrc):
        with self._lock:
            self._appsrc = appsrc
            self._last_pts = None

    def detach(self):
        with self._lock:
            self._appsrc = None

    def push(self, data, capture_ns):
        """Pushes one picture captured at capture_ns (CLOCK_MONOTONIC, which is also the clock of
        GStreamer's system clock): its timestamp is that instant in the pipeline's running time."""
        with self._lock:
            appsrc = self._appsrc
        # Only while the media plays, as a live camera: what a paused pipeline queued would reach
        # the first client as a burst of old pictures.
        if appsrc is None or appsrc.current_state != Gst.State.PLAYING:
            self.dropped += 1
            return
        pts = capture_ns - appsrc.get_base_time()
        if pts < 0:
            self.dropped += 1  # due before the pipeline started playing
            return
        buffer = Gst.Buffer.new_wrapped(data)
        if self._last_pts is not None and pts <= self._last_pts:
            pts = self._last_pts + 1  # strictly rising, even for two pictures handed over at once
        self._last_pts = pts
        buffer.pts = pts
        buffer.duration = self._duration
        appsrc.emit("push-buffer", buffer)
        self.pushed += 1


def play_file(feeder, path, fps, stop):
    with open(path, "rb") as f:
        units = [unit for unit, _ in h264file.access_units(f.read())]
    start = time.monotonic_ns()
    index = 0
    while not stop.is_set():
        # Picture n is due at start + n / fps (no drift), and that instant is its timestamp, as
        # in Edge's file source.
        deadline = start + index * 1_000_000_000 // fps
        wait = deadline - time.monotonic_ns()
        if wait > 0:
            stop.wait(wait / 1e9)
            continue
        feeder.push(units[index % len(units)], deadline)
        index += 1


def play_stdin(feeder, frame_size, stop):
    try:
        fcntl.fcntl(0, F_SETPIPE_SZ, 1 << 20)  # fewer wake-ups per 1.4 MB picture
    except OSError:
        pass
    stdin = os.fdopen(0, "rb", buffering=0)
    frame = bytearray(frame_size)
    view = memoryview(frame)
    while not stop.is_set():
        got = 0
        while got < frame_size:
            n = stdin.readinto(view[got:])
            if not n:
                stop.set()
                return
            got += n
        # The picture's capture time is burned into it; GStreamer's timestamp is when it arrived.
        feeder.push(bytes(frame), time.monotonic_ns())


def launch_line(args):
    if args.mode == "file":
        caps = f"video/x-h264,stream-format=byte-stream,alignment=au,framerate={args.fps}/1"
        return (f"( appsrc name=src is-live=true format=time max-buffers={2 * args.fps} leaky-type=downstream caps={caps} "
                f"! h264parse ! rtph264pay name=pay0 pt=96 config-interval=0 )")
    caps = f"video/x-raw,format=I420,width={args.width},height={args.height},framerate={args.fps}/1"
    return (f"( appsrc name=src is-live=true format=time max-buffers=2 leaky-type=downstream caps={caps} "
            f"! x264enc tune=zerolatency speed-preset=ultrafast bitrate={args.bitrate_kbps} vbv-buf-capacity=1000 "
            f"key-int-max={args.keyframe_interval} bframes=0 ! video/x-h264,profile=main "
            f"! rtph264pay name=pay0 pt=96 config-interval=-1 )")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mode", choices=["file", "pattern"], required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--file")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=720)
    parser.add_argument("--fps", type=int, default=30)
    parser.add_argument("--bitrate-kbps", type=int, default=2500)
    parser.add_argument("--keyframe-interval", type=int, default=60, help="frames between IDRs")
    args = parser.parse_args()

    Gst.init(None)
    loop = GLib.MainLoop()
    feeder = Feeder(args.fps)
    stop = threading.Event()

    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service(str(args.port))
    factory = GstRtspServer.RTSPMediaFactory()
    factory.set_launch(launch_line(args))
    factory.set_shared(True)
    factory.set_protocols(GstRtsp.RTSPLowerTrans.TCP)
    factory.set_stop_on_disconnect(False)

    def on_media_configure(_factory, media):
        feeder.attach(media.get_element().get_by_name("src"))
        media.connect("unprepared", lambda _m: feeder.detach())

    factory.connect("media-configure", on_media_configure)
    server.get_mount_points().add_factory("/cam", factory)
    if server.attach(None) == 0:
        print(f"gst_server: cannot listen on 127.0.0.1:{args.port}", file=sys.stderr)
        return 1

    def play():
        try:
            if args.mode == "file":
                play_file(feeder, args.file, args.fps, stop)
            else:
                play_stdin(feeder, args.width * args.height * 3 // 2, stop)
        except Exception:  # noqa: BLE001 - a server without pictures must not look alive
            traceback.print_exc()
            failed.set()
            stop.set()

    failed = threading.Event()
    threading.Thread(target=play, daemon=True).start()

    def quit_loop():
        loop.quit()
        return GLib.SOURCE_REMOVE

    for signum in (signal.SIGTERM, signal.SIGINT):
        GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signum, quit_loop)
    GLib.timeout_add(200, lambda: (loop.quit() if stop.is_set() else None) or True)

    print("ready", flush=True)
    loop.run()
    stop.set()
    print(f"gst_server: pushed {feeder.pushed}, dropped while not playing {feeder.dropped}", file=sys.stderr, flush=True)
    return 1 if failed.is_set() else 0


if __name__ == "__main__":
    sys.exit(main())
