"""The model host: one algorithm, many ledgers, JSON lines on stdin/stdout.

The worker starts ``python3 -m ledger_model.host --algo PATH`` once per
algorithm (in each of its lanes) and sends it one request per line; the
host keeps one model instance per ledger so a model can hold state between
ticks. The host must outlive anything a model does wrong (raise, return
garbage, print), since one broken tick of one ledger must not cost the
other ledgers their models' state; only a crash of the process itself
(os._exit, a segfault, a kill at the worker's hard limit) does that, and
the worker restarts it. The protocol is in docs/model-host.md.
"""

import argparse
import contextlib
import json
import os
import struct
import sys
import traceback

from .exceptions import violation_from
from .loading import LoadError, describe, load_factory
from .protocol import BadRequest, decode, encode, error, ok
from .validation import BadOutput, normalize_output

__all__ = ["Host", "main"]

#: Exit status when the algorithm cannot be loaded.
EXIT_LOAD_FAILED = 3

#: The longest reply line the worker reads (its default max_reply_bytes).
#: It kills a host that sends a longer one, or one it cannot parse, which
#: costs every ledger of the host its model; so the host answers bad_output
#: instead of sending such a line.
MAX_REPLY_BYTES = 1 << 20


class _ModelFailed(Exception):
    """Wraps an exception raised by model code."""


class Host:
    """Serves requests for one algorithm; no I/O of its own, easy to test.

    ``factory`` makes a fresh model; it is called on a ledger's first tick
    (and again after a ``drop``).
    """

    def __init__(self, factory, log=None):
        self._factory = factory
        self._log = log  # where model tracebacks go; None: sys.stderr
        self.models = {}

    def handle_line(self, line):
        """The reply (a dict) to one request line, or None for a blank line."""
        if not line.strip():
            return None
        request_id = 0
        try:
            request = decode(line)
            candidate = request.get("id")
            if isinstance(candidate, int) and not isinstance(candidate, bool):
                request_id = candidate
            else:
                raise BadRequest("id must be an integer")
            return self.handle(request)
        except BadRequest as exc:
            return error(request_id, "bad_request", str(exc))

    def handle(self, request):
        """The reply to one decoded request; raises BadRequest."""
        request_id = request["id"]
        version = request.get("v")
        if version != 1 or isinstance(version, bool):
            raise BadRequest("unsupported protocol version %r (expected 1)"
                             % (version,))
        op = request.get("op")
        if op == "ping":
            return ok(request_id)
        if op == "drop":
            self.models.pop(_ledger(request), None)
            return ok(request_id)
        if op == "tick":
            return self._tick(request_id, _ledger(request),
                              request.get("book_status"))
        raise BadRequest("unknown op %r (expected tick, drop or ping)"
                         % (op,))

    def _tick(self, request_id, ledger, book_status):
        if not isinstance(book_status, dict):
            raise BadRequest("book_status must be an object")
        violations = _prepare(book_status, ledger)
        # Model code runs with print() going to stderr: stdout is protocol.
        with contextlib.redirect_stdout(sys.stderr):
            try:
                result = self._run(ledger, book_status, violations)
            except _ModelFailed as failed:
                exc = failed.__cause__
                self._report(ledger, exc)
                return error(request_id, "model_error", describe(exc))
            try:
                trades = normalize_output(result)
            except BadOutput as exc:
                return error(request_id, "bad_output", str(exc)[:500])
            except Exception as exc:  # e.g. a number type that raises
                return error(request_id, "bad_output", describe(exc))
        return ok(request_id, trades=trades)

    def _report(self, ledger, exc):
        """The traceback, for the worker's log; never fails the request
        (the model may have closed fd 2 or replaced sys.stderr)."""
        log = self._log or sys.stderr
        try:
            print("model error in ledger %s:" % ledger, file=log)
            traceback.print_exception(type(exc), exc, exc.__traceback__,
                                      file=log)
            log.flush()
        except Exception:  # noqa: BLE001 - the reply matters, not the log
            pass

    def _run(self, ledger, book_status, violations):
        """Call the model; any exception it raises becomes _ModelFailed."""
        try:
            model = self.models.get(ledger)
            if model is None:
                model = self._factory()
                _check_model(model)
                self.models[ledger] = model
            hook = getattr(model, "on_rejection", None)
            if callable(hook):
                for violation in violations:
                    hook(violation)
            model.update_book_status(book_status)
            return model.trade()
        except (Exception, SystemExit) as exc:
            # SystemExit too: one model calling sys.exit() must not end the
            # host for every other ledger.
            raise _ModelFailed() from exc


