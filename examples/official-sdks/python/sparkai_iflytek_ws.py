"""spark-ai-python (iFlytek's official Python SDK) as a sigvec implementation of iflytek-ws,
through its public URL builder ``sparkai.xf_util.build_auth_request_url(url, method, api_key,
api_secret)`` at the vector's time (the SDK reads the clock itself: it is stubbed).

The SDK returns only the URL; what is reported is read back from it: the query, the
``authorization`` parameter, its base64-decoded ``authorization_origin``, and the signature
quoted inside that.
"""

from __future__ import annotations

import base64
import datetime as dt
from email.utils import parsedate_to_datetime
from importlib.metadata import version
from typing import Any
from unittest import mock
from urllib.parse import parse_qsl, urlsplit

from protocol import serve
from sparkai import xf_util

STEPS = ["authorization_origin"]
SCHEME_OF = {"GET": "wss", "POST": "https"}


def _clock(date: str) -> Any:
    """A ``datetime`` whose ``now()`` is the vector's instant in local time, as the SDK's
    ``datetime.now()`` would give it (the SDK turns it back with ``mktime``)."""
    instant = parsedate_to_datetime(date).timestamp()

    class Clock(dt.datetime):
        @classmethod
        def now(cls, tz: dt.tzinfo | None = None) -> Clock:
            return cls.fromtimestamp(instant, tz)

    return Clock


def sign_ws(inp: dict[str, Any]) -> dict[str, Any]:
    method = inp.get("method", "GET")
    url = f"{SCHEME_OF.get(method, 'https')}://{inp['host']}{inp['path']}"
    with mock.patch.object(xf_util, "datetime", _clock(inp["date"])):
        signed_url = xf_util.build_auth_request_url(url, method, inp["api_key"], inp["api_secret"])
    query = urlsplit(signed_url).query
    authorization = dict(parse_qsl(query, keep_blank_values=True))["authorization"]
    origin = base64.b64decode(authorization).decode("utf-8")
    return {
        "intermediates": {"authorization_origin": origin},
        "output": {
            "signature": origin.rpartition('signature="')[2].removesuffix('"'),
            "authorization": authorization,
            "query": query,
        },
    }


if __name__ == "__main__":
    serve("spark-ai-python", version("spark-ai-python"), {"iflytek-ws": (STEPS, sign_ws)})
