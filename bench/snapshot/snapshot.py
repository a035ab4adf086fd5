"""Measures edge's snapshots from outside: latency (uncached, cached), RSS and CPU. See run.sh."""
import argparse
import json
import os
import socket
import statistics
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return -1


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime + stime


def get(url):
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=30) as response:
        body = response.read()
    return (time.perf_counter() - start) * 1000, body


def wait_streaming(base, cameras, limit=60):
    deadline = time.time() + limit
    while time.time() < deadline:
        try:
            status = json.loads(urllib.request.urlopen(base + "/api/status", timeout=5).read())
            if all(c["state"] == "streaming" for c in status["cameras"] if c["name"] in cameras):
                return
        except (urllib.error.URLError, ConnectionError):
            pass
        time.sleep(0.5)
    raise SystemExit("cameras did not stream")


def cpu_percent(pid, seconds, action=None):
    before, start = cpu_seconds(pid), time.time()
    while time.time() - start < seconds:
        if action:
            action()
            time.sleep(max(0.0, 0.5 - (time.time() - start) % 0.5))
        else:
            time.sleep(0.5)
    return 100 * (cpu_seconds(pid) - before) / (time.time() - start)


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--edge", required=True)
    parser.add_argument("--samples", type=int, default=20)
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="edge-bench-snapshot-")
    clip = os.path.join(work, "clip.h264")
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30",
                    "-t", "10", "-pix_fmt", "yuv420p", "-c:v", "libx264", "-preset", "veryfast", "-g", "60",
                    "-b:v", "2500k", "-f", "h264", clip], check=True)
    http = free_port()
    config = os.path.join(work, "edge.toml")
    with open(config, "w") as f:
        f.write(f"""
[rtsp]
listen = "127.0.0.1:{free_port()}"
udp_rtp_port = {free_port() & ~1}
multicast_port = {free_port() & ~1}
[camera.cam]
source = "test"
width = 1280
height = 720
fps = 30
[camera.clip]
source = "file"
file = "{clip}"
width = 1280
height = 720
fps = 30
[http]
listen = "127.0.0.1:{http}"
""")
    base = f"http://127.0.0.1:{http}"
    edge = subprocess.Popen([args.edge, "run", "--config", config], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_streaming(base, {"cam", "clip"})
        time.sleep(10)
        print(f"load average before: {open('/proc/loadavg').read().split()[:3]}")
        idle_rss = rss_kib(edge.pid)
        idle_cpu = cpu_percent(edge.pid, 20)
        print(f"no snapshots: RSS {idle_rss / 1024:.1f} MiB, CPU {idle_cpu:.1f} % of one core (both cameras)")
        for camera in ("cam", "clip"):
            url = f"{base}/cameras/{camera}/snapshot.jpg"
            rss_before = rss_kib(edge.pid)
            uncached, cached, sizes = [], [], []
            first, _ = get(url)
            time.sleep(0.7)
            for _ in range(args.samples):
                ms, body = get(url)          # the last result is older than 0.5 s: encoded anew
                uncached.append(ms)
                sizes.append(len(body))
                ms, _ = get(url)             # just made: answered from memory
                cached.append(ms)
                time.sleep(0.7)
            rss_after = rss_kib(edge.pid)
            busy_cpu = cpu_percent(edge.pid, 30, lambda: get(url))
            print(f"{camera}: first request {first:.1f} ms; uncached p50 {statistics.median(uncached):.1f} ms, "
                  f"p95 {pct(uncached, 95):.1f} ms; cached p50 {statistics.median(cached):.2f} ms, p95 {pct(cached, 95):.2f} ms; "
                  f"JPEG {statistics.median(sizes) / 1024:.0f} KiB; RSS +{(rss_after - rss_before) / 1024:.1f} MiB; "
                  f"CPU at 2 requests/s {busy_cpu:.1f} % (idle {idle_cpu:.1f} %)")
            if camera == "clip":
                time.sleep(15)  # the decoder stops after 10 idle seconds
                print(f"clip: RSS 15 s after the last request {(rss_kib(edge.pid) - rss_before) / 1024:+.1f} MiB against before the first")
        print(f"load average after: {open('/proc/loadavg').read().split()[:3]}")
    finally:
        edge.terminate()
        edge.wait(timeout=10)


if __name__ == "__main__":
    main()