def _ledger(request):
    ledger = request.get("ledger")
    if not isinstance(ledger, str) or not ledger:
        raise BadRequest("ledger must be a non-empty string")
    return ledger


def _prepare(book_status, ledger):
    """Shape book_status as models expect it; return the violations."""
    rejected = book_status.get("rejected")
    if rejected is None:
        rejected = []
    if not isinstance(rejected, list):
        raise BadRequest("book_status.rejected must be a list")
    try:
        violations = [violation_from(item) for item in rejected]
    except TypeError as exc:
        raise BadRequest("book_status.rejected: %s" % exc) from None
    book_status["rejected"] = violations
    if not isinstance(book_status.get("holding"), dict):
        book_status["holding"] = {}
    # The seed's models read "portfolio"; it is the same dict.
    book_status["portfolio"] = book_status["holding"]
    if not isinstance(book_status.get("trades"), list):
        book_status["trades"] = []
    book_status.setdefault("ledger", ledger)
    return violations


def _check_model(model):
    for method in ("update_book_status", "trade"):
        if not callable(getattr(model, method, None)):
            raise TypeError("the model (%s) has no %s() method"
                            % (type(model).__name__, method))


def _claim_stdio():
    """Keep the real stdin/stdout for the protocol, away from model code.

    Done at the descriptor level so that even a C extension or a child
    process cannot touch the protocol streams: fd 1 (and sys.stdout) now
    lead to stderr, and fd 0 (and sys.stdin) read /dev/null, so a model
    calling input() gets EOFError instead of swallowing the next request.
    """
    requests = os.fdopen(os.dup(0), "rb")
    replies = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    sys.stdin = open(os.devnull, encoding="utf-8")
    return requests, replies


def line_of(reply):
    """The reply as the line to send (without its newline): ASCII JSON the
    worker can read, at most MAX_REPLY_BYTES long. Trades that cannot be
    sent (text with a lone surrogate, which strict JSON parsers refuse, or
    too long) become a bad_output reply; an error message with such text
    is sent with it escaped."""
    try:
        text = encode(reply)
        if "\\ud" in text:  # a surrogate escape: is it half of a pair?
            json.dumps(json.loads(text), ensure_ascii=False).encode("utf-8")
    except (ValueError, TypeError, RecursionError) as exc:
        if reply.get("ok") is False:
            message = str(reply.get("message"))
            return encode(dict(reply, message=message.encode(
                "utf-8", "backslashreplace").decode("utf-8")))
        return encode(error(reply.get("id", 0), "bad_output",
                            _unsendable(reply.get("trades"), exc)))
    if len(text) > MAX_REPLY_BYTES:
        return encode(error(
            reply.get("id", 0), "bad_output",
            "the trades take %d bytes as JSON; a reply may take at most %d"
            % (len(encode(reply.get("trades"))), MAX_REPLY_BYTES)))
    return text


def _unsendable(trades, exc):
    """Why the trades cannot be sent: the first text that is not valid
    Unicode, else what encoding them raised."""
    for index, trade in enumerate(trades or []):
        for key, value in trade.items():
            if not isinstance(value, str):
                continue
            try:
                str.encode(value, "utf-8")
            except UnicodeEncodeError:
                return ("trade %d: %s %s is not valid Unicode text"
                        % (index, key, str.__repr__(value)[:60]))
    return "the trades cannot be sent as JSON: %s" % describe(exc)


def _write(stream, reply):
    stream.write(line_of(reply).encode("ascii") + b"\n")
    stream.flush()


# Per machine: the audit architecture, then the numbers of fork, vfork,
# clone, clone3, and of the calls that signal the pid in their first
# argument (kill, tgkill, rt_sigqueueinfo, rt_tgsigqueueinfo).
_SYSCALLS = {
    "x86_64": (0xC000003E, 57, 58, 56, 435, (62, 234, 129, 297)),
    "aarch64": (0xC00000B7, None, None, 220, 435, (129, 131, 138, 240)),
}


