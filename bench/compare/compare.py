"""Edge against GStreamer's RTSP server, one after the other on the same input; prints a table.

Started by bench/compare/run.sh, which installs the peers, builds what is missing and passes
--edge and --pattern-feed. See the "Edge against GStreamer's RTSP server" section of
bench/README.md for what each figure means and how it is measured.
"""

import argparse
import datetime
import json
import os
import platform
import random
import re
import select
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

import h264file

HERE = os.path.dirname(os.path.abspath(__file__))
PYTHON = sys.executable
sys.path.insert(0, os.path.dirname(HERE))
from children import Children  # noqa: E402  (bench/children.py, shared with bench/soak)
CLK_TCK = os.sysconf("SC_CLK_TCK")
WIDTH, HEIGHT, FPS = 1280, 720, 30
BITRATE_KBPS = 2500  # the live-encoder cases (latency, first frame): Edge's default
KEYFRAME_FRAMES = 60  # 2 s at 30 fps, in every stream here


def log(message):
    print(f"[{datetime.datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# Child processes: each in its own session, every one stopped on the way out, however we leave.

CHILDREN = Children()


def on_signal(signum, _frame):
    raise SystemExit(128 + signum)


# ---------------------------------------------------------------------------------------------
# /proc readings

def cpu_seconds(pid):
    """utime + stime of the whole process (all threads), in seconds."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK  # fields 14 and 15 of stat(5)


def memory_kib(pid):
    values = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(rest.split()[0])
    return values


def wire_bytes(port):
    """Bytes the server has had acknowledged on its established TCP connections from PORT."""
    out = subprocess.run(["ss", "-tinH", "state", "established", f"( sport = :{port} )"],
                         capture_output=True, text=True, timeout=10).stdout
    acked = [int(m) for m in re.findall(r"bytes_acked:(\d+)", out)]
    connections = len(re.findall(r"^\S", out, re.M))
    return sum(acked), connections


def free_port_pair():
    """An even port whose next port is free too, for TCP and UDP on 127.0.0.1."""
    rng = random.Random()
    for _ in range(1000):
        port = rng.randrange(20000, 60000, 2)
        try:
            for p in (port, port + 1):
                for kind in (socket.SOCK_STREAM, socket.SOCK_DGRAM):
                    with socket.socket(socket.AF_INET, kind) as s:
                        s.bind(("127.0.0.1", p))
            return port
        except OSError:
            continue
    raise RuntimeError("no free port pair on 127.0.0.1")


# ---------------------------------------------------------------------------------------------
# The servers

class EdgeServer:
    name = "Edge"

    def __init__(self, binary, workdir, mode, h264_path):
        self.port = free_port_pair()
        udp = free_port_pair()
        multicast = free_port_pair()
        if mode == "file":
            camera = f'source = "file"\nfile = "{h264_path}"\n'
            encoder = 'kind = "passthrough"\n'
        else:
            camera = 'source = "test"\n'
            encoder = (f'kind = "ffmpeg"\ncodec = "libx264"\nbitrate_kbps = {BITRATE_KBPS}\n'
                       f'keyframe_interval_s = {KEYFRAME_FRAMES // FPS}\nprofile = "main"\n')
        config = (f'[rtsp]\nlisten = "127.0.0.1:{self.port}"\ntransports = ["tcp"]\n'
                  f'udp_rtp_port = {udp}\nmulticast_port = {multicast}\nmax_clients = 500\n'
                  f'[camera.cam]\n{camera}width = {WIDTH}\nheight = {HEIGHT}\nfps = {FPS}\n'
                  f'[camera.cam.encoder]\n{encoder}'
                  '[http]\nenabled = false\n[log]\nlevel = "info"\n')
        tag = f"edge-{mode}-{self.port}"
        self.config_path = os.path.join(workdir, tag + ".toml")
        with open(self.config_path, "w") as f:
            f.write(config)
        self.log_path = os.path.join(workdir, tag + ".log")
        notify_path = os.path.join(workdir, tag + ".notify")
        self._notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self._notify.bind(notify_path)
        self._ready = threading.Event()
        # Drain the notify socket for the server's whole life: a full socket would block its sends.
        threading.Thread(target=self._read_notify, daemon=True).start()
        env = dict(os.environ, NOTIFY_SOCKET=notify_path)
        try:
            with open(self.log_path, "wb") as logfile:
                self.process = CHILDREN.start([binary, "run", "--config", self.config_path],
                                              stdin=subprocess.DEVNULL, stdout=logfile, stderr=subprocess.STDOUT, env=env)
            if not self._ready.wait(30):
                raise RuntimeError(f"edge did not report READY=1 within 30 s; its log: {self.log_path}")
        except BaseException:
            self._notify.close()
            raise
        self.pid = self.process.pid

    def _read_notify(self):
        while True:
            try:
                data = self._notify.recv(4096)
            except OSError:
                return
            if b"READY=1" in data:
                self._ready.set()

    @property
    def url(self):
        return f"rtsp://127.0.0.1:{self.port}/cam"

    def check_alive(self):
        if self.process.poll() is not None:
            raise RuntimeError(f"edge exited ({self.process.returncode}) during the measurement; its log: {self.log_path}")

    def notes(self):
        return ""

    def stop(self):
        CHILDREN.stop(self.process)
        self._notify.close()


class GstServer:
    name = "GStreamer"

    def __init__(self, pattern_feed, workdir, mode, h264_path):
        self.port = free_port_pair()
        tag = f"gst-{mode}-{self.port}"
        self.log_path = os.path.join(workdir, tag + ".log")
        self.feed_log_path = os.path.join(workdir, tag + ".feed.log")
        args = [PYTHON, os.path.join(HERE, "gst_server.py"), "--mode", mode, "--port", str(self.port),
                "--width", str(WIDTH), "--height", str(HEIGHT), "--fps", str(FPS),
                "--bitrate-kbps", str(BITRATE_KBPS), "--keyframe-interval", str(KEYFRAME_FRAMES)]
        self.feed = None
        with open(self.log_path, "wb") as logfile:
            if mode == "file":
                self.process = CHILDREN.start(args + ["--file", h264_path], stdin=subprocess.DEVNULL,
                                              stdout=subprocess.PIPE, stderr=logfile)
            else:
                with open(self.feed_log_path, "wb") as feedlog:
                    self.feed = CHILDREN.start([pattern_feed, str(WIDTH), str(HEIGHT), str(FPS)],
                                               stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=feedlog)
                self.process = CHILDREN.start(args, stdin=self.feed.stdout, stdout=subprocess.PIPE, stderr=logfile)
                self.feed.stdout.close()
        ready, _, _ = select.select([self.process.stdout], [], [], 30)
        line = self.process.stdout.readline() if ready else b""
        if line.strip() != b"ready":
            raise RuntimeError(f"the GStreamer server did not start within 30 s; its log: {self.log_path}")
        self.pid = self.process.pid

    @property
    def url(self):
        return f"rtsp://127.0.0.1:{self.port}/cam"

    def check_alive(self):
        if self.process.poll() is not None:
            raise RuntimeError(f"the GStreamer server exited ({self.process.returncode}) during the measurement; its log: {self.log_path}")

    def notes(self):
        """The feed's own summary: how long a picture took to reach the server through the pipe."""
        if self.feed is None or not os.path.exists(self.feed_log_path):
            return ""
        with open(self.feed_log_path) as f:
            return f.read().strip()

    def stop(self):
        CHILDREN.stop(self.process)
        if self.feed is not None:
            CHILDREN.stop(self.feed)  # normally gone already: its pipe closed


def start_server(kind, args, workdir, mode, h264_path):
    if kind == "edge":
        return EdgeServer(args.edge, workdir, mode, h264_path)
    return GstServer(args.pattern_feed, workdir, mode, h264_path)


# ---------------------------------------------------------------------------------------------
# The measurements

def ffmpeg_client(url, logpath):
    with open(logpath, "wb") as logfile:
        return CHILDREN.start(["ffmpeg", "-nostdin", "-hide_banner", "-nostats", "-v", "info",
                               "-rtsp_transport", "tcp", "-i", url, "-t", "600", "-c", "copy", "-f", "null", "-"],
                              stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=logfile)


def client_summary(logpath):
    """(pictures/s over the client's life, lines of warnings) from an ffmpeg client's log. The h264
    decoder's complaints are not counted: ffmpeg decodes a few pictures to probe the stream, and a
    client that joins between keyframes (GStreamer has no GOP cache) gets "missing reference"."""
    with open(logpath, errors="replace") as f:
        text = f.read()
    fps = [float(v) for v in re.findall(r"frame=\s*\d+ fps=\s*([\d.]+)", text)]
    warnings = len(re.findall(r"^\[(?:rtsp|rtp|null)[^\]]*\] ", text, re.M))
    return (fps[-1] if fps else 0.0), warnings


def wait_for_connections(port, count, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if wire_bytes(port)[1] >= count:
            return True
        time.sleep(0.25)
    return False


def serving_cell(kind, args, workdir, h264_path, clients):
    server = start_server(kind, args, workdir, "file", h264_path)
    try:
        time.sleep(args.idle_settle)
        idle = memory_kib(server.pid)
        logs = [os.path.join(workdir, f"client-{kind}-{server.port}-{i}.log") for i in range(clients)]
        procs = [ffmpeg_client(server.url, path) for path in logs]
        if not wait_for_connections(server.port, clients, 30 + clients):
            raise RuntimeError(f"{server.name}: fewer than {clients} clients connected within {30 + clients} s")
        time.sleep(args.client_settle)
        bytes0, _ = wire_bytes(server.port)
        cpu0, wall0 = cpu_seconds(server.pid), time.monotonic()
        time.sleep(args.serve_seconds)
        cpu1, wall1 = cpu_seconds(server.pid), time.monotonic()
        bytes1, connected = wire_bytes(server.port)
        load = memory_kib(server.pid)
        server.check_alive()
        if connected < clients:
            raise RuntimeError(f"{server.name}: only {connected} of {clients} clients still connected at the end; "
                               f"logs: {server.log_path}, {logs[0]} ...")
        for p in procs:
            try:
                os.kill(p.pid, signal.SIGINT)  # ffmpeg stops cleanly and prints its summary
            except ProcessLookupError:
                pass
        for p in procs:
            CHILDREN.stop(p, timeout=10, sig=signal.SIGINT)
    finally:
        server.stop()
    summaries = [client_summary(path) for path in logs]
    wall = wall1 - wall0
    cpu = cpu1 - cpu0
    mbit = (bytes1 - bytes0) * 8 / 1e6
    return {
        "clients": clients,
        "cpu_s": cpu,
        "wall_s": wall,
        "cpu_pct": 100 * cpu / wall,
        "wire_mbit_s_per_client": mbit / wall / clients,
        "cpu_ms_per_mbit": 1000 * cpu / mbit if mbit > 0 else float("nan"),
        "still_connected": connected,
        "client_fps_median": statistics.median(fps for fps, _ in summaries),
        "client_warning_lines": sum(w for _, w in summaries),
        "rss_idle_mib": idle["VmRSS"] / 1024,
        "rss_load_mib": load["VmRSS"] / 1024,
        "hwm_mib": load["VmHWM"] / 1024,
    }


def run_client_script(command, timeout):
    result = subprocess.run([PYTHON, os.path.join(HERE, "gst_client.py")] + command, capture_output=True,
                            text=True, timeout=timeout, start_new_session=True)
    if result.returncode != 0 and not result.stdout.strip():
        raise RuntimeError(f"gst_client.py {command[0]} failed: {result.stderr.strip()[-2000:]}")
    return json.loads(result.stdout)


def percentile(sorted_values, fraction):
    if not sorted_values:
        return float("nan")
    return sorted_values[min(len(sorted_values) - 1, round(fraction * (len(sorted_values) - 1)))]


def latency_cell(kind, args, workdir):
    server = start_server(kind, args, workdir, "pattern", None)
    try:
        time.sleep(args.idle_settle)
        idle = memory_kib(server.pid)
        result = run_client_script(["latency", "--url", server.url, "--seconds", str(args.latency_seconds)],
                                   timeout=args.latency_seconds + 60)
        load = memory_kib(server.pid)
        server.check_alive()
    finally:
        server.stop()
    samples = sorted(result["samples_ms"])
    expected = args.latency_seconds * FPS
    return {
        "p50_ms": percentile(samples, 0.50),
        "p95_ms": percentile(samples, 0.95),
        "p99_ms": percentile(samples, 0.99),
        "max_ms": samples[-1] if samples else float("nan"),
        "pictures": len(samples),
        "expected_pictures": expected,
        "rss_idle_mib": idle["VmRSS"] / 1024,
        "hwm_mib": load["VmHWM"] / 1024,
        "notes": server.notes(),
        "error": result.get("error"),
    }


def first_frame_cell(kind, args, workdir, mode, h264_path, seed):
    server = start_server(kind, args, workdir, mode, h264_path)
    anchor = None
    try:
        # One client keeps watching, so every try is a new client joining a running stream (for
        # GStreamer's shared media, the first client would otherwise start a fresh pipeline).
        anchor = ffmpeg_client(server.url, os.path.join(workdir, f"anchor-{kind}-{mode}.log"))
        if not wait_for_connections(server.port, 1, 30):
            raise RuntimeError(f"{server.name}: the watching client did not connect")
        time.sleep(args.idle_settle)
        command = ["firstframe", "--url", server.url, "--tries", str(args.first_frame_tries), "--seed", str(seed)]
        if mode == "pattern":
            command.append("--stamped")
        result = run_client_script(command, timeout=args.first_frame_tries * 15 + 60)
        server.check_alive()
    finally:
        if anchor is not None:
            CHILDREN.stop(anchor, timeout=5, sig=signal.SIGINT)
        server.stop()
    firsts = sorted(t["first_ms"] for t in result["tries"])
    ages = sorted(t["age_ms"] for t in result["tries"] if t.get("age_ms") is not None)
    return {
        "median_ms": statistics.median(firsts) if firsts else float("nan"),
        "p90_ms": percentile(firsts, 0.90),
        "max_ms": firsts[-1] if firsts else float("nan"),
        "age_median_ms": statistics.median(ages) if ages else None,
        "tries": len(firsts),
        "failed": result["failed"],
        "all_ms": [round(v, 1) for v in firsts],
    }


# ---------------------------------------------------------------------------------------------
# The input and the machine

def make_input(workdir, seconds):
    """A 720p30 H.264 stream, about 3 Mbit/s, IDR every 2 s, no B-frames, zero-latency libx264."""
    path = os.path.join(workdir, "input-720p30.h264")
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-f", "lavfi", "-i", f"testsrc2=size={WIDTH}x{HEIGHT}:rate={FPS}",
                    "-t", str(seconds), "-c:v", "libx264", "-preset", "veryfast", "-tune", "zerolatency",
                    "-profile:v", "main", "-b:v", "3M", "-maxrate", "3M", "-bufsize", "3M",
                    "-g", str(KEYFRAME_FRAMES), "-keyint_min", str(KEYFRAME_FRAMES), "-sc_threshold", "0", "-bf", "0",
                    "-f", "h264", "-y", path], check=True, timeout=600)
    with open(path, "rb") as f:
        data = f.read()
    units = h264file.access_units(data)
    payload = sum(len(u) for u, _ in units)
    return path, {"pictures": len(units), "keyframes": sum(1 for _, idr in units if idr),
                  "mbit_s": payload * 8 / (len(units) / FPS) / 1e6}


