"""The catalogue of known mistakes: each a reference variant that makes exactly that mistake.

A mistake's id is ``SCHEME/slug`` and stable. ``variant(input)`` signs like a buggy port would;
the runner and ``sigvec explain`` compare an implementation's values with these variants to
name the bug. Sources: the vendor doc snippets and developer forum threads, SDK
issue trackers, and the classic encoder differences between languages.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import importlib
import importlib.util
import json
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import quote, quote_plus

from sigvec import schemes
from sigvec.equivalence import equivalent

from . import aliyun_rpc, aws_sigv4, iflytek, tencent_tc3
from .encoding import ascii_strip, hmac_sha1, hmac_sha256, percent_decode, percent_encode
from .mistake import Mistake
from .result import Signed

# Where a mistake depends on the machine's time zone or charset, the catalogue assumes China
# Standard Time (UTC+8, no daylight saving; most of these APIs' users are there) and US-ASCII.
# `sigvec run --env-matrix` recomputes those variants for the environment it tried.
CHINA_STANDARD_TIME = dt.timezone(dt.timedelta(hours=8), "UTC+8")


# ---------------------------------------------------------------------------- iflytek


class _Md5UpperHex(iflytek.Signer):
    def md5_hex(self, base: str) -> str:
        return super().md5_hex(base).upper()


class _HmacOverRawMd5(iflytek.Signer):
    def hmac(self, app_secret: str, md5_text: str) -> bytes:
        return hmac_sha1(app_secret.encode("utf-8"), bytes.fromhex(md5_text))


class _KeyMessageSwapped(iflytek.Signer):
    def hmac(self, app_secret: str, md5_text: str) -> bytes:
        return hmac_sha1(md5_text.encode("ascii"), app_secret.encode("utf-8"))


class _Base64UrlSafe(iflytek.Signer):
    def encode_signature(self, digest: bytes) -> str:
        return base64.urlsafe_b64encode(digest).decode("ascii")


class _Base64UrlSafeUnpadded(iflytek.Signer):
    def encode_signature(self, digest: bytes) -> str:
        return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


class _SignaNotUrlencoded(iflytek.Signer):
    def query_value(self, name: str, value: str) -> str:
        return value if name == "signa" else super().query_value(name, value)


class _TsMilliseconds(iflytek.Signer):
    def sign(self, inp: dict[str, Any]) -> Signed:
        return super().sign({**inp, "ts": inp["ts"] + "000"})


class _Md5PlatformCharset(iflytek.Signer):
    """Java's ``String.getBytes()`` under a non-UTF-8 platform charset (LANG=C: US-ASCII;
    ``-Dfile.encoding=ISO-8859-1``: Latin-1); unmappable characters become '?'."""

    def __init__(self, charset: str = "ascii") -> None:
        self.charset = charset

    def md5_hex(self, base: str) -> str:
        return hashlib.md5(base.encode(self.charset, errors="replace")).hexdigest()


# ------------------------------------------------------------------------ tencent-tc3


class _MissingBlankLine(tencent_tc3.Signer):
    def canonical_request(
        self, method: str, query: str, headers: str, signed: str, payload_hash: str
    ) -> str:
        lines = [method, "/"] + ([query] if query else []) + [headers, signed, payload_hash]
        return "\n".join(lines)


class _LocalDate(tencent_tc3.Signer):
    def __init__(self, zone: dt.tzinfo = CHINA_STANDARD_TIME) -> None:
        self.zone = zone

    def date(self, timestamp: int) -> str:
        return dt.datetime.fromtimestamp(timestamp, tz=self.zone).strftime("%Y-%m-%d")


class _HmacArgsSwapped(tencent_tc3.Signer):
    """PHP's ``hash_hmac($algo, $data, $key)`` called as if it were ``hmac(key, data)``."""

    def hmac(self, key: bytes, message: str) -> bytes:
        return hmac_sha256(message.encode("utf-8"), key)


class _ActionNotLowercased(tencent_tc3.Signer):
    """Header values signed as sent: the action (and a token, a region) keep their case."""

    def canonical_headers(self, names: list[str], values: dict[str, str]) -> str:
        return "".join(f"{name}:{ascii_strip(values[name])}\n" for name in names)


class _SignedHeadersMismatch(tencent_tc3.Signer):
    """Canonical headers built from one list, SignedHeaders written from the default one."""

    def signed_headers(self, names: list[str]) -> str:
        return "content-type;host"


