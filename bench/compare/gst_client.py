"""The RTSP client of bench/compare, the same for both servers: GStreamer's
rtspsrc latency=0 protocols=tcp ! rtph264depay ! avdec_h264 ! appsink sync=false.

  latency     decodes SECONDS of the stream and, for every picture carrying the test pattern's
              burned-in stamp, takes (decode time - capture time) on CLOCK_MONOTONIC, which the
              server's camera and this process share. Prints JSON: {"samples_ms": [...], ...}.
  firstframe  TRIES times: a new client starts, and the time from the moment rtspsrc hands its
              PLAY request to the socket ("before-send") to the first picture out of the decoder
              is taken; with --stamped, the first picture with a valid stamp, and its age.
              Prints JSON: {"tries": [{"first_ms": ..., "age_ms": ...}, ...], "failed": N}.

avdec_h264 runs with output-corrupt=false, so a client that joins between keyframes gets no
picture until a decodable one (libavcodec otherwise shows grey, broken pictures at once), and
with slice threads only (frame threads would hold pictures back).
"""

import argparse
import json
import random
import sys
import threading
import time

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtsp", "1.0")
gi.require_version("GstVideo", "1.0")
from gi.repository import GLib, Gst, GstRtsp, GstVideo  # noqa: E402

import stamp  # noqa: E402


def now_ns():
    return time.clock_gettime_ns(time.CLOCK_MONOTONIC)


class Client:
    """One client pipeline; on_picture(t_ns, luma_or_None) is called for every decoded picture."""

    def __init__(self, url, on_picture, read_stamp):
        self.play_ns = None
        self.error = None
        self._on_picture = on_picture
        self._read_stamp = read_stamp
        self.pipeline = Gst.parse_launch(
            f"rtspsrc name=src location={url} latency=0 protocols=tcp "
            "! rtph264depay ! avdec_h264 output-corrupt=false thread-type=slice "
            "! video/x-raw,format=I420 ! appsink name=sink sync=false emit-signals=true max-buffers=8 drop=false")
        self.pipeline.get_by_name("src").connect("before-send", self._before_send)
        self.pipeline.get_by_name("sink").connect("new-sample", self._new_sample)
        bus = self.pipeline.get_bus()
        bus.add_signal_watch()
        bus.connect("message::error", self._on_error)

    def _before_send(self, _src, message):
        if message.get_type() == GstRtsp.RTSPMsgType.REQUEST:
            _result, method, _uri, _version = message.parse_request()
            if method == GstRtsp.RTSPMethod.PLAY and self.play_ns is None:
                self.play_ns = now_ns()
        return True

    def _new_sample(self, sink):
        t = now_ns()
        sample = sink.emit("pull-sample")
        if sample is None:
            return Gst.FlowReturn.OK
        luma = None
        if self._read_stamp:
            info = GstVideo.VideoInfo.new_from_caps(sample.get_caps())
            buffer = sample.get_buffer()
            ok, mapped = buffer.map(Gst.MapFlags.READ)
            if ok:
                try:
                    stride = info.stride[0]
                    rows = stamp.ROWS * stamp.block_size(info.width, info.height)
                    luma = stamp.read(bytes(mapped.data[:rows * stride]), info.width, info.height, stride)
                finally:
                    buffer.unmap(mapped)
        self._on_picture(t, luma)
        return Gst.FlowReturn.OK

    def _on_error(self, _bus, message):
        err, debug = message.parse_error()
        self.error = f"{err.message} ({debug})"

    def start(self):
        self.pipeline.set_state(Gst.State.PLAYING)

    def stop(self):
        self.pipeline.set_state(Gst.State.NULL)
        self.pipeline.get_bus().remove_signal_watch()


def run_loop_until(loop_context, done, timeout_s):
    """Iterates the default GLib context (bus messages) until done() or the timeout."""
    deadline = time.monotonic() + timeout_s
    while not done() and time.monotonic() < deadline:
        loop_context.iteration(False)
        time.sleep(0.002)
    return done()


def latency(args):
    samples = []
    counts = {"pictures": 0, "stamped": 0}
    first = [None]
    lock = threading.Lock()

    def on_picture(t, read):
        with lock:
            counts["pictures"] += 1
            if first[0] is None:
                first[0] = t
            if read is None:
                return
            counts["stamped"] += 1
            if t - first[0] < args.warmup * 1e9:
                return
            samples.append(stamp.age_micros(read[1], t // 1000) / 1000.0)

    client = Client(args.url, on_picture, read_stamp=True)
    client.start()
    context = GLib.MainContext.default()
    started = run_loop_until(context, lambda: first[0] is not None or client.error, args.connect_timeout)
    if started and not client.error:
        end = time.monotonic() + args.seconds + args.warmup
        run_loop_until(context, lambda: client.error is not None, end - time.monotonic())
    client.stop()
    with lock:
        result = {"samples_ms": samples, "pictures": counts["pictures"], "stamped": counts["stamped"], "error": client.error}
    print(json.dumps(result))
    return 0 if samples else 1


def first_frame(args):
    rng = random.Random(args.seed)
    tries = []
    failed = 0
    context = GLib.MainContext.default()
    for _ in range(args.tries):
        got = {}

        def on_picture(t, read, got=got):
            if "t" in got:
                return
            if args.stamped and read is None:
                return
            got["t"] = t
            if read is not None:
                got["age_ms"] = stamp.age_micros(read[1], t // 1000) / 1000.0

        client = Client(args.url, on_picture, read_stamp=args.stamped)
        client.start()
        ok = run_loop_until(context, lambda: "t" in got or client.error is not None, args.connect_timeout)
        if ok and "t" in got and client.play_ns is not None:
            tries.append({"first_ms": (got["t"] - client.play_ns) / 1e6, "age_ms": got.get("age_ms")})
        else:
            failed += 1
        client.stop()
        # A random pause, so tries fall at every phase of the keyframe interval.
        time.sleep(rng.uniform(args.gap_min, args.gap_max))
    print(json.dumps({"tries": tries, "failed": failed}))
    return 0 if tries else 1


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("latency")
    p.add_argument("--url", required=True)
    p.add_argument("--seconds", type=float, default=20)
    p.add_argument("--warmup", type=float, default=2, help="seconds after the first picture that are not counted")
    p.add_argument("--connect-timeout", type=float, default=15)
    p = sub.add_parser("firstframe")
    p.add_argument("--url", required=True)
    p.add_argument("--tries", type=int, default=20)
    p.add_argument("--stamped", action="store_true", help="count only pictures with a valid burned-in stamp")
    p.add_argument("--gap-min", type=float, default=1.2)
    p.add_argument("--gap-max", type=float, default=2.4)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--connect-timeout", type=float, default=10)
    args = parser.parse_args()
    Gst.init(None)
    return latency(args) if args.command == "latency" else first_frame(args)


if __name__ == "__main__":
    sys.exit(main())