def first_line(command):
    try:
        out = subprocess.run(command, capture_output=True, text=True, timeout=20)
        return (out.stdout or out.stderr).strip().splitlines()[0]
    except (OSError, subprocess.SubprocessError, IndexError):
        return "?"


def machine(args):
    model = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        mem_kib = int(f.readline().split()[1])
    debian = open("/etc/debian_version").read().strip() if os.path.exists("/etc/debian_version") else "?"
    return {
        "cpu": f"{model}, {os.cpu_count()} logical CPUs",
        "memory_gib": round(mem_kib / 1024 / 1024, 1),
        "os": f"Debian {debian}, Linux {platform.release()}",
        "ffmpeg": " ".join(first_line(["ffmpeg", "-version"]).split()[:3]),  # "ffmpeg version X"
        "gstreamer": "GStreamer " + first_line(["gst-launch-1.0", "--version"]).split()[-1],
        "edge": first_line([args.edge, "--version"]),
        "load_before": os.getloadavg(),
    }


# ---------------------------------------------------------------------------------------------
# The table

def spread(values, digits):
    """median [min-max] of the runs."""
    values = [v for v in values if v is not None and v == v]
    if not values:
        return "—", None
    median = statistics.median(values)
    fmt = f"{{:.{digits}f}}"
    if len(values) == 1:
        return fmt.format(median), median
    return f"{fmt.format(median)} [{fmt.format(min(values))}–{fmt.format(max(values))}]", median


