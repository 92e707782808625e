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
import os
import sys
import traceback

from .exceptions import violation_from
from .loading import LoadError, describe, load_factory
from .protocol import BadRequest, decode, encode, error, ok
from .validation import BadOutput, normalize_output

__all__ = ["Host", "main"]

#: Exit status when the algorithm cannot be loaded.
EXIT_LOAD_FAILED = 3


class _ModelFailed(Exception):
    """Wraps an exception raised by model code."""


class Host:
    """Serves requests for one algorithm; no I/O of its own, easy to test.

    ``factory`` makes a fresh model; it is called on a ledger's first tick
    (and again after a ``drop``).
    """

    def __init__(self, factory):
        self._factory = factory
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
                print("model error in ledger %s:" % ledger, file=sys.stderr)
                traceback.print_exception(type(exc), exc, exc.__traceback__,
                                          file=sys.stderr)
                return error(request_id, "model_error", describe(exc))
            try:
                trades = normalize_output(result)
            except BadOutput as exc:
                return error(request_id, "bad_output", str(exc)[:500])
            except Exception as exc:  # e.g. a number type that raises
                return error(request_id, "bad_output", describe(exc))
        return ok(request_id, trades=trades)

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


def _write(stream, reply):
    stream.write(encode(reply).encode("ascii") + b"\n")
    stream.flush()


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
    try:
        factory = load_factory(args.algo)
    except LoadError as exc:
        _write(replies, error(0, "model_error", str(exc)[:500]))
        return EXIT_LOAD_FAILED
    host = Host(factory)
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
