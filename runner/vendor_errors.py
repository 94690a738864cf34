"""Rejections in each vendor's own error shape, so an SDK pointed at ``sigvec serve`` reports
them as it would the real service's: AWS XML (with the server's CanonicalRequest and
StringToSign, as S3 does), Tencent ``AuthFailure.*`` JSON, Alibaba Cloud
``SignatureDoesNotMatch`` with ``server string to sign is: ...``, iFlytek-style code/msg."""

from __future__ import annotations

import json
import re
from typing import Any
from xml.sax.saxutils import escape

from sigvec import schemes
from sigvec.reference.verify import Verdict

AWS_CODES = {
    "missing-auth": ("AccessDenied", "Access Denied"),
    "malformed-auth": ("AuthorizationHeaderMalformed", "The authorization is malformed"),
    "unsupported-algorithm": ("InvalidArgument", "Unsupported authorization algorithm"),
    "unknown-key": (
        "InvalidAccessKeyId",
        "The AWS Access Key Id you provided does not exist in our records.",
    ),
    "scope-mismatch": ("AuthorizationHeaderMalformed", "The credential scope is wrong"),
    "clock-skew": (
        "RequestTimeTooSkewed",
        "The difference between the request time and the current time is too large.",
    ),
    "expired": ("AccessDenied", "Request has expired"),
    "unsigned-header": (
        "AccessDenied",
        "There were headers present in the request which were not signed",
    ),
    "signature-mismatch": (
        "SignatureDoesNotMatch",
        "The request signature we calculated does not match the signature you provided. "
        "Check your key and signing method.",
    ),
    "payload-hash-mismatch": (
        "XAmzContentSHA256Mismatch",
        "The provided 'x-amz-content-sha256' header does not match what was computed.",
    ),
    "replay": ("AccessDenied", "Request replayed"),
}
TENCENT_CODES = {
    "unknown-key": "AuthFailure.SecretIdNotFound",
    "signature-mismatch": "AuthFailure.SignatureFailure",
    "clock-skew": "AuthFailure.SignatureExpire",
}
ALIYUN_CODES = {
    "missing-auth": "MissingParameter",
    "malformed-auth": "InvalidParameter",
    "unsupported-algorithm": "InvalidSignatureMethod",
    "unknown-key": "InvalidAccessKeyId.NotFound",
    "clock-skew": "InvalidTimeStamp.Expired",
    "signature-mismatch": "SignatureDoesNotMatch",
    "replay": "SignatureNonceUsed",
}
IFLYTEK_CODES = {
    "clock-skew": "SignatureExpired",
    "signature-mismatch": "SignatureError",
    "unknown-key": "AppKeyNotFound",
}
REQUEST_ID = "sigvec-0000"
_XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml(text: str) -> str:
    return escape(_XML_INVALID.sub("\ufffd", text))


def vendor(verdict: Verdict) -> str:
    """Whose error shapes the verdict's scheme answers in (its verifier's ``vendor``)."""
    return schemes.get(verdict.scheme).verifier_plugin().vendor


def is_s3(verdict: Verdict) -> bool:
    return verdict.intermediates.get("credential_scope", "").split("/")[2:3] == ["s3"]


def accepted_body(verdict: Verdict) -> tuple[str, bytes]:
    """(content type, body) of the 200 answer: ``{"verified": true, "scheme", "key"}``, plus
    the envelope the vendor's SDK expects to parse. S3 SDKs take any 200 body that is not XML
    for an error, so for s3 the same fields come as XML."""
    if is_s3(verdict):
        key = _xml(verdict.key_id or "")
        xml = (
            '<?xml version="1.0" encoding="UTF-8"?>\n<Verified><Verified>true</Verified>'
            f"<Scheme>{verdict.scheme}</Scheme><Key>{key}</Key></Verified>"
        )
        return "application/xml", xml.encode("utf-8")
    body: dict[str, Any] = {"verified": True, "scheme": verdict.scheme, "key": verdict.key_id}
    shape = vendor(verdict)
    if shape == "tencent":
        body["Response"] = {"RequestId": REQUEST_ID}
    elif shape == "aliyun":
        body["RequestId"] = REQUEST_ID
    elif shape == "iflytek":
        body |= {"code": "0", "msg": "success"}
    return "application/json", _json(body)


def rejected_body(verdict: Verdict, mistakes: list[str]) -> tuple[str, bytes]:
    """(content type, body) of a rejection, in the scheme's vendor shape."""
    reason = verdict.reason or "missing-auth"
    detail = f"{reason}: {verdict.message}" + (
        f" (mistake: {', '.join(mistakes)})" if mistakes else ""
    )
    intermediates = verdict.intermediates
    shape = vendor(verdict)
    if shape == "tencent":
        code = TENCENT_CODES.get(reason, "AuthFailure.InvalidAuthorization")
        error = {"Code": code, "Message": detail}
        return "application/json", _json({"Response": {"Error": error, "RequestId": REQUEST_ID}})
    if shape == "aliyun":
        message = detail
        if "string_to_sign" in intermediates:
            message += f" server string to sign is:{intermediates['string_to_sign']}"
        body = {
            "RequestId": REQUEST_ID,
            "HostId": "sigvec",
            "Code": ALIYUN_CODES.get(reason, "InvalidParameter"),
            "Message": message,
        }
        return "application/json", _json(body)
    if shape == "iflytek":
        body = {"code": IFLYTEK_CODES.get(reason, "AuthError"), "msg": detail, "result": ""}
        return "application/json", _json(body)
    code, message = AWS_CODES[reason]
    parts = [f"<Code>{code}</Code>", f"<Message>{_xml(message)}</Message>"]
    if verdict.key_id is not None:
        parts.append(f"<AWSAccessKeyId>{_xml(verdict.key_id)}</AWSAccessKeyId>")
    if "string_to_sign" in intermediates:
        # A streaming upload's chunk or trailer that fails: its own string to sign, as S3 shows.
        failed = ("chunk_string_to_sign", "trailer_string_to_sign", "string_to_sign")
        to_sign = next(intermediates[name] for name in failed if name in intermediates)
        provided = verdict.received.get("signature_provided", verdict.received.get("signature"))
        parts.append(f"<StringToSign>{_xml(to_sign)}</StringToSign>")
        parts.append(f"<SignatureProvided>{_xml(provided or '')}</SignatureProvided>")
        parts.append(
            f"<CanonicalRequest>{_xml(intermediates['canonical_request'])}</CanonicalRequest>"
        )
    parts.append(f"<SigvecReason>{reason}</SigvecReason>")
    parts.append(f"<SigvecDetail>{_xml(detail)}</SigvecDetail>")
    parts.append(f"<RequestId>{REQUEST_ID}</RequestId>")
    xml = '<?xml version="1.0" encoding="UTF-8"?>\n<Error>' + "".join(parts) + "</Error>"
    return "application/xml", xml.encode("utf-8")


def _json(document: dict[str, Any]) -> bytes:
    return json.dumps(document, ensure_ascii=True).encode("ascii")
