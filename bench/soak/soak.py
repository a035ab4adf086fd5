#!/usr/bin/env python3
"""A long run of the edge daemon under churn, to show that it can be left alone: memory, file
descriptors and threads stay flat while clients come and go, the upstream server restarts and
hostile connections arrive. Started by bench/soak/run.sh; see bench/README.md, "Long run".

What runs, all on 127.0.0.1:
  - edge (the NativeAOT binary): the test pattern, 1280x720 at 30 fps, libx264, RTSP over UDP and
    TCP, the status page, and one RTMP push with a silent audio track;
  - the upstream: `ffmpeg -listen 1` taking the push; stopped every few minutes and started again
    after a pause, so the push goes through retry and reconnect many times;
  - one watcher: an ffmpeg RTSP client over TCP for the whole run (restarted if it ever ends);
  - churn: a new ffmpeg client every few seconds for a few seconds, alternating UDP and TCP;
  - hostile clients: garbage, half a request, a silent connection, on the RTSP and HTTP ports;
  - a poll of /api/status.

Every sample records the daemon's resident memory, open descriptors, threads and CPU time; the
summary gives the growth of memory over the second half of the run as MiB per hour.
"""

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from children import Children  # noqa: E402  (bench/children.py, shared with bench/compare)

KEY = "soak-key-0123"


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def free_udp_pair():
    """An even port whose odd neighbour is free too (RTP and RTCP), on UDP."""
    for _ in range(200):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1] & ~1
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as a, socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as b:
                a.bind(("127.0.0.1", port))
                b.bind(("127.0.0.1", port + 1))
            return port
        except OSError:
            continue
    raise RuntimeError("no free UDP port pair on 127.0.0.1")


CHILDREN = Children()


# ---------------------------------------------------------------------------------------------
# The daemon and what it is measured by

class Edge:
    def __init__(self, binary, workdir, rtmp_port):
        self.rtsp_port = free_port()
        self.http_port = free_port()
        udp = free_udp_pair()
        multicast = free_udp_pair()
        config = (f'[device]\nname = "soak"\n'
                  f'[rtsp]\nlisten = "127.0.0.1:{self.rtsp_port}"\ntransports = ["udp", "tcp"]\n'
                  f'udp_rtp_port = {udp}\nmulticast_port = {multicast}\nmax_clients = 50\n'
                  '[camera.cam]\nsource = "test"\nwidth = 1280\nheight = 720\nfps = 30\n'
                  '[camera.cam.encoder]\nkind = "ffmpeg"\ncodec = "libx264"\nbitrate_kbps = 2500\n'
                  'keyframe_interval_s = 2\nprofile = "main"\n'
                  f'[[push]]\ncamera = "cam"\nurl = "rtmp://127.0.0.1:{rtmp_port}/live/{KEY}"\naudio = "silent"\n'
                  f'[http]\nenabled = true\nlisten = "127.0.0.1:{self.http_port}"\n'
                  '[log]\nlevel = "info"\n')
        self.config_path = os.path.join(workdir, "edge.toml")
        with open(self.config_path, "w") as f:
            f.write(config)
        self.log_path = os.path.join(workdir, "edge.log")
        with open(self.log_path, "wb") as log:
            self.process = CHILDREN.start([binary, "run", "--config", self.config_path],
                                          stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
        self.pid = self.process.pid
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            self.check_alive()
            status = self.status()
            if status and all(c["state"] == "streaming" for c in status["cameras"]):
                return
            time.sleep(0.5)
        raise RuntimeError(f"edge did not stream within 30 s; its log: {self.log_path}")

    @property
    def url(self):
        return f"rtsp://127.0.0.1:{self.rtsp_port}/cam"

    def check_alive(self):
        if self.process.poll() is not None:
            raise RuntimeError(f"edge exited ({self.process.returncode}); its log: {self.log_path}")

    def status(self):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.http_port}/api/status", timeout=5) as r:
                return json.load(r)
        except (OSError, ValueError):
            return None

    def sample(self):
        """Resident memory (MiB), anonymous memory (MiB), descriptors, threads, CPU seconds."""
        fields = {}
        with open(f"/proc/{self.pid}/status") as f:
            for line in f:
                name, _, value = line.partition(":")
                fields[name] = value.strip()
        with open(f"/proc/{self.pid}/stat") as f:
            stat = f.read().rsplit(")", 1)[1].split()
        ticks = os.sysconf("SC_CLK_TCK")
        cpu = (int(stat[11]) + int(stat[12])) / ticks  # utime and stime
        return {
            "rss": int(fields["VmRSS"].split()[0]) / 1024,
            "anon": int(fields["RssAnon"].split()[0]) / 1024,
            "hwm": int(fields["VmHWM"].split()[0]) / 1024,
            "fds": len(os.listdir(f"/proc/{self.pid}/fd")),
            "threads": int(fields["Threads"]),
            "cpu": cpu,
        }

    def log_lines(self):
        with open(self.log_path, "rb") as f:
            return sum(1 for _ in f)

    def stop(self):
        CHILDREN.stop(self.process, timeout=10)
        return self.process.returncode


