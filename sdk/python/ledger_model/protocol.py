"""The wire form of the model host's JSON lines.

Replies are written by hand rather than with ``json.dumps`` alone because
limit prices travel as exact decimals (``Decimal``) and must appear as JSON
numbers written exactly (``176.25``), never as floats that could print
``176.24999999999997`` or as strings.
"""

import json
from decimal import Decimal

__all__ = ["VERSION", "BadRequest", "encode", "decode", "ok", "error"]

VERSION = 1


class BadRequest(ValueError):
    """A request line the host cannot serve; str() says why."""


def _refuse_constant(name):
    raise ValueError("%s is not JSON" % name)


def decode(line):
    """Parse one request line (bytes or str) into a dict; BadRequest if not.

    Strict JSON: NaN and Infinity are refused, as any JSON parser on the
    engine's side would.
    """
    try:
        request = json.loads(line, parse_constant=_refuse_constant)
    except (ValueError, RecursionError) as exc:
        raise BadRequest("not a JSON line: %s" % str(exc)[:200]) from None
    if not isinstance(request, dict):
        raise BadRequest("a request must be a JSON object, got %s"
                         % type(request).__name__)
    return request


def encode(value):
    """Compact JSON text for ``value``; Decimals become exact numbers."""
    if isinstance(value, dict):
        return "{" + ",".join(
            json.dumps(str(key)) + ":" + encode(item)
            for key, item in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(encode(item) for item in value) + "]"
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError("cannot encode %r" % value)
        return format(value, "f")
    return json.dumps(value, allow_nan=False)


def ok(request_id, **fields):
    """A success reply."""
    reply = {"v": VERSION, "id": request_id, "ok": True}
    reply.update(fields)
    return reply


def error(request_id, code, message):
    """A failure reply; ``code`` is bad_request, bad_output or model_error."""
    return {"v": VERSION, "id": request_id, "ok": False, "error": code,
            "message": message}
