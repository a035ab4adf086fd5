"""The child processes a benchmark starts (servers, clients, peers), so that a run that ends early
or is interrupted leaves nothing running. Shared by bench/compare and bench/soak."""

import os
import signal
import subprocess
import threading


class Children:
    def __init__(self):
        self._lock = threading.Lock()
        self._all = []

    def start(self, args, **kwargs):
        """Starts a process in its own session, so that stopping it can take its children too."""
        process = subprocess.Popen(args, start_new_session=True, **kwargs)
        with self._lock:
            self._all.append(process)
        return process

    def stop(self, process, timeout=5.0, sig=signal.SIGTERM):
        """Signals the process, waits up to `timeout`, then kills its whole process group."""
        if process.poll() is None:
            try:
                os.kill(process.pid, sig)
            except ProcessLookupError:
                pass
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                process.wait(5)
        with self._lock:
            if process in self._all:
                self._all.remove(process)

    def stop_all(self):
        with self._lock:
            processes = list(self._all)
        for process in processes:
            self.stop(process, timeout=2.0)