# ---------------------------------------------------------------------------------------------
# The load around it

def ffmpeg_problems(path):
    """Lines ffmpeg printed at warning level or above (it was started with -v warning)."""
    try:
        with open(path, errors="replace") as f:
            return [line.strip() for line in f if line.strip()]
    except OSError:
        return []


class Upstream(threading.Thread):
    """`ffmpeg -listen 1` taking the push; restarted on request after a pause, and whenever it ends."""

    def __init__(self, port, workdir, stop):
        super().__init__(daemon=True)
        self.port = port
        self.workdir = workdir
        self.stop = stop
        self.restart = threading.Event()
        self.sessions = 0
        self.process = None

    def run(self):
        while not self.stop.is_set():
            self.sessions += 1
            log = os.path.join(self.workdir, f"upstream-{self.sessions}.log")
            with open(log, "wb") as logfile:
                self.process = CHILDREN.start(
                    ["ffmpeg", "-nostdin", "-hide_banner", "-nostats", "-v", "warning", "-listen", "1",
                     "-i", f"rtmp://127.0.0.1:{self.port}/live/{KEY}", "-c", "copy", "-f", "null", "-"],
                    stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=logfile)
            while self.process.poll() is None and not self.stop.is_set() and not self.restart.is_set():
                time.sleep(0.2)
            CHILDREN.stop(self.process)
            if self.restart.is_set():
                self.restart.clear()
                self.stop.wait(5)  # refused connections meanwhile: the push retries with back-off
            else:
                self.stop.wait(1)


class Watcher(threading.Thread):
    """One RTSP client for the whole run; counts how often it had to be restarted."""

    def __init__(self, url, workdir, stop):
        super().__init__(daemon=True)
        self.url = url
        self.workdir = workdir
        self.stop = stop
        self.starts = 0
        self.problems = []

    def run(self):
        while not self.stop.is_set():
            self.starts += 1
            log = os.path.join(self.workdir, f"watcher-{self.starts}.log")
            with open(log, "wb") as logfile:
                process = CHILDREN.start(
                    ["ffmpeg", "-nostdin", "-hide_banner", "-nostats", "-v", "warning", "-rtsp_transport", "tcp",
                     "-i", self.url, "-c", "copy", "-f", "null", "-"],
                    stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=logfile)
            while process.poll() is None and not self.stop.is_set():
                time.sleep(0.5)
            CHILDREN.stop(process)
            self.problems += ffmpeg_problems(log)
            self.stop.wait(1)


class Churn(threading.Thread):
    """A short-lived client every few seconds, UDP and TCP in turn, some cut off without TEARDOWN."""

    def __init__(self, url, workdir, stop, every, length):
        super().__init__(daemon=True)
        self.url = url
        self.workdir = workdir
        self.stop = stop
        self.every = every
        self.length = length
        self.clients = 0
        self.failed = []
        self.problem_lines = 0

    def run(self):
        running = []
        while not self.stop.wait(self.every):
            self.clients += 1
            transport = "udp" if self.clients % 2 else "tcp"
            log = os.path.join(self.workdir, "churn.log")
            with open(log, "wb") as logfile:
                process = CHILDREN.start(
                    ["ffmpeg", "-nostdin", "-hide_banner", "-nostats", "-v", "warning", "-rtsp_transport", transport,
                     "-i", self.url, "-t", str(self.length), "-c", "copy", "-f", "null", "-"],
                    stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=logfile)
            # Every third client is killed instead of finishing: no TEARDOWN, the session must time out.
            running.append((process, self.clients % 3 == 0, time.monotonic() + self.length / 2, log, self.clients))
            still = []
            for process, kill, kill_at, log, number in running:
                if kill and process.poll() is None and time.monotonic() >= kill_at:
                    CHILDREN.stop(process, sig=signal.SIGKILL)
                    continue
                if process.poll() is None:
                    still.append((process, kill, kill_at, log, number))
                    continue
                if process.returncode != 0:
                    self.failed.append(number)
                CHILDREN.stop(process)  # ended by itself: only forgets it
            running = still
        for process, *_ in running:
            CHILDREN.stop(process)


