"""iflytek-ws: the documentation's worked examples, the date rule, the vectors and their mistakes.

Every expected value of the worked examples is typed from the iFlytek page cited next to it and
was recomputed by hand while this file was written, e.g.
  printf 'host: iat-api.xfyun.cn\\ndate: Wed, 10 Jul 2019 07:35:43 GMT\\nGET /v2/iat HTTP/1.1' |
    openssl dgst -sha256 -hmac secretxxxxxxxx2df7900c09xxxxxxxx -binary | base64
None comes from running sigvec.
"""

from __future__ import annotations

import base64
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from runner_helpers import sigvec_process

from sigvec.equivalence import equivalent
from sigvec.reference import sign
from sigvec.reference.mistakes import for_scheme
from sigvec.runner import clock, toolchains
from sigvec.vectors import iter_tests

SCHEME = "iflytek-ws"
DOC_KEY = "keyxxxxxxxx8ee279348519exxxxxxxx"
DOC_SECRET = "secretxxxxxxxx2df7900c09xxxxxxxx"
SPARK_KEY = "addd2272b6d8b7c8abdd79531420ca3b"
SPARK_SECRET = "MjlmNzkzNmZkMDQ2OTc0ZDdmNGE2ZTZi"


@dataclass(frozen=True)
class DocExample:
    input: dict[str, str]
    signature_origin: str
    expected: dict[str, str]  # "intermediates.x" / "output.x" -> the published value