def ratio(edge, gst):
    if edge is None or gst is None or gst == 0:
        return "—"
    return f"{edge / gst:.2f}"


def row(label, results, key, digits):
    edge_text, edge_median = spread([r[key] for r in results.get("edge", [])], digits)
    gst_text, gst_median = spread([r[key] for r in results.get("gst", [])], digits)
    return f"| {label} | {edge_text} | {gst_text} | {ratio(edge_median, gst_median)} |"


def edge_share_rows(path):
    label = "Latency: Edge's own share of it (hub to wire), p50 / p95 / p99 ms"
    if not path:
        return [f"| {label} | not measured by this driver (--edge-share FILE) | — | — |"]
    with open(path) as f:
        share = json.load(f)
    text = " / ".join(f"{share[k]:.2f}" for k in ("p50_ms", "p95_ms", "p99_ms"))
    source = share.get("source", os.path.basename(path))
    return [f"| {label}, from {source} | {text} | — | — |"]


FEED_PATTERN = re.compile(r"p50 ([\d.]+) p95 ([\d.]+) p99 ([\d.]+)")


def feed_share_row(results):
    """GStreamer's latency includes the pipe from PatternFeed (Edge draws in-process)."""
    parsed = [FEED_PATTERN.search(r.get("notes") or "") for r in results["latency"].get("gst", [])]
    parsed = [[float(v) for v in m.groups()] for m in parsed if m]
    if not parsed:
        return []
    text = " / ".join(spread([p[i] for p in parsed], 1)[0] for i in range(3))
    return [f"| Latency: GStreamer's part spent in the pattern feed's pipe (capture to written), p50 / p95 / p99 ms | — | {text} | — |"]


