"""A fake model host for the worker's tests: the protocol's framing (one
JSON line in, one out) with the failures the real host never makes.

Run as `python3 fake_host.py ALGO`; FAKE_MODE picks the behaviour of the
replies to non-ping requests (pings are always answered properly):

- raw:        {"ok": true, "trades": [], "raw": <the request line as text>,
              "seen": <how many non-ping requests it has read>}
- reply:      the JSON of FAKE_REPLY with the request's id put in
- wrong_id:   a correct reply carrying the id plus one
- not_json:   a line that is not JSON
- huge:       a reply line of 2 MiB
- slow_start: sleeps 0.5 s before serving, then answers like raw
- ignore_eof: answers like raw, then at end of input sleeps instead of exiting
- introspect: {"ok": true, "trades": [], "fds": [what each open descriptor
              points at], "rlimit_as": RLIMIT_AS, "rlimit_cpu": RLIMIT_CPU,
              "rlimit_nofile": RLIMIT_NOFILE, "rlimit_core": RLIMIT_CORE
              (each [soft, hard], -1 for none), "own_group": bool,
              "pythonpath": PYTHONPATH}

In every mode, FAKE_SLOW_LEDGER=<name> makes requests of that ledger sleep
FAKE_SLOW_SECONDS (default 1) before their reply, and FAKE_EXIT_LEDGER=<name>
makes a request of that ledger end the process (os._exit(9)).
"""

import json
import os
import resource
import sys
import time

mode = os.environ.get("FAKE_MODE", "raw")
slow_ledger = os.environ.get("FAKE_SLOW_LEDGER")
slow_seconds = float(os.environ.get("FAKE_SLOW_SECONDS", "1"))
exit_ledger = os.environ.get("FAKE_EXIT_LEDGER")
seen = 0
if mode == "slow_start":
    time.sleep(0.5)


def send(text):
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


for line in sys.stdin:
    request = json.loads(line)
    rid = request["id"]
    if request.get("op") == "ping":
        send(json.dumps({"v": 1, "id": rid, "ok": True}))
        continue
    seen += 1
    if exit_ledger and request.get("ledger") == exit_ledger:
        os._exit(9)
    if slow_ledger and request.get("ledger") == slow_ledger:
        time.sleep(slow_seconds)
    if mode == "reply":
        reply = json.loads(os.environ["FAKE_REPLY"])
        reply["id"] = rid
        send(json.dumps(reply))
    elif mode == "wrong_id":
        send(json.dumps({"v": 1, "id": rid + 1, "ok": True, "trades": []}))
    elif mode == "not_json":
        send("this is not JSON")
    elif mode == "introspect":
        fds = {}
        for fd in os.listdir("/proc/self/fd"):
            try:
                fds[fd] = os.readlink("/proc/self/fd/" + fd)
            except OSError:
                pass  # the descriptor listdir itself used
        send(json.dumps({
            "v": 1, "id": rid, "ok": True, "trades": [],
            "fds": sorted(fds.values()),
            "rlimit_as": resource.getrlimit(resource.RLIMIT_AS)[0],
            "rlimit_cpu": resource.getrlimit(resource.RLIMIT_CPU),
            "rlimit_nofile": resource.getrlimit(resource.RLIMIT_NOFILE),
            "rlimit_core": resource.getrlimit(resource.RLIMIT_CORE),
            "own_group": os.getpgid(0) == os.getpid(),
            "pythonpath": os.environ.get("PYTHONPATH", "")}))
    elif mode == "huge":
        send(json.dumps({"v": 1, "id": rid, "ok": True, "trades": [],
                         "pad": "x" * (2 << 20)}))
    else:
        send(json.dumps({"v": 1, "id": rid, "ok": True, "trades": [],
                         "raw": line.rstrip("\n"), "seen": seen}))

if mode == "ignore_eof":
    time.sleep(100)
