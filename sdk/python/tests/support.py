"""Shared helpers: where things are, and a model host run as a subprocess.

Every path is derived from this file (or LEDGER_EXAMPLES_DIR), never from
the current directory, so the tests run from anywhere; the host itself is
started in a scratch directory for the same reason.
"""

import json
import os
import queue
import subprocess
import sys
import tempfile
import threading
import unittest

TESTS_DIR = os.path.dirname(os.path.abspath(__file__))
SDK_DIR = os.path.dirname(TESTS_DIR)                    # sdk/python
MODELS_DIR = os.path.join(TESTS_DIR, "models")
EXAMPLES_DIR = os.environ.get("LEDGER_EXAMPLES_DIR") or os.path.normpath(
    os.path.join(SDK_DIR, "..", "..", "examples", "algorithms"))

#: Seconds to wait for a reply before failing a test.
REPLY_TIMEOUT = 20


def model_dir(name):
    """The folder of one of the misbehaving test models."""
    return os.path.join(MODELS_DIR, name)


def example(name):
    """The folder of one of the example algorithms."""
    return os.path.join(EXAMPLES_DIR, name)


def book_status(**overrides):
    """A small book_status as the engine sends it."""
    status = {
        "balance": 100000, "holding": {}, "prices": {"AAPL": 176.25},
        "value": 100000, "trades": [], "rejected": [], "tick": 1,
        "time": "2026-11-25T09:30:00.000000Z", "ledger": "krishalgo",
    }
    status.update(overrides)
    return status


def host_env(extra=None):
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (SDK_DIR, env.get("PYTHONPATH")) if p)
    env["PYTHONDONTWRITEBYTECODE"] = "1"   # keep the source tree clean
    env.update(extra or {})
    return env


class HostProcess:
    """``python3 -m ledger_model.host --algo PATH`` with line-level access.

    stdout is read by a thread into a queue so every read has a timeout;
    stderr goes to a file so a chatty model can never block the host.
    """

    def __init__(self, algo, env=None, preexec_fn=None):
        self._workdir = tempfile.TemporaryDirectory()
        self._stderr = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "ledger_model.host", "--algo", algo],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=self._stderr, cwd=self._workdir.name,
            env=host_env(env), preexec_fn=preexec_fn)
        self._lines = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self._next_id = 1

    def _read(self):
        for line in self.proc.stdout:
            self._lines.put(line)
        self._lines.put(None)  # EOF

    def send_raw(self, data):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def send(self, request):
        self.send_raw(json.dumps(request).encode() + b"\n")

    def read_raw(self, timeout=REPLY_TIMEOUT):
        """The next stdout line (bytes), None at EOF; raises queue.Empty."""
        return self._lines.get(timeout=timeout)

    def read(self, timeout=REPLY_TIMEOUT):
        line = self.read_raw(timeout)
        if line is None:
            raise AssertionError("host closed stdout; stderr:\n"
                                 + self.stderr_text())
        return json.loads(line)

    def request(self, op, **fields):
        """Send one request with a fresh id; return the reply."""
        request_id = self._next_id
        self._next_id += 1
        self.send(dict({"v": 1, "id": request_id, "op": op}, **fields))
        reply = self.read()
        if reply.get("id") != request_id:
            raise AssertionError("reply %r to request %d" % (reply,
                                                             request_id))
        return reply

    def tick(self, ledger="krishalgo", **status):
        status.setdefault("ledger", ledger)
        return self.request("tick", ledger=ledger,
                            book_status=book_status(**status))

    def close(self, timeout=REPLY_TIMEOUT):
        """Close stdin (EOF) and return the exit status."""
        if self.proc.stdin and not self.proc.stdin.closed:
            try:
                self.proc.stdin.close()
            except BrokenPipeError:
                pass
        try:
            return self.proc.wait(timeout)
        finally:
            self._cleanup()

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        if self.proc.stdin and not self.proc.stdin.closed:
            try:
                self.proc.stdin.close()
            except BrokenPipeError:
                pass
        self._cleanup()

    def _cleanup(self):
        self._reader.join(5)
        self.proc.stdout.close()
        self._workdir.cleanup()

    def stderr_text(self):
        self._stderr.seek(0)
        return self._stderr.read().decode("utf-8", "replace")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.kill()
        self._stderr.close()


class HostTestCase(unittest.TestCase):
    """A test case whose hosts are killed and cleaned up after each test."""

    def start(self, algo, **kwargs):
        host = HostProcess(algo, **kwargs)
        self.addCleanup(host.__exit__)
        return host