def plural(count, word):
    return f"{count} {word}{'s' if count != 1 else ''}"


def table(args, results):
    issue = " (RTSP issue figure)"
    lines = ["| figure | Edge | GStreamer | Edge / GStreamer |", "| --- | --- | --- | --- |"]
    for clients in args.clients:
        r = results.get(f"serve{clients}")
        if r:
            lines.append(row(f"Serving, {plural(clients, 'client')}: CPU per client per Mbit/s (ms of CPU per Mbit sent){issue}", r, "cpu_ms_per_mbit", 3))
    for clients in args.clients:
        r = results.get(f"serve{clients}")
        if r:
            lines.append(row(f"Serving, {plural(clients, 'client')}: server CPU, % of one core", r, "cpu_pct", 1))
    for clients in args.clients:
        r = results.get(f"serve{clients}")
        if r:
            lines.append(row(f"Serving, {plural(clients, 'client')}: Mbit/s on the wire per client", r, "wire_mbit_s_per_client", 2))
    for clients in args.clients:
        r = results.get(f"serve{clients}")
        if r:
            lines.append(row(f"Serving, {plural(clients, 'client')}: peak RSS (VmHWM), MiB", r, "hwm_mib", 1))
    if "latency" in results:
        r = results["latency"]
        for key, name in (("p50_ms", "p50"), ("p95_ms", "p95"), ("p99_ms", "p99")):
            lines.append(row(f"Latency, capture to decoded picture, {name} ms", r, key, 1))
        lines.extend(edge_share_rows(args.edge_share))
        lines.extend(feed_share_row(results))
    for mode, label in (("pattern", "live encoder (test pattern, libx264)"), ("file", "pre-encoded stream (file, no encoder)")):
        r = results.get(f"first-{mode}")
        if r:
            lines.append(row(f"First frame, {label}: median of {args.first_frame_tries} tries, ms{issue}", r, "median_ms", 0))
            lines.append(row(f"First frame, {label}: 90th percentile, ms", r, "p90_ms", 0))
            if mode == "pattern":
                lines.append(row(f"First frame, {label}: age of that picture (median), ms", r, "age_median_ms", 0))
    if f"serve{min(args.clients)}" in results:
        lines.append(row("Memory at idle, pre-encoded stream, no client: RSS MiB", results[f"serve{min(args.clients)}"], "rss_idle_mib", 1))
    if "latency" in results:
        lines.append(row("Memory at idle, live encoder, no client: RSS MiB", results["latency"], "rss_idle_mib", 1))
        lines.append(row("Memory, live encoder, 1 client: peak RSS (VmHWM) MiB", results["latency"], "hwm_mib", 1))
    if f"serve{max(args.clients)}" in results:
        lines.append(row(f"Memory under load, {plural(max(args.clients), 'client')}, pre-encoded stream: RSS MiB",
                         results[f"serve{max(args.clients)}"], "rss_load_mib", 1))
    return "\n".join(lines)


