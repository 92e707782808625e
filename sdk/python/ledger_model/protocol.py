"""The wire form of the model host's JSON lines.

Replies are written by hand rather than with ``json.dumps`` alone because
limit prices travel as exact decimals (``Decimal``) and must appear as JSON
numbers written exactly (``176.25``), never as floats that could print
``176.24999999999997`` or as strings.

Both directions are on the host's hot path (one request and one reply per
tick), so they avoid what costs there: ``json.loads`` with keyword
arguments builds a new decoder on every call, and ``json.dumps`` on every
scalar of a reply goes through the whole encoder machinery each time.
"""

import json
from decimal import Decimal
from json.encoder import encode_basestring_ascii as _string

__all__ = ["VERSION", "BadRequest", "encode", "decode", "ok", "error"]

VERSION = 1


class BadRequest(ValueError):
    """A request line the host cannot serve; str() says why."""


def _refuse_constant(name):
    raise ValueError("%s is not JSON" % name)


# Built once: strict JSON, NaN and Infinity refused.
_DECODER = json.JSONDecoder(parse_constant=_refuse_constant)


def decode(line):
    """Parse one request line (bytes or str) into a dict; BadRequest if not.

    Strict JSON: NaN and Infinity are refused, as any JSON parser on the
    engine's side would. Bytes must be UTF-8.
    """
    try:
        if isinstance(line, (bytes, bytearray)):
            line = line.decode("utf-8")
        request = _DECODER.decode(line)
    except (ValueError, RecursionError) as exc:
        raise BadRequest("not a JSON line: %s" % str(exc)[:200]) from None
    if not isinstance(request, dict):
        raise BadRequest("a request must be a JSON object, got %s"
                         % type(request).__name__)
    return request


def encode(value):
    """Compact ASCII JSON text for ``value``; Decimals become exact numbers.

    Scalars are written as ``json.dumps`` writes them (same escapes, same
    refusal of NaN and infinities, TypeError for unknown types).
    """
    kind = type(value)
    if kind is str:
        return _string(value)
    if kind is dict:
        return "{" + ",".join(_string(str(key)) + ":" + encode(item)
                              for key, item in value.items()) + "}"
    if kind is list or kind is tuple:
        return "[" + ",".join(encode(item) for item in value) + "]"
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if kind is int:
        return int.__repr__(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError("cannot encode %r" % value)
        return format(value, "f")
    if isinstance(value, dict):
        return encode(dict(value))
    if isinstance(value, (list, tuple)):
        return encode(list(value))
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