class _PayloadReserialized(tencent_tc3.Signer):
    def payload_hash(self, payload: str) -> str:
        return super().payload_hash(json.dumps(json.loads(payload)))


def _is_json_reserialized_differently(inp: dict[str, Any]) -> bool:
    try:
        return json.dumps(json.loads(inp["payload"])) != inp["payload"]
    except ValueError:
        return False


# ------------------------------------------------------------------------- aliyun-rpc


class _QuoteKeepsSlash(aliyun_rpc.Signer):
    def encode(self, text: str) -> str:
        return quote(text, safe="/~")


class _SpaceAsPlus(aliyun_rpc.Signer):
    def encode(self, text: str) -> str:
        return quote_plus(text, safe="~")


class _TildeEncoded(aliyun_rpc.Signer):
    def encode(self, text: str) -> str:
        return percent_encode(text).replace("~", "%7E")


class _StarNotEncoded(aliyun_rpc.Signer):
    def encode(self, text: str) -> str:
        return percent_encode(text, keep=b"*")


class _KeyMissingAmpersand(aliyun_rpc.Signer):
    def signing_key(self, inp: dict[str, Any]) -> bytes:
        return inp["access_key_secret"].encode("utf-8")


class _SignedWithAccessKeyId(aliyun_rpc.Signer):
    """The AccessKeyId passed where the secret goes: key = AccessKeyId + '&'."""

    def signing_key(self, inp: dict[str, Any]) -> bytes:
        return aliyun_rpc.signing_key(inp["params"]["AccessKeyId"])


class _UnsortedParams(aliyun_rpc.Signer):
    def sorted_params(self, params: dict[str, str]) -> list[tuple[str, str]]:
        return list(params.items())


class _NotDoubleEncoded(aliyun_rpc.Signer):
    def string_to_sign(self, method: str, canonical: str) -> str:
        return f"{method}&%2F&{canonical}"


def _has_any(*characters: str) -> Callable[[dict[str, Any]], bool]:
    def check(inp: dict[str, Any]) -> bool:
        text = "".join(f"{k}{v}" for k, v in inp["params"].items())
        return any(character in text for character in characters)

    return check


# -------------------------------------------------------------------------- aws-sigv4


class _CanonicalUriRoot(aws_sigv4.Signer):
    def canonical_uri(self, inp: dict[str, Any]) -> str:
        return "/"


class _UnsortedQuery(aws_sigv4.Signer):
    """Parameters in the order sent, the presigning ones appended in the order added."""

    def canonical_query_string(self, query: str, extra: list[tuple[str, str]]) -> str:
        pieces = [piece for piece in query.split("&") if piece]
        pieces += [f"{percent_encode(k)}={percent_encode(v)}" for k, v in extra]
        return "&".join(aws_sigv4.canonical_query_string(piece) for piece in pieces)


class _HeadersNotTrimmed(aws_sigv4.Signer):
    def canonical_headers(self, headers: list[tuple[str, str]]) -> tuple[str, str]:
        return aws_sigv4.canonical_headers(headers, lambda name: name.strip().lower(), str)


class _HeaderNamesNotLowercased(aws_sigv4.Signer):
    def canonical_headers(self, headers: list[tuple[str, str]]) -> tuple[str, str]:
        return aws_sigv4.canonical_headers(headers, name_of=ascii_strip)


class _MissingTrailingNewline(aws_sigv4.Signer):
    def canonical_headers(self, headers: list[tuple[str, str]]) -> tuple[str, str]:
        lines, signed = super().canonical_headers(headers)
        return lines.removesuffix("\n"), signed


class _PayloadHashOfWrongBody(aws_sigv4.Signer):
    """The hash of an empty body, as when the body is hashed before it is set."""

    def payload_hash(self, body: bytes) -> str:
        return super().payload_hash(b"")


class _S3DoubleEncoding(aws_sigv4.Signer):
    """The S3 rule applied to another service, or the other services' rule applied to S3."""

    def canonical_uri(self, inp: dict[str, Any]) -> str:
        flipped = not inp.get("double_encode_path", True)
        return aws_sigv4.canonical_uri(inp["path"], inp.get("normalize_path", True), flipped)


class _LocalTime(aws_sigv4.Signer):
    """The local wall-clock time written with a 'Z', as ``strftime`` on local time does."""

    def __init__(self, zone: dt.tzinfo = CHINA_STANDARD_TIME) -> None:
        self.zone = zone

    def timestamp(self, inp: dict[str, Any]) -> str:
        stamp = dt.datetime.strptime(inp["timestamp"], aws_sigv4.TIMESTAMP_FORMAT)
        utc = stamp.replace(tzinfo=dt.timezone.utc)
        return utc.astimezone(self.zone).strftime(aws_sigv4.TIMESTAMP_FORMAT)