def checks(results, failures):
    """What tells a reader the figures describe working streams."""
    out = [f"failed and tried again or left out: {failure}" for failure in failures]
    for kind, name in (("edge", "Edge"), ("gst", "GStreamer")):
        serving = [c for key, r in results.items() if key.startswith("serve") for c in r.get(kind, [])]
        if serving:
            short = [c for c in serving if c["still_connected"] < c["clients"]]
            warnings = sum(c["client_warning_lines"] for c in serving)
            fps = statistics.median(c["client_fps_median"] for c in serving)
            out.append(f"{name}: serving runs with a client gone before the end: {len(short)} of {len(serving)}; "
                       f"ffmpeg client warning lines: {warnings}; pictures/s per client over its life (median): {fps:.1f}")
        latency = results.get("latency", {}).get(kind, [])
        if latency:
            got = sum(c["pictures"] for c in latency)
            expected = sum(c["expected_pictures"] for c in latency)
            out.append(f"{name}: latency pictures with a readable stamp: {got} of {expected:.0f} expected")
        for mode in ("pattern", "file"):
            first = results.get(f"first-{mode}", {}).get(kind, [])
            failed = sum(c["failed"] for c in first)
            if failed:
                out.append(f"{name}: first-frame tries ({mode}) with no picture within 10 s: {failed}")
    return out


