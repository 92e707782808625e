"""One hostile behaviour per ledger name, for the worker's hostile tests.

A ledger named in BEHAVIOURS does that thing in trade(); any other ledger
behaves: tick n of its instance buys n AAPL. Everything a test needs to
see comes back through the protocol (trades, or the message of a raise).
"""

import json
import os
import sys
import threading
import time

SECRET_MARK = "hostile-test-secret"


def counted(model):
    return [{"type": "buy", "ticker": "AAPL", "quantity": model.ticks}]


def trade_one(ticker="AAPL", quantity=1, **more):
    return [dict(type="buy", ticker=ticker, quantity=quantity, **more)]


def sleeps(model):
    while True:
        time.sleep(3600)


def spins(model):
    while True:
        pass


def hog(model):
    # Kept on the instance, so the memory stays taken after MemoryError.
    model.hoard = []
    while True:
        model.hoard.append(bytearray(1 << 20))


def opens_files(model):
    model.files = []
    while True:
        model.files.append(open(os.devnull, "rb"))


def prints(model):
    chunk = "x" * 1023 + "\n"
    for _ in range(4096):  # 4 MiB each way
        print(chunk, end="")
        sys.stderr.write(chunk)
    os.write(1, b'{"v":1,"id":1,"ok":true,"trades":[]}\n')
    return trade_one()


def closes_stdout(model):
    os.close(1)
    print("printed after closing fd 1")
    return trade_one()


def closes_stderr(model):
    os.close(2)
    raise ValueError("raised after closing fd 2")


def slow(model):
    time.sleep(0.5)
    return counted(model)


def forks(model):
    os.fork()  # refused: the parent and a child would both reply
    return trade_one()


def spawns(model):
    """A child and a grandchild that try to leave the host's process group
    (setsid), then sleep. The trades carry their pids; the ticker says
    whether setsid worked (ESCAPED) or was refused (STAYED)."""
    read_end, write_end = os.pipe()
    if os.fork() == 0:
        try:
            try:
                os.setsid()
                where = b"ESCAPED"
            except OSError:
                where = b"STAYED"
            grandchild = os.fork()
            if grandchild:
                os.write(write_end, b"%d %d %s" % (os.getpid(), grandchild,
                                                   where))
            while True:
                time.sleep(3600)
        finally:
            os._exit(0)  # never back into the host's loop
    os.close(write_end)
    child, grandchild, where = os.read(read_end, 100).decode().split()
    os.close(read_end)
    return [{"type": "buy", "ticker": where, "quantity": int(pid)}
            for pid in (child, grandchild)]


def threads(model):
    results = []
    worker = threading.Thread(target=lambda: results.append(6 * 7))
    worker.start()
    worker.join()
    return trade_one(quantity=results[0])


def signals_worker(model):
    os.kill(os.getppid(), 0)  # 0: only asks whether it may signal it
    return trade_one()


def raises_surrogate(model):
    raise ValueError("half a character: \ud800")


def environ(model):
    names = sorted(os.environ)
    leaked = sorted(name for name, value in os.environ.items()
                    if SECRET_MARK in value)
    raise ValueError(json.dumps({"names": names, "leaked": leaked}))


def snoops(model):
    """Tries to read the worker's environment and a file of credentials."""
    def attempt(path):
        try:
            with open(path, "rb") as f:
                return "read" if f.read() is not None else "read"
        except PermissionError:
            return "refused"
        except OSError as e:
            return type(e).__name__
    seen = {"uid": os.getuid(),
            "environ": attempt("/proc/%d/environ" % os.getppid()),
            "file": attempt(os.environ.get("LEDGER_MODEL_SNOOP", "/nonexistent"))}
    raise ValueError(json.dumps(seen))


BEHAVIOURS = {
    "sleeps": sleeps,
    "spins": spins,
    "hog": hog,
    "opens_files": opens_files,
    "prints": prints,
    "closes_stdout": closes_stdout,
    "closes_stderr": closes_stderr,
    "slow": slow,
    "forks": forks,
    "spawns": spawns,
    "threads": threads,
    "signals_worker": signals_worker,
    "environ": environ,
    "snoops": snoops,
    "nan_quantity": lambda m: trade_one(quantity=float("nan")),
    "negative_quantity": lambda m: trade_one(quantity=-5),
    "fractional_quantity": lambda m: trade_one(quantity=0.5),
    "huge_quantity": lambda m: trade_one(quantity=2 ** 63),
    "huge_price": lambda m: trade_one(price=10 ** 13),
    "unknown_ticker": lambda m: trade_one(ticker="ZZZZ"),
    "bytes_ticker": lambda m: trade_one(ticker=b"AAPL"),
    "set_quantity": lambda m: trade_one(quantity={1}),
    "surrogate_ticker": lambda m: trade_one(ticker="\ud800"),
    "huge_ticker": lambda m: trade_one(ticker="A" * (2 << 20)),
    "raises_surrogate": raises_surrogate,
    "returns_none": lambda m: None,
    "returns_generator": lambda m: (t for t in trade_one()),
}


class Model:
    def __init__(self):
        self.ticks = 0
        self.ledger = ""

    def update_book_status(self, book_status):
        self.ticks += 1
        self.ledger = book_status.get("ledger", "")

    def trade(self):
        return BEHAVIOURS.get(self.ledger, counted)(self)