class _PathNormalized(aws_sigv4.Signer):
    """The path normalised whatever the request says (an SDK that always does)."""

    def canonical_uri(self, inp: dict[str, Any]) -> str:
        return aws_sigv4.canonical_uri(inp["path"], True, inp.get("double_encode_path", True))


class _QuerySortedBeforeEncoding(aws_sigv4.Signer):
    """Parameters sorted by their decoded names (then values) and encoded afterwards, as a
    signer does that sorts a parsed query map: where a raw byte and its ``%XX`` escape sort
    differently (non-ASCII, ``:``, ``[``, ``^`` ...) the order differs."""

    def canonical_query_string(self, query: str, extra: list[tuple[str, str]]) -> str:
        pairs = [
            (percent_decode(key), percent_decode(value))
            for key, _, value in (piece.partition("=") for piece in query.split("&") if piece)
        ]
        pairs += [(key.encode("utf-8"), value.encode("utf-8")) for key, value in extra]
        return "&".join(f"{percent_encode(k)}={percent_encode(v)}" for k, v in sorted(pairs))


class _ValuelessQueryKeyDropped(aws_sigv4.Signer):
    """A key without '=' (``?acl``) parsed to no value and left out of the canonical query."""

    def canonical_query_string(self, query: str, extra: list[tuple[str, str]]) -> str:
        kept = "&".join(piece for piece in query.split("&") if "=" in piece)
        return super().canonical_query_string(kept, extra)


class _PlusAsSpace(aws_sigv4.Signer):
    """The query decoded as a form (``urldecode``, ``URLSearchParams``, ``parse_qs``): a raw
    ``+`` becomes a space, so it signs ``%20`` where AWS signs ``%2B``."""

    def canonical_query_string(self, query: str, extra: list[tuple[str, str]]) -> str:
        return super().canonical_query_string(query.replace("+", "%20"), extra)


# Unicode's White_Space property: what Unicode-aware trim/split/regex \s treat as whitespace
# (Go's unicode.IsSpace exactly; Python's str.split adds U+001C-U+001F, JavaScript's \s adds
# U+FEFF and drops U+0085).
UNICODE_WHITESPACE = (
    "\t\n\v\f\r \x85\xa0\u1680"
    + "".join(map(chr, range(0x2000, 0x200B)))
    + "\u2028\u2029\u202f\u205f\u3000"
)
UNICODE_WHITESPACE_RUN = re.compile(f"[{re.escape(UNICODE_WHITESPACE)}]+")


class _UnicodeWhitespaceFolded(aws_sigv4.Signer):
    """Values trimmed and folded by a Unicode-aware split or \\s (botocore's split(), aws4's
    trim().replace(/\\s+/g, ' '))."""

    def canonical_headers(self, headers: list[tuple[str, str]]) -> tuple[str, str]:
        return aws_sigv4.canonical_headers(
            headers, value_of=lambda value: ascii_strip(UNICODE_WHITESPACE_RUN.sub(" ", value))
        )


class _UnicodeWhitespaceTrimmed(aws_sigv4.Signer):
    """Values trimmed by a Unicode-aware trim (Go's strings.TrimSpace); inner runs of Unicode
    whitespace stay, ASCII runs are folded as they should be."""

    def canonical_headers(self, headers: list[tuple[str, str]]) -> tuple[str, str]:
        return aws_sigv4.canonical_headers(
            headers,
            value_of=lambda value: aws_sigv4.canonical_header_value(value).strip(
                UNICODE_WHITESPACE
            ),
        )


def _body_not_empty(inp: dict[str, Any]) -> bool:
    return bool(inp.get("body") or inp.get("body_base64"))


def _scheme_catalogue(module: str) -> tuple[Mistake, ...]:
    """The ``CATALOGUE`` of ``mistakes_<module>.py``, where a scheme keeps its mistakes in a file
    of its own (every scheme added after the first four): found by name, listed nowhere."""
    name = f"{__package__}.mistakes_{module}"
    if importlib.util.find_spec(name) is None:
        return ()
    return tuple(importlib.import_module(name).CATALOGUE)