def hostile_round(edge):
    """Connections a server on a LAN meets sooner or later; each must cost it nothing lasting."""
    for port, payload in ((edge.rtsp_port, b"\x16\x03\x01\x02\x00garbage\r\n\r\n"),
                          (edge.rtsp_port, b"DESCRIBE rtsp://127.0.0.1/cam RTSP/1.0\r\nCSeq: 1\r\nX-Half: "),
                          (edge.rtsp_port, b""),
                          (edge.http_port, b"GET /" + b"a" * 20000 + b" HTTP/1.1\r\n\r\n"),
                          (edge.http_port, b"GET / HT")):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=2) as s:
                if payload:
                    s.sendall(payload)
        except OSError:
            pass


# ---------------------------------------------------------------------------------------------
# The run

def slope_per_hour(points):
    """Least-squares slope of (seconds, value) points, per hour."""
    n = len(points)
    if n < 2:
        return 0.0
    mean_t = sum(t for t, _ in points) / n
    mean_v = sum(v for _, v in points) / n
    var = sum((t - mean_t) ** 2 for t, _ in points)
    if var == 0:
        return 0.0
    return sum((t - mean_t) * (v - mean_v) for t, v in points) / var * 3600


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--edge", required=True, help="the edge binary")
    parser.add_argument("--minutes", type=float, default=60, help="length of the run (default 60)")
    parser.add_argument("--sample-seconds", type=float, default=30, help="time between samples (default 30)")
    parser.add_argument("--churn-seconds", type=float, default=6, help="a new short client every N s (default 6)")
    parser.add_argument("--client-seconds", type=float, default=8, help="how long a short client watches (default 8)")
    parser.add_argument("--upstream-restart-minutes", type=float, default=5,
                        help="stop the upstream server this often (default 5)")
    parser.add_argument("--command-line", default="bench/soak/run.sh", help=argparse.SUPPRESS)
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="edge-soak-")
    stop = threading.Event()
    rtmp_port = free_port()
    upstream = Upstream(rtmp_port, workdir, stop)
    upstream.start()
    edge = None
    try:
        edge = Edge(args.edge, workdir, rtmp_port)
        watcher = Watcher(edge.url, workdir, stop)
        churn = Churn(edge.url, workdir, stop, args.churn_seconds, args.client_seconds)
        watcher.start()
        churn.start()

        started = time.monotonic()
        end = started + args.minutes * 60
        samples = []
        last_cpu = None
        next_sample = started
        next_restart = started + args.upstream_restart_minutes * 60
        next_hostile = started + 10
        push_states = {}
        print(f"{'min':>6} {'RSS MiB':>8} {'anon':>7} {'.NET':>6} {'fds':>4} {'thr':>4} {'CPU %':>6} {'clients':>7} {'push':>10} {'pushed MB':>9}",
              flush=True)
        while time.monotonic() < end:
            edge.check_alive()
            now = time.monotonic()
            if now >= next_restart:
                upstream.restart.set()
                next_restart += args.upstream_restart_minutes * 60
            if now >= next_hostile:
                hostile_round(edge)
                next_hostile += 30
            if now >= next_sample:
                s = edge.sample()
                status = edge.status() or {}
                cpu_percent = 0.0 if last_cpu is None else (s["cpu"] - last_cpu[1]) / (now - last_cpu[0]) * 100
                last_cpu = (now, s["cpu"])
                push = (status.get("pushes") or [{}])[0]
                state = push.get("state", "?")
                push_states[state] = push_states.get(state, 0) + 1
                managed = (status.get("process") or {}).get("managed_heap_bytes", -1)
                s.update(t=now - started, clients=(status.get("rtsp") or {}).get("clients", -1), managed=managed / 2**20,
                         push=state, pushed=push.get("bytes_sent", 0) / 1e6, cpu_percent=cpu_percent,
                         camera=[c["state"] for c in status.get("cameras", [])])
                samples.append(s)
                print(f"{s['t'] / 60:6.1f} {s['rss']:8.1f} {s['anon']:7.1f} {s['managed']:6.1f} {s['fds']:4d} {s['threads']:4d} "
                      f"{cpu_percent:6.1f} {s['clients']:7d} {state:>10} {s['pushed']:9.1f}", flush=True)
                next_sample += args.sample_seconds
            time.sleep(0.2)

        stop.set()
        churn.join(30)
        watcher.join(30)
        upstream.join(30)
        final = edge.sample()
        log_lines = edge.log_lines()
        code = edge.stop()
        edge = None

        second_half = [s for s in samples if s["t"] >= args.minutes * 30]
        after_warmup = [s for s in samples if s["t"] >= 300] or samples
        minutes = args.minutes
        print()
        print(f"command: {args.command_line}")
        print(f"length: {minutes:g} min; samples every {args.sample_seconds:g} s; work files: {workdir}")
        print(f"RSS MiB: first {samples[0]['rss']:.1f}, after 5 min {after_warmup[0]['rss']:.1f}, "
              f"last {samples[-1]['rss']:.1f}, peak (VmHWM) {final['hwm']:.1f}")
        last_quarter = [s for s in samples if s["t"] >= args.minutes * 45]
        print(f"RSS growth over the second half: {slope_per_hour([(s['t'], s['rss']) for s in second_half]):+.2f} MiB/h, "
              f"over the last quarter: {slope_per_hour([(s['t'], s['rss']) for s in last_quarter]):+.2f} MiB/h; "
              f"anonymous memory {slope_per_hour([(s['t'], s['anon']) for s in second_half]):+.2f} and "
              f"{slope_per_hour([(s['t'], s['anon']) for s in last_quarter]):+.2f} MiB/h")
        if all(s["managed"] >= 0 for s in second_half):
            print(f".NET heap MiB: after 5 min {after_warmup[0]['managed']:.1f}, last {samples[-1]['managed']:.1f}, "
                  f"growth over the second half {slope_per_hour([(s['t'], s['managed']) for s in second_half]):+.2f} MiB/h")
        print(f"descriptors: min {min(s['fds'] for s in after_warmup)}, max {max(s['fds'] for s in after_warmup)}; "
              f"threads: min {min(s['threads'] for s in after_warmup)}, max {max(s['threads'] for s in after_warmup)}")
        cpu = (samples[-1]["cpu"] - samples[0]["cpu"]) / max(samples[-1]["t"] - samples[0]["t"], 1) * 100
        print(f"CPU: {cpu:.1f}% of one core on average")
        print(f"cameras streaming in {sum(1 for s in samples if s['camera'] and all(c == 'streaming' for c in s['camera']))} "
              f"of {len(samples)} samples")
        print(f"push: {upstream.sessions} upstream sessions (restarted every {args.upstream_restart_minutes:g} min); "
              f"states seen in samples: {', '.join(f'{k} {v}' for k, v in sorted(push_states.items()))}; "
              f"{samples[-1]['pushed']:.0f} MB pushed in all")
        print(f"clients: watcher started {watcher.starts} time(s), {len(watcher.problems)} ffmpeg warning line(s)"
              + (f" (first: {watcher.problems[0]})" if watcher.problems else "")
              + f"; {churn.clients} short clients, {len(churn.failed)} ended with an error")
        print(f"edge log: {log_lines} lines in {minutes:g} min ({log_lines / minutes * 60:.0f} per hour); "
              f"exit code {code} after SIGTERM")
        return 0
    finally:
        stop.set()
        if edge is not None:
            edge.stop()
        CHILDREN.stop_all()


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        CHILDREN.stop_all()
        sys.exit(130)
    except RuntimeError as e:
        print(f"soak: {e}", file=sys.stderr)
        sys.exit(1)