DOC_EXAMPLES = {
    # https://www.xfyun.cn/doc/asr/voicedictation/API.html, 接口鉴权: "APISecret =
    # secretxxxxxxxx2df7900c09xxxxxxxx, date = Wed, 10 Jul 2019 07:35:43 GMT 则signature为
    # Hp3Ty4Zk…", the authorization_origin and authorization printed after it, and the query
    # of its "示例url".
    "dictation": DocExample(
        {
            "api_key": DOC_KEY,
            "api_secret": DOC_SECRET,
            "host": "iat-api.xfyun.cn",
            "path": "/v2/iat",
            "date": "Wed, 10 Jul 2019 07:35:43 GMT",
        },
        "host: iat-api.xfyun.cn\ndate: Wed, 10 Jul 2019 07:35:43 GMT\nGET /v2/iat HTTP/1.1",
        {
            "output.signature": "Hp3Ty4ZkSBmL8jKyOLpQiv9Sr5nvmeYEH7WsL/ZO2Jg=",
            "intermediates.authorization_origin": (
                'api_key="keyxxxxxxxx8ee279348519exxxxxxxx", algorithm="hmac-sha256", '
                'headers="host date request-line", '
                'signature="Hp3Ty4ZkSBmL8jKyOLpQiv9Sr5nvmeYEH7WsL/ZO2Jg="'
            ),
            "output.authorization": (
                "YXBpX2tleT0ia2V5eHh4eHh4eHg4ZWUyNzkzNDg1MTlleHh4eHh4eHgiLCBhbGdvcml0aG09ImhtYWMt"
                "c2hhMjU2IiwgaGVhZGVycz0iaG9zdCBkYXRlIHJlcXVlc3QtbGluZSIsIHNpZ25hdHVyZT0iSHAzVHk0"
                "WmtTQm1MOGpLeU9McFFpdjlTcjVudm1lWUVIN1dzTC9aTzJKZz0i"
            ),
            "output.query": (
                "authorization=YXBpX2tleT0ia2V5eHh4eHh4eHg4ZWUyNzkzNDg1MTlleHh4eHh4eHgiLCBhbGdv"
                "cml0aG09ImhtYWMtc2hhMjU2IiwgaGVhZGVycz0iaG9zdCBkYXRlIHJlcXVlc3QtbGluZSIsIHNpZ25h"
                "dHVyZT0iSHAzVHk0WmtTQm1MOGpLeU9McFFpdjlTcjVudm1lWUVIN1dzTC9aTzJKZz0i"
                "&date=Wed%2C%2010%20Jul%202019%2007%3A35%3A43%20GMT&host=iat-api.xfyun.cn"
            ),
        },
    ),
    # https://www.xfyun.cn/doc/spark/spark_zh_iat.html, 四、接口鉴权: the same credentials,
    # "date = Tue, 14 May 2024 08:46:48 GMT 则signature为 S66FeqTJ…", and its 示例 URL.
    "large-model-dictation": DocExample(
        {
            "api_key": DOC_KEY,
            "api_secret": DOC_SECRET,
            "host": "iat.xf-yun.com",
            "path": "/v1",
            "date": "Tue, 14 May 2024 08:46:48 GMT",
        },
        "host: iat.xf-yun.com\ndate: Tue, 14 May 2024 08:46:48 GMT\nGET /v1 HTTP/1.1",
        {
            "output.signature": "S66FeqTJlvkd+KfJg+a73BAabocwRg2scKflONI8o80=",
            "output.query": (
                "authorization=YXBpX2tleT0ia2V5eHh4eHh4eHg4ZWUyNzkzNDg1MTlleHh4eHh4eHgiLCBhbGdv"
                "cml0aG09ImhtYWMtc2hhMjU2IiwgaGVhZGVycz0iaG9zdCBkYXRlIHJlcXVlc3QtbGluZSIsIHNpZ25h"
                "dHVyZT0iUzY2RmVxVEpsdmtkK0tmSmcrYTczQkFhYm9jd1JnMnNjS2ZsT05JOG84MD0i"
                "&date=Tue%2C%2014%20May%202024%2008%3A46%3A48%20GMT&host=iat.xf-yun.com"
            ),
        },
    ),
    # https://www.xfyun.cn/doc/spark/general_url_authentication.html, 1.2.2: "此处假设APISecret
    # = MjlmNzkzNmZkMDQ2OTc0ZDdmNGE2ZTZi", the tmp string, and "此时生成的tmp_sha结果如下
    # b'\xcf\x98\x07v\xed\xe9\xc5Ux\x0032\x93\x8e\xbb\xc0\xe5\x83C\xda\xba\x05\x0c\xd1\xdew\xccN7?
    # \r\xa4'" (the Python bytes repr, written out below as hex).
    "spark-websocket": DocExample(
        {
            "api_key": SPARK_KEY,
            "api_secret": SPARK_SECRET,
            "host": "spark-api.xf-yun.com",
            "path": "/v1.1/chat",
            "date": "Fri, 05 May 2023 10:43:39 GMT",
        },
        "host: spark-api.xf-yun.com\ndate: Fri, 05 May 2023 10:43:39 GMT\nGET /v1.1/chat HTTP/1.1",
        {
            "intermediates.hmac_sha256_hex": (
                b"\xcf\x98\x07v\xed\xe9\xc5Ux\x0032\x93\x8e\xbb\xc0\xe5\x83C\xda\xba\x05\x0c"
                b"\xd1\xdew\xccN7?\r\xa4"
            ).hex(),
        },
    ),
    # https://www.xfyun.cn/doc/spark/http_url_authentication.html, 1.2.2: the same constants and
    # "POST /v1.1/chat HTTP/1.1". Its tmp_sha could not be read whole here; the signature is
    #   printf 'host: spark-api.xf-yun.com\ndate: Fri, 05 May 2023 10:43:39 GMT\nPOST
    #   /v1.1/chat HTTP/1.1' | openssl dgst -sha256 -hmac MjlmNzkzNmZkMDQ2OTc0ZDdmNGE2ZTZi
    #   -binary | base64
    # (one line, no line break after POST), whose first byte is the page's visible b'H…'.
    "spark-http": DocExample(
        {
            "api_key": SPARK_KEY,
            "api_secret": SPARK_SECRET,
            "host": "spark-api.xf-yun.com",
            "path": "/v1.1/chat",
            "method": "POST",
            "date": "Fri, 05 May 2023 10:43:39 GMT",
        },
        "host: spark-api.xf-yun.com\ndate: Fri, 05 May 2023 10:43:39 GMT\nPOST /v1.1/chat HTTP/1.1",
        {"output.signature": "SFd0y1XlQwsvdK2a0Xyo3wKmfsUovlavQOFPYiWanfw="},
    ),
}