CATALOGUE: tuple[Mistake, ...] = (
    Mistake(
        "iflytek/md5-uppercase-hex",
        "the MD5 is written as upper-case hex before it is signed",
        "format the MD5 digest as lower-case hex (e.g. %02x, hexdigest())",
        _Md5UpperHex(),
    ),
    Mistake(
        "iflytek/hmac-over-raw-md5",
        "the HMAC is computed over the 16 raw MD5 bytes instead of their 32-character hex text",
        "hex-encode the MD5 digest (lower case) and sign that text's bytes",
        _HmacOverRawMd5(),
    ),
    Mistake(
        "iflytek/key-message-swapped",
        "HMAC key and message exchanged: keyed with the MD5 text, over the app secret",
        "HMAC-SHA1 with key = app_secret, message = hex(MD5(app_id + ts))",
        _KeyMessageSwapped(),
    ),
    Mistake(
        "iflytek/base64-urlsafe",
        "the signature is base64url ('-' and '_') instead of standard base64 ('+' and '/')",
        "use the standard base64 alphabet with '=' padding",
        _Base64UrlSafe(),
    ),
    Mistake(
        "iflytek/base64-urlsafe-unpadded",
        "the signature is base64url without '=' padding",
        "use the standard base64 alphabet with '=' padding",
        _Base64UrlSafeUnpadded(),
    ),
    Mistake(
        "iflytek/signa-not-urlencoded",
        "the signature is put into the query string without URL-encoding its + / =",
        "percent-encode signa (URLEncoder.encode / encodeURIComponent / rawurlencode)",
        _SignaNotUrlencoded(),
    ),
    Mistake(
        "iflytek/ts-milliseconds",
        "a 13-digit millisecond timestamp is sent where the server wants seconds",
        "send UNIX time in seconds (currentTimeMillis() / 1000, time.time() as int)",
        _TsMilliseconds(),
    ),
    Mistake(
        "iflytek/md5-platform-charset",
        "app_id + ts is hashed in the platform charset (Java getBytes() under LANG=C) "
        "instead of UTF-8",
        "always encode explicitly: getBytes(StandardCharsets.UTF_8)",
        _Md5PlatformCharset(),
        lambda inp: not (inp["app_id"] + inp["ts"]).isascii(),
    ),
    Mistake(
        "tencent-tc3/missing-blank-line",
        "the canonical request lacks the empty line of the (empty) canonical query string",
        "join method, '/', query (even empty), headers, signed headers and payload hash "
        "with '\\n': an empty query leaves a blank line",
        _MissingBlankLine(),
        lambda inp: not inp["query"],
    ),
    Mistake(
        "tencent-tc3/local-date",
        "the credential-scope date comes from local time (here UTC+8) instead of UTC",
        "format the date from the timestamp in UTC (gmdate, datetime.utcfromtimestamp)",
        _LocalDate(),
    ),
    Mistake(
        "tencent-tc3/hmac-args-swapped",
        "every HMAC of the chain has key and message exchanged (PHP's hash_hmac($algo, "
        "$data, $key) order mixed up)",
        "hash_hmac('sha256', $message, $key, true): the data comes before the key",
        _HmacArgsSwapped(),
    ),
    Mistake(
        "tencent-tc3/action-not-lowercased",
        "signed header values keep their case: x-tc-action:DescribeInstances (and a signed "
        "token or region) instead of lower case",
        "lower-case every signed header value: x-tc-action:describeinstances",
        _ActionNotLowercased(),
    ),
    Mistake(
        "tencent-tc3/signed-headers-mismatch",
        "SignedHeaders lists other headers than the canonical headers contain",
        "derive SignedHeaders from the same sorted list as the canonical headers",
        _SignedHeadersMismatch(),
        lambda inp: (
            sorted(inp.get("signed_headers", ["content-type", "host"])) != ["content-type", "host"]
        ),
    ),
    Mistake(
        "tencent-tc3/payload-reserialized",
        "the payload hash is over a re-serialised body, not the bytes sent",
        "hash exactly the bytes you send; serialise the JSON once and reuse the string",
        _PayloadReserialized(),
        _is_json_reserialized_differently,
    ),
    Mistake(
        "aliyun-rpc/quote-keeps-slash",
        "percent-encoding with Python's quote(), which leaves '/' unescaped; Alibaba Cloud "
        "wants %2F",
        "quote(value, safe='~') or an RFC 3986 encoder that keeps only A-Z a-z 0-9 - _ . ~",
        _QuoteKeepsSlash(),
    ),
    Mistake(
        "aliyun-rpc/space-as-plus",
        "form encoding (quote_plus, URLEncoder, http_build_query): space becomes '+'",
        "encode space as %20 (after URLEncoder: replace '+' with '%20', '*' with '%2A', "
        "'%7E' with '~')",
        _SpaceAsPlus(),
        _has_any(" "),
    ),
    Mistake(
        "aliyun-rpc/tilde-encoded",
        "'~' is percent-encoded as %7E; it must stay literal",
        "keep '~' unencoded (after URLEncoder: replace '%7E' with '~')",
        _TildeEncoded(),
        _has_any("~"),
    ),
    Mistake(
        "aliyun-rpc/star-not-encoded",
        "'*' is left unencoded; it must be %2A",
        "encode '*' as %2A (after URLEncoder: replace '*' with '%2A')",
        _StarNotEncoded(),
        _has_any("*"),
    ),
    Mistake(
        "aliyun-rpc/key-missing-ampersand",
        "the HMAC key is the AccessKey secret alone, without the trailing '&'",
        "key = access_key_secret + '&'",
        _KeyMissingAmpersand(),
    ),
    Mistake(
        "aliyun-rpc/signed-with-access-key-id",
        "signed with the AccessKeyId instead of the AccessKey secret",
        "key = access_key_secret + '&'; the AccessKeyId is only a parameter",
        _SignedWithAccessKeyId(),
        lambda inp: "AccessKeyId" in inp["params"],
    ),
    Mistake(
        "aliyun-rpc/unsorted-params",
        "parameters are not sorted by name",
        "sort the parameters by name (byte order) before encoding",
        _UnsortedParams(),
    ),
    Mistake(
        "aliyun-rpc/not-double-encoded",
        "the canonicalized query string is not percent-encoded again in the string to sign",
        "string_to_sign = METHOD + '&%2F&' + percentEncode(canonicalized_query_string)",
        _NotDoubleEncoded(),
    ),
    # Before canonical-uri-root: a path that normalises to '/' is explained by both, and a
    # signer that normalises is the likelier one: the first listed is the one named first.
    Mistake(
        "aws-sigv4/path-normalized",
        "the path is normalised ('.', '..' and empty segments removed) although the request "
        "says to sign it as sent (S3, normalize_path false)",
        "normalise only where the service wants it; for S3 sign the path exactly as sent "
        "(the SDK's S3 signing mode, or its option to keep the path)",
        _PathNormalized(),
        lambda inp: not inp.get("normalize_path", True),
    ),
    Mistake(
        "aws-sigv4/canonical-uri-root",
        "the canonical URI is always '/', whatever the path",
        "use the request path, normalised and URI-encoded",
        _CanonicalUriRoot(),
    ),
    Mistake(
        "aws-sigv4/unsorted-query",
        "query parameters are kept in the order sent instead of sorted",
        "sort the encoded parameters by name, then value",
        _UnsortedQuery(),
    ),
    Mistake(
        "aws-sigv4/query-sorted-before-encoding",
        "query parameters are sorted by their decoded names, then encoded; AWS sorts the "
        "encoded names, so non-ASCII and reserved characters end up out of order",
        "percent-encode each name and value first (RFC 3986), then sort the encoded pairs "
        "by name, then value (byte order)",
        _QuerySortedBeforeEncoding(),
    ),
    Mistake(
        "aws-sigv4/valueless-query-key-dropped",
        "a query key without '=' (such as ?acl) is left out of the canonical query string",
        "keep every key: a key without '=' signs as 'acl=' (empty value)",
        _ValuelessQueryKeyDropped(),
    ),
    Mistake(
        "aws-sigv4/plus-as-space",
        "a '+' in the query is read as a space (form decoding), so it signs %20 instead of %2B",
        "decode only %XX escapes (rawurldecode, decodeURIComponent, unquote): '+' is a "
        "literal plus and encodes as %2B",
        _PlusAsSpace(),
        lambda inp: "+" in inp.get("query", ""),
    ),
    Mistake(
        "aws-sigv4/headers-not-trimmed",
        "header values are not trimmed and inner runs of spaces not collapsed",
        "trim each value and collapse sequential whitespace to one space",
        _HeadersNotTrimmed(),
    ),
    Mistake(
        "aws-sigv4/header-names-not-lowercased",
        "header names keep their case in the canonical headers and SignedHeaders",
        "lower-case header names (and sort them lower-cased)",
        _HeaderNamesNotLowercased(),
    ),
    Mistake(
        "aws-sigv4/unicode-whitespace-folded",
        "Unicode whitespace (no-break space U+00A0, ideographic space U+3000, ...) in a header "
        "value is folded to one space inside and trimmed at the ends (a Unicode-aware split() "
        "or \\s); AWS trims and folds only space, tab, CR and LF",
        "trim and collapse only ' ', '\\t', '\\r', '\\n' (not split() or a \\s regex, "
        "which are Unicode-aware)",
        _UnicodeWhitespaceFolded(),
    ),
    Mistake(
        "aws-sigv4/unicode-whitespace-trimmed",
        "Unicode whitespace (no-break space U+00A0, ideographic space U+3000, ...) at the start "
        "or end of a header value is trimmed (Go's strings.TrimSpace); AWS trims only space, "
        "tab, CR and LF",
        "trim only ' ', '\\t', '\\r', '\\n' (strings.Trim(v, \" \\t\\r\\n\"), not "
        "strings.TrimSpace)",
        _UnicodeWhitespaceTrimmed(),
    ),
    Mistake(
        "aws-sigv4/missing-trailing-newline",
        "the canonical headers block lacks its final '\\n', so the blank line before "
        "SignedHeaders is missing",
        "end every canonical header line, the last one too, with '\\n'",
        _MissingTrailingNewline(),
    ),
    Mistake(
        "aws-sigv4/payload-hash-of-wrong-body",
        "the payload hash is of an empty body, not the body sent",
        "hash the exact body bytes sent (SHA-256 hex)",
        _PayloadHashOfWrongBody(),
        _body_not_empty,
    ),
    Mistake(
        "aws-sigv4/s3-double-encoding",
        "the path is URI-encoded once where it must be encoded twice, or twice for S3 "
        "where once is right",
        "encode the path again for every service but S3; for S3 encode it once",
        _S3DoubleEncoding(),
    ),
    Mistake(
        "aws-sigv4/local-time",
        "X-Amz-Date and the scope date come from local time (here UTC+8) instead of UTC",
        "take the time in UTC (datetime.now(timezone.utc), gmtime)",
        _LocalTime(),
    ),
    *(mistake for scheme in schemes.SCHEMES for mistake in _scheme_catalogue(scheme.module)),
)

