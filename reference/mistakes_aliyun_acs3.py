"""Catalogued mistakes of Alibaba Cloud's V3 signature (ACS3-HMAC-SHA256).

Sources: the V3 documentation's own samples (its Python sample does not trim header values),
the official ``alibabacloud_openapi_util`` (signs every header it is handed, leaves query names
unencoded), Java's ``URLEncoder`` (space ``+``, ``*`` kept, ``~`` as ``%7E``) and the habits
carried over from SigV4 and from Alibaba's own RPC signature (``", "`` separators, key + ``&``).
"""

from __future__ import annotations

from . import aliyun_acs3
from .encoding import ascii_lower, hmac_sha256, sha256_hex
from .mistake import Mistake


class _ContentSha256OfEmptyBody(aliyun_acs3.Signer):
    def hashed_request_payload(self, body: bytes) -> str:
        return sha256_hex(b"")


class _HeaderNamesNotLowercased(aliyun_acs3.Signer):
    def header_name(self, name: str) -> str:
        return name


class _SignedHeadersUnsorted(aliyun_acs3.Signer):
    def signed(self, headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
        kept = [(n, v) for n, v in headers if aliyun_acs3.is_signed(ascii_lower(n))]
        return [(self.header_name(name), self.header_value(value)) for name, value in kept]


class _AuthorizationCommaSpace(aliyun_acs3.Signer):
    def authorization(self, access_key_id: str, signed_headers: str, signature: str) -> str:
        right = super().authorization(access_key_id, signed_headers, signature)
        return right.replace(",SignedHeaders=", ", SignedHeaders=").replace(
            ",Signature=", ", Signature="
        )


class _QuerySpaceAsPlus(aliyun_acs3.Signer):
    def canonical_query_string(self, query: dict[str, str]) -> str:
        return super().canonical_query_string(query).replace("%20", "+")


class _StarUnencoded(aliyun_acs3.Signer):
    def encode(self, text: str, keep: bytes = b"") -> str:
        return super().encode(text, keep).replace("%2A", "*")


class _TildeEncoded(aliyun_acs3.Signer):
    def encode(self, text: str, keep: bytes = b"") -> str:
        return super().encode(text, keep).replace("~", "%7E")


class _PathNotEncoded(aliyun_acs3.Signer):
    def canonical_uri(self, path: str) -> str:
        return path or "/"


class _QueryNamesNotEncoded(aliyun_acs3.Signer):
    def canonical_query_string(self, query: dict[str, str]) -> str:
        return "&".join(f"{k}={self.encode(v)}" for k, v in sorted(query.items()))


class _HeaderValuesNotTrimmed(aliyun_acs3.Signer):
    def header_value(self, value: str) -> str:
        return value


class _EveryHeaderSigned(aliyun_acs3.Signer):
    def signed(self, headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
        return sorted((self.header_name(n), self.header_value(v)) for n, v in headers)


class _SecurityTokenUnsigned(aliyun_acs3.Signer):
    def signed(self, headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
        signed = super().signed(headers)
        return [(n, v) for n, v in signed if n != aliyun_acs3.SECURITY_TOKEN]


class _SecretWithAmpersand(aliyun_acs3.Signer):
    def signature(self, secret: str, to_sign: str) -> str:
        return hmac_sha256((secret + "&").encode("utf-8"), to_sign).hex()


CATALOGUE: tuple[Mistake, ...] = (
    Mistake(
        "aliyun-acs3/content-sha256-of-empty-body",
        "x-acs-content-sha256 (and the payload hash) is the SHA-256 of an empty body whatever "
        "is sent: the hash taken before the body was set, or a GET signer reused for POST",
        "hash the exact bytes sent as the body, after the body is final",
        _ContentSha256OfEmptyBody(),
    ),
    Mistake(
        "aliyun-acs3/header-names-not-lowercased",
        "header names keep the case they were sent with in canonical_headers and "
        "SignedHeaders (and are sorted that way)",
        "lower-case every signed header name before sorting and joining",
        _HeaderNamesNotLowercased(),
    ),
    Mistake(
        "aliyun-acs3/signed-headers-unsorted",
        "canonical_headers and SignedHeaders list the headers in the order they were added, "
        "not sorted by name",
        "sort the signed headers by lower-cased name",
        _SignedHeadersUnsorted(),
    ),
    Mistake(
        "aliyun-acs3/authorization-comma-space",
        "the Authorization parts are separated by ', ' (the SigV4/TC3 habit) instead of ','",
        "join Credential=..., SignedHeaders=... and Signature=... with a bare comma",
        _AuthorizationCommaSpace(),
    ),
    Mistake(
        "aliyun-acs3/query-space-as-plus",
        "a space in the query is encoded as '+' (form encoding: quote_plus, URLEncoder)",
        "percent-encode per RFC 3986: space is %20",
        _QuerySpaceAsPlus(),
    ),
    Mistake(
        "aliyun-acs3/star-unencoded",
        "'*' is left as is in the query and path (Java's URLEncoder without the %2A fix-up)",
        "encode '*' as %2A",
        _StarUnencoded(),
    ),
    Mistake(
        "aliyun-acs3/tilde-encoded",
        "'~' is encoded as %7E in the query and path (Java's URLEncoder without the fix-up)",
        "leave '~' unencoded: it is unreserved",
        _TildeEncoded(),
    ),
    Mistake(
        "aliyun-acs3/path-not-encoded",
        "the resource path is signed as given, unencoded (the official util signs the "
        "pathname it is handed, which its callers must encode)",
        "percent-encode the path per RFC 3986, keeping '/'",
        _PathNotEncoded(),
    ),
    Mistake(
        "aliyun-acs3/query-names-not-encoded",
        "query parameter names are left unencoded; only values are encoded (the official "
        "openapi-util for Python and for Node)",
        "percent-encode names like values",
        _QueryNamesNotEncoded(),
    ),
    Mistake(
        "aliyun-acs3/header-values-not-trimmed",
        "signed header values keep their leading and trailing spaces and tabs (the V3 "
        "documentation's own Python sample does not trim)",
        "trim each signed header value",
        _HeaderValuesNotTrimmed(),
    ),
    Mistake(
        "aliyun-acs3/every-header-signed",
        "every header sent is signed (user-agent, accept, ...), not only host, content-type "
        "and x-acs-* (alibabacloud_openapi_util signs whatever headers it is handed): a server "
        "that verifies the SignedHeaders listed accepts it, but the signature is not the "
        "documented procedure's",
        "sign only host, content-type and the x-acs-* headers",
        _EveryHeaderSigned(),
    ),
    Mistake(
        "aliyun-acs3/security-token-unsigned",
        "x-acs-security-token is sent but not signed (added after the signature)",
        "add x-acs-security-token before signing; it is signed like every x-acs- header",
        _SecurityTokenUnsigned(),
    ),
    Mistake(
        "aliyun-acs3/secret-with-ampersand",
        "the HMAC key is the secret + '&' (the RPC 1.0 signature's key) instead of the secret",
        "key the HMAC-SHA256 with the AccessKey secret itself",
        _SecretWithAmpersand(),
    ),
)