@pytest.mark.parametrize("name", list(DOC_EXAMPLES))
def test_reference_reproduces_the_documentation(name: str) -> None:
    example = DOC_EXAMPLES[name]
    signed = sign(SCHEME, example.input).to_json()
    assert signed["intermediates"]["signature_origin"] == example.signature_origin
    for where, value in example.expected.items():
        part, step = where.split(".")
        assert signed[part][step] == value, where


@pytest.mark.parametrize("name", list(DOC_EXAMPLES))
def test_the_documentation_examples_are_vectors_with_their_source(name: str) -> None:
    example = DOC_EXAMPLES[name]
    (vector,) = [t for t in iter_tests(SCHEME) if t["input"] == example.input]
    assert "DocExample" in vector["flags"]
    assert "xfyun.cn/doc/" in vector["source"]


def test_signature_is_base64_of_the_raw_digest() -> None:
    signed = sign(SCHEME, DOC_EXAMPLES["dictation"].input)
    raw = bytes.fromhex(signed.intermediates["hmac_sha256_hex"])
    assert signed.output["signature"] == base64.b64encode(raw).decode()
    assert len(signed.output["signature"]) == 44  # "正常44个字节", as the page says


# ------------------------------------------------------------------------------ the date rule

VALID = {
    "api_key": DOC_KEY,
    "api_secret": DOC_SECRET,
    "host": "iat-api.xfyun.cn",
    "path": "/v2/iat",
}


@pytest.mark.parametrize(
    "date",
    [
        "Wed, 10 Jul 2019 07:35:43 UTC",  # Go's time.RFC1123 after .UTC()
        "Wed, 10 Jul 2019 07:35:43 -0000",  # Python's email.utils.formatdate()
        "Wed, 10 Jul 2019 07:35:43 +0000",  # strftime %z
        "Wed, 10 Jul 2019 15:35:43 +0800",
        "Wed, 10 Jul 2019 15:35:43 CST",
        "Wed, 10 Jul 2019 07:35:43 gmt",
        "2019-07-10T07:35:43Z",  # ISO 8601
        "2019-07-10 07:35:43",
        "Fri, 5 May 2023 10:43:39 GMT",  # Java's RFC_1123_DATE_TIME: one-digit day
        "Wednesday, 10-Jul-19 07:35:43 GMT",  # RFC 850
        "Wed Jul 10 07:35:43 2019",  # asctime
        "Wed, 10 Jul 2019 07:35:43 GMT\n",
        "1562744143",
    ],
)
def test_sign_refuses_a_date_not_rfc_1123_gmt(date: str) -> None:
    result = sigvec_process("sign", SCHEME, stdin=json.dumps({**VALID, "date": date}))
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "input.date" in lines[0]
    assert "Traceback" not in result.stderr


def test_sign_prints_the_documented_signature() -> None:
    request = {**VALID, "date": "Wed, 10 Jul 2019 07:35:43 GMT"}
    result = sigvec_process("sign", SCHEME, stdin=json.dumps(request))
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert list(document["intermediates"]) == [
        "request_line",
        "signature_origin",
        "hmac_sha256_hex",
        "authorization_origin",
    ]
    assert document["output"]["signature"] == "Hp3Ty4ZkSBmL8jKyOLpQiv9Sr5nvmeYEH7WsL/ZO2Jg="


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("host", "wss://iat-api.xfyun.cn"),
        ("host", "iat-api.xfyun.cn/v2/iat"),
        ("path", "v2/iat"),
        ("path", "/v2/iat?x=1"),
        ("path", "/v2/i at"),
        ("method", "get"),
        ("api_key", 'key"with"quotes'),
    ],
)
def test_sign_refuses_fields_that_would_break_the_signed_text(field: str, value: str) -> None:
    request = {**VALID, "date": "Wed, 10 Jul 2019 07:35:43 GMT", field: value}
    result = sigvec_process("sign", SCHEME, stdin=json.dumps(request))
    assert result.returncode == 2
    assert f"input.{field}" in result.stderr
    assert len(result.stderr.splitlines()) == 1