def report(args, results, input_info, host, started, load_after=None, failures=()):
    host["load_after"] = load_after if load_after is not None else os.getloadavg()
    load = max(host["load_before"][0], host["load_after"][0])
    cpus = os.cpu_count() or 1
    busy = f" (machine busy: load average up to {load:.1f} on {cpus} CPUs)" if load > 0.5 * cpus else ""
    text = [
        f"Run {started:%Y-%m-%d %H:%M}{busy}, `{args.command_line}`: each figure is the median of "
        f"{plural(args.runs, 'run')} [min–max].",
        "",
        f"Machine: {host['cpu']}, {host['memory_gib']} GiB, {host['os']}; {host['ffmpeg']}; {host['gstreamer']}; {host['edge']}.",
        f"Load average (1 min) before / after: {host['load_before'][0]:.2f} / {host['load_after'][0]:.2f}.",
        f"Pre-encoded input: {input_info['pictures']} pictures, {input_info['mbit_s']:.2f} Mbit/s, "
        f"{input_info['keyframes']} IDRs (every {KEYFRAME_FRAMES} pictures), looped at {FPS} fps. "
        f"Live encoder: libx264 ultrafast/zerolatency, {BITRATE_KBPS} kbit/s, IDR every {KEYFRAME_FRAMES} pictures in both.",
        "",
        table(args, results),
    ]
    found = checks(results, failures)
    if found:
        text += [""] + [f"- {line}" for line in found]
    return "\n".join(text)