def _refuse_child_processes():
    """From here on, this process (so the model) may start threads but no
    processes, and signal only itself: each process would have memory and
    CPU caps of its own. A seccomp filter, added to the worker's
    (worker/host_seccomp.hpp); raises OSError if it cannot be installed."""
    machine = os.uname().machine
    if machine not in _SYSCALLS or sys.byteorder != "little":
        raise OSError("cannot refuse child processes on %s" % machine)
    import ctypes
    arch, fork, vfork, clone, clone3, signals = _SYSCALLS[machine]
    ld, jeq, jge, jset, ret = 0x20, 0x15, 0x35, 0x45, 0x06
    allow, refuse, no_such_call = 0x7FFF0000, 0x00050001, 0x00050026
    arch_at, nr_at, arg0_at = 4, 0, 16  # offsets in struct seccomp_data
    code = [(ld, 0, 0, arch_at), (jeq, 1, 0, arch), (ret, 0, 0, refuse),
            (ld, 0, 0, nr_at)]
    if machine == "x86_64":
        code += [(jge, 0, 1, 0x40000000), (ret, 0, 0, refuse)]  # x32 ABI
    for number in (fork, vfork):
        if number is not None:
            code += [(jeq, 0, 1, number), (ret, 0, 0, refuse)]
    code += [(jeq, 0, 1, clone3), (ret, 0, 0, no_such_call)]
    # clone: only with CLONE_THREAD (a thread, not a process).
    code += [(jeq, 0, 4, clone), (ld, 0, 0, arg0_at),
             (jset, 0, 1, 0x10000), (ret, 0, 0, allow), (ret, 0, 0, refuse)]
    me = os.getpid()
    for number in signals:  # to 0 (our group: only us), us or our group
        code += [(jeq, 0, 8, number), (ld, 0, 0, arg0_at)]
        for target in (0, me, -me & 0xFFFFFFFF):
            code += [(jeq, 0, 1, target), (ret, 0, 0, allow)]
        code += [(ret, 0, 0, refuse)]
    code += [(ret, 0, 0, allow)]
    raw = b"".join(struct.pack("=HBBI", *op) for op in code)
    buffer = ctypes.create_string_buffer(raw, len(raw))

    class Program(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    program = Program(len(code), ctypes.addressof(buffer))
    libc = ctypes.CDLL(None, use_errno=True)
    for args in ((38, 1, 0, 0, 0),  # PR_SET_NO_NEW_PRIVS
                 (22, 2, ctypes.addressof(program), 0, 0)):  # PR_SET_SECCOMP
        if libc.prctl(*[ctypes.c_ulong(a) for a in args]) != 0:
            number = ctypes.get_errno()
            raise OSError(number, os.strerror(number))


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python3 -m ledger_model.host",
        description="Serve one algorithm to many ledgers over JSON lines on "
                    "stdin/stdout (see docs/model-host.md).")
    parser.add_argument("--algo", required=True, metavar="PATH",
                        help="the algorithm: a folder with model.py, or a "
                             ".py file")
    args = parser.parse_args(argv)
    requests, replies = _claim_stdio()
    # Our own stream for tracebacks: a model closing fd 2 silences only
    # its own prints.
    log = os.fdopen(os.dup(2), "w", buffering=1, errors="backslashreplace")
    try:
        if os.environ.get("LEDGER_HOST_CHILD_PROCESSES") == "refuse":
            try:
                _refuse_child_processes()
            except OSError as exc:
                raise LoadError("the model host cannot refuse child "
                                "processes to the model: %s" % exc) from exc
        factory = load_factory(args.algo)
    except LoadError as exc:
        _write(replies, error(0, "model_error", str(exc)[:500]))
        return EXIT_LOAD_FAILED
    host = Host(factory, log=log)
    try:
        for line in requests:
            reply = host.handle_line(line)
            if reply is not None:
                _write(replies, reply)
    except BrokenPipeError:
        pass  # the worker went away: nothing left to serve
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