# ------------------------------------------------------------------------------- the vectors

TESTS = list(iter_tests(SCHEME))


def test_enough_vectors() -> None:
    assert len(TESTS) >= 30


def test_computed_flags_are_exact() -> None:
    """The flags that describe a vector's values are on exactly the vectors that have them."""
    wrong = []
    for test in TESTS:
        signature, authorization = test["output"]["signature"], test["output"]["authorization"]
        facts = {
            "SignatureBase64Specials": "+" in signature or "/" in signature,
            "AuthorizationNeedsUrlEncoding": "+" in authorization,
            "DayBelowTen": test["input"]["date"][5] == "0",
            "Post": test["input"].get("method") == "POST",
        }
        wrong += [(test["tcId"], f) for f, fact in facts.items() if fact != (f in test["flags"])]
    assert wrong == []


def test_base64_specials_are_covered() -> None:
    signatures = [t["output"]["signature"] for t in TESTS]
    authorizations = [t["output"]["authorization"] for t in TESTS]
    assert sum("+" in s for s in signatures) >= 3
    assert sum("/" in s for s in signatures) >= 3
    assert sum("+" in a for a in authorizations) >= 3
    assert sum("/" in a for a in authorizations) >= 2
    assert sum(a.endswith("==") for a in authorizations) >= 2


def test_every_mistake_is_exposed_by_at_least_three_vectors() -> None:
    exposed = Counter(mistake["id"] for test in TESTS for mistake in test["mistakes"])
    assert {m.id: exposed[m.id] for m in for_scheme(SCHEME) if exposed[m.id] < 3} == {}


def test_date_mistakes_give_the_formatters_output() -> None:
    """Each date mistake signs the date its formatter writes for the Spark example."""
    example = DOC_EXAMPLES["spark-websocket"].input
    dates = {
        "iflytek-ws/date-utc-zone": "Fri, 05 May 2023 10:43:39 UTC",
        "iflytek-ws/date-numeric-zone": "Fri, 05 May 2023 10:43:39 -0000",
        "iflytek-ws/date-day-unpadded": "Fri, 5 May 2023 10:43:39 GMT",
    }
    by_id = {m.id: m for m in for_scheme(SCHEME)}
    for mistake_id, date in dates.items():
        variant = by_id[mistake_id].variant(example)
        assert variant is not None
        assert variant.intermediates["signature_origin"].split("\n")[1] == f"date: {date}"


# ------------------------------------------------------------------------- sigvec docs check

# A page in the style of iFlytek's demos (written for this test, not copied): a Python URL
# builder that reads the clock and a helper, and a JavaScript one that leaves the authorization
# out of encodeURIComponent and always signs GET.
DOC_PAGE = """# WebSocket authentication

Every handshake URL carries `authorization`, `date` and `host`.

```python
import base64
import hashlib
import hmac
from datetime import datetime
from time import mktime
from urllib.parse import urlencode, urlparse
from wsgiref.handlers import format_date_time


def hmac_sha256_base64(message, secret):
    digest = hmac.new(secret.encode("utf-8"), message.encode("utf-8"), hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def build_auth_url(request_url, api_key, api_secret, method):
    parts = urlparse(request_url)
    date = format_date_time(mktime(datetime.now().timetuple()))
    origin = "host: %s\\ndate: %s\\n%s %s HTTP/1.1" % (parts.netloc, date, method, parts.path)
    signature = hmac_sha256_base64(origin, api_secret)
    authorization_origin = (
        'api_key="%s", algorithm="hmac-sha256", headers="host date request-line", '
        'signature="%s"' % (api_key, signature)
    )
    authorization = base64.b64encode(authorization_origin.encode("utf-8")).decode("ascii")
    query = urlencode({"authorization": authorization, "date": date, "host": parts.netloc})
    return request_url + "?" + query
```

```javascript
const crypto = require('crypto');

function getWebSocketUrl(hostUrl, apiKey, apiSecret) {
  const url = new URL(hostUrl);
  const date = new Date().toUTCString();
  const origin = `host: ${url.host}\\ndate: ${date}\\nGET ${url.pathname} HTTP/1.1`;
  const signature = crypto.createHmac('sha256', apiSecret).update(origin).digest('base64');
  const authorizationOrigin = `api_key="${apiKey}", algorithm="hmac-sha256", ` +
    `headers="host date request-line", signature="${signature}"`;
  const authorization = Buffer.from(authorizationOrigin).toString('base64');
  return `${hostUrl}?authorization=${authorization}&date=${encodeURIComponent(date)}` +
    `&host=${url.host}`;
}
```
"""