BY_ID: dict[str, Mistake] = {mistake.id: mistake for mistake in CATALOGUE}


def for_scheme(scheme: str) -> tuple[Mistake, ...]:
    return tuple(mistake for mistake in CATALOGUE if mistake.scheme == scheme)


def first_changed_step(correct: Signed, wrong: Signed) -> tuple[str, Any] | None:
    """(step, the variant's value there) for the first step, in computation order, that the
    mistake changes; None when it changes nothing for this input."""
    for part in ("intermediates", "output"):
        right, bad = getattr(correct, part), getattr(wrong, part)
        for name, value in right.items():
            if not equivalent(f"{part}.{name}", value, bad.get(name)):
                return f"{part}.{name}", bad.get(name)
    return None


def consequences(scheme: str, inp: dict[str, Any], correct: Signed) -> list[dict[str, Any]]:
    """For every catalogued mistake that changes this input's signature or output: its id, the
    first step it changes with the value it gives there, and the signature it gives."""
    found = []
    for mistake in for_scheme(scheme):
        wrong = mistake.variant(inp)
        if wrong is None:
            continue
        changed = first_changed_step(correct, wrong)
        if changed is not None:
            step, value = changed
            found.append(
                {
                    "id": mistake.id,
                    "step": step,
                    "value": value,
                    "signature": wrong.output["signature"],
                }
            )
    return found


def for_environment(
    scheme: str, time_zone: dt.tzinfo | None, charsets: tuple[str, ...]
) -> list[Mistake]:
    """The environment-dependent mistakes of ``scheme``, recomputed for a time zone and for
    platform charsets (what ``--env-matrix`` needs beyond the catalogue's fixed choices)."""
    found: list[Mistake] = []
    for mistake in for_scheme(scheme):
        if time_zone is not None and isinstance(mistake.signer, (_LocalDate, _LocalTime)):
            signer = type(mistake.signer)(time_zone)
            found.append(Mistake(mistake.id, mistake.description, mistake.fix, signer))
        if isinstance(mistake.signer, _Md5PlatformCharset):
            found += [
                Mistake(
                    mistake.id,
                    mistake.description,
                    mistake.fix,
                    _Md5PlatformCharset(charset),
                    mistake.applies,
                )
                for charset in charsets
            ]
    return found