FAILURES = []


def attempt(label, measure):
    """Runs one measurement; a failure is logged and tried once more, then left out (and listed)."""
    for tries in (1, 2):
        try:
            return measure()
        except (RuntimeError, OSError, subprocess.SubprocessError, json.JSONDecodeError) as e:
            CHILDREN.stop_all()
            log(f"  failed ({'retrying' if tries == 1 else 'left out'}): {e}")
            FAILURES.append(f"{label}: {e}")
    return None


def retable(args):
    with open(args.table_from) as f:
        saved = json.load(f)
    settings = saved.get("settings", {})
    results = saved["results"]
    # What the run did, from its results (older files have no settings).
    args.runs = max(len(cells) for r in results.values() for cells in r.values())
    args.clients = sorted(int(key[5:]) for key in results if key.startswith("serve")) or args.clients
    first = [c for key, r in results.items() if key.startswith("first-") for cells in r.values() for c in cells]
    if first:
        args.first_frame_tries = max(c["tries"] + c["failed"] for c in first)
    args.command_line = settings.get("command_line", args.command_line)
    started = datetime.datetime.fromisoformat(settings["started"]) if "started" in settings else \
        datetime.datetime.fromtimestamp(os.path.getmtime(args.table_from))
    host = saved["machine"]
    text = report(args, results, saved["input"], host, started, load_after=host.get("load_after"),
                  failures=saved.get("failures", []))
    print(text)
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--edge", help="the edge binary (NativeAOT)")
    parser.add_argument("--pattern-feed", help="the PatternFeed executable")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--clients", default="1,10,50", help="client counts of the serving rows")
    parser.add_argument("--serve-seconds", type=float, default=20, help="measured window of each serving run")
    parser.add_argument("--latency-seconds", type=float, default=20)
    parser.add_argument("--first-frame-tries", type=int, default=20)
    parser.add_argument("--input-seconds", type=int, default=20)
    parser.add_argument("--idle-settle", type=float, default=3, help="seconds after start before the idle reading")
    parser.add_argument("--client-settle", type=float, default=2, help="seconds after the last client connected before measuring")
    parser.add_argument("--only", default="serving,latency,firstframe", help="which parts to run")
    parser.add_argument("--edge-share", help="JSON file with Edge's hub-to-wire p50_ms, p95_ms, p99_ms (and source)")
    parser.add_argument("--output", help="directory for results.json, table.md and the logs (default: a new temp directory)")
    parser.add_argument("--table-from", metavar="RESULTS_JSON", help="print the table of an earlier run's results.json (e.g. with --edge-share added) and exit")
    parser.add_argument("--quick", action="store_true", help="a short run to try things out: 1 run, 5 s windows, 1 and 10 clients, 5 tries")
    parser.add_argument("--command-line", default="bench/compare/run.sh", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.quick:
        # Shorter defaults; an option given on the command line still wins.
        quick = {"runs": 1, "serve_seconds": 5, "latency_seconds": 5, "first_frame_tries": 5, "input_seconds": 10, "clients": "1,10"}
        for name, value in quick.items():
            if getattr(args, name) == parser.get_default(name):
                setattr(args, name, value)
    args.clients = [int(c) for c in args.clients.split(",") if c]
    parts = set(args.only.split(","))
    if args.table_from:
        return retable(args)
    if not args.edge or not args.pattern_feed:
        parser.error("--edge and --pattern-feed are required (bench/compare/run.sh passes them)")

    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, on_signal)
    workdir = args.output or tempfile.mkdtemp(prefix="edge-compare-")
    os.makedirs(workdir, exist_ok=True)
    started = datetime.datetime.now()
    host = machine(args)
    results = {}
    input_info = None
    try:
        log(f"working in {workdir}")
        input_path, input_info = make_input(workdir, args.input_seconds)
        log(f"input: {input_info}")
        kinds = ("edge", "gst")
        for run in range(args.runs):
            # Edge and GStreamer alternate inside each run, so a change in the machine's load
            # falls on both rather than on one.
            if "serving" in parts:
                for clients in args.clients:
                    for kind in kinds:
                        log(f"run {run + 1}/{args.runs}: serving, {clients} clients, {kind}")
                        cell = attempt(f"run {run + 1} serving {clients} {kind}",
                                       lambda: serving_cell(kind, args, workdir, input_path, clients))
                        if cell is None:
                            continue
                        results.setdefault(f"serve{clients}", {}).setdefault(kind, []).append(cell)
                        log(f"  {json.dumps(cell)}")
            if "latency" in parts:
                for kind in kinds:
                    log(f"run {run + 1}/{args.runs}: latency, {kind}")
                    cell = attempt(f"run {run + 1} latency {kind}", lambda: latency_cell(kind, args, workdir))
                    if cell is None:
                        continue
                    results.setdefault("latency", {}).setdefault(kind, []).append(cell)
                    log(f"  {json.dumps(cell)}")
            if "firstframe" in parts:
                for mode in ("pattern", "file"):
                    for kind in kinds:
                        log(f"run {run + 1}/{args.runs}: first frame, {mode}, {kind}")
                        cell = attempt(f"run {run + 1} first frame {mode} {kind}",
                                       lambda: first_frame_cell(kind, args, workdir, mode, input_path, seed=run + 1))
                        if cell is None:
                            continue
                        results.setdefault(f"first-{mode}", {}).setdefault(kind, []).append(cell)
                        log(f"  {json.dumps(cell)}")
    finally:
        CHILDREN.stop_all()
        if results and input_info:
            text = report(args, results, input_info, host, started, failures=FAILURES)
            with open(os.path.join(workdir, "results.json"), "w") as f:
                settings = {"runs": args.runs, "clients": args.clients, "first_frame_tries": args.first_frame_tries,
                            "command_line": args.command_line, "started": started.isoformat(timespec="minutes")}
                json.dump({"machine": host, "input": input_info, "settings": settings, "results": results,
                           "failures": FAILURES}, f, indent=1)
            with open(os.path.join(workdir, "table.md"), "w") as f:
                f.write(text + "\n")
            print(text)
            log(f"results: {os.path.join(workdir, 'results.json')}, table: {os.path.join(workdir, 'table.md')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