def test_docs_check_runs_a_page_of_iflytek_ws_snippets(tmp_path: Path) -> None:
    if clock.library() is None:
        pytest.skip(f"the URL builders read the clock: install faketime ({clock.INSTALL})")
    (tmp_path / "ws-auth.md").write_text(DOC_PAGE, encoding="utf-8")
    result = sigvec_process(
        "docs", "check", "ws-auth.md", "--scheme", SCHEME, "-q", "--cache-dir", str(tmp_path / "c"),
        cwd=tmp_path,
        stdin="",
    )  # fmt: skip
    lines = result.stdout.splitlines()
    assert result.returncode == (0 if toolchains.missing("node") else 1), result.stdout
    everything = f"{len(TESTS)} passed, 0 failed, 0 errored"
    helper = next(line for line in lines if "hmac_sha256_base64(message, secret)" in line)
    assert "<- intermediates.signature_origin, input.api_secret -> output.signature" in helper
    assert everything in helper
    builder = next(line for line in lines if "build_auth_url(" in line)
    assert "<- derived.url, input.api_key, input.api_secret, derived.method" in builder
    assert "(clock pinned to input.date) -> output.query" in builder
    assert everything in builder
    if toolchains.missing("node"):
        return
    javascript = next(line for line in lines if "getWebSocketUrl(" in line)
    posts = {t["tcId"] for t in TESTS if t["input"].get("method") == "POST"}
    pluses = {t["tcId"] for t in TESTS if "AuthorizationNeedsUrlEncoding" in t["flags"]}
    assert f"{len(TESTS) - len(posts | pluses)} passed, {len(posts | pluses)} failed" in javascript
    assert "mistake iflytek-ws/query-not-urlencoded" in javascript


@pytest.mark.parametrize(
    ("date", "seconds"),
    [
        ("Wed, 10 Jul 2019 07:35:43 GMT", 1562744143),  # date -u -d '<that>' +%s
        ("Thu, 01 Jan 1970 00:00:00 GMT", 0),
        ("Thu, 10 Jul 2019 07:35:43 GMT", None),  # the wrong weekday: no clock prints it
        ("Wed, 10 Jul 2019 07:35:43 UTC", None),
        ("Fri, 5 May 2023 10:43:39 GMT", None),
        ("Wed, 31 Dec 1969 23:59:59 GMT", None),
    ],
)
def test_a_clock_is_pinned_to_an_http_date(date: str, seconds: int | None) -> None:
    assert clock.epoch_seconds(date) == seconds


def test_a_url_builder_result_compares_as_its_query() -> None:
    query = "authorization=YQ%3D%3D&date=Wed%2C%2010%20Jul&host=h.cn"
    assert equivalent(
        "output.query", query, "wss://h.cn/v2/iat?host=h.cn&authorization=YQ==&date=Wed,+10+Jul"
    )
    assert not equivalent("output.query", query, "wss://h.cn/v2/iat?host=h.cn")
    # Only a URL (scheme://...) is set aside, not whatever precedes a '?' inside a value.
    assert not equivalent("output.query", "a=1&b=2", "x=?a=1&b=2")
