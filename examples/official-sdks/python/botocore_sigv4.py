"""botocore's SigV4 signers (SigV4Auth, S3SigV4Auth, SigV4QueryAuth, S3SigV4QueryAuth) as a
sigvec implementation: the request is an AWSRequest with the query as parameters, signed by
``add_auth`` at the vector's time, exactly as botocore's own clients sign."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from typing import Any
from unittest import mock
from urllib.parse import urlsplit

import botocore
from botocore import auth, awsrequest, credentials
from botocore.config import Config
from protocol import (
    AWS_STEPS,
    Skip,
    aws_intermediates,
    check_headers,
    decoded_query,
    serve,
    url_path,
)


def _signer_class(inp: dict[str, Any]) -> type:
    normalize = inp.get("normalize_path", True)
    s3 = not inp.get("double_encode_path", True)
    if normalize == s3:
        raise Skip(
            "botocore either normalises the path and encodes it twice (SigV4Auth) or does "
            "neither (S3 signers): it cannot normalise without the second encoding or vice versa"
        )
    unsigned = inp.get("unsigned_payload", False)
    if inp.get("signature_location", "header") == "query":
        if s3 != unsigned:
            raise Skip(
                "botocore's S3 presigner always signs UNSIGNED-PAYLOAD, its other presigner never"
            )
        if _body(inp):
            raise Skip("botocore's presigner moves a request body into the query string")
        return auth.S3SigV4QueryAuth if s3 else auth.SigV4QueryAuth
    if s3 and not inp.get("sign_body", False):
        raise Skip("botocore's S3 signer always sends x-amz-content-sha256")
    if unsigned and not s3:
        raise Skip("botocore signs UNSIGNED-PAYLOAD only with its S3 signer")
    return auth.S3SigV4Auth if s3 else auth.SigV4Auth


_S3 = (auth.S3SigV4Auth, auth.S3SigV4QueryAuth)


def _body(inp: dict[str, Any]) -> bytes:
    if "body_base64" in inp:
        return base64.b64decode(inp["body_base64"])
    return inp.get("body", "").encode("utf-8")


def sign(inp: dict[str, Any]) -> dict[str, Any]:
    signer_class = _signer_class(inp)
    if inp.get("omit_session_token") and inp.get("session_token"):
        raise Skip("botocore always signs the session token")
    query_form = inp.get("signature_location", "header") == "query"
    pairs = decoded_query(inp.get("query", ""))
    if query_form and len({name for name, _ in pairs}) != len(pairs):
        raise Skip("botocore's presigner keeps one value per query parameter")
    check_headers(inp["headers"])
    host = next(value for name, value in inp["headers"] if name.lower() == "host")
    body = _body(inp)
    # The S3 signers take the URL's path as encoded, as botocore's S3 serializer writes it.
    path = url_path(inp["path"]) if signer_class in _S3 else inp["path"]
    request = awsrequest.AWSRequest(
        method=inp["method"], url=f"https://{host}{path}", data=body, params=pairs
    )
    for name, value in inp["headers"]:
        request.headers[name] = value  # HTTPHeaders keeps repeated names, in order
    sent = {name.lower() for name in request.headers}
    if signer_class is auth.SigV4Auth and inp.get("sign_body", False):
        # What a botocore user does to send the payload hash with a non-S3 signer.
        request.headers["X-Amz-Content-SHA256"] = hashlib.sha256(body).hexdigest()
    if signer_class is auth.S3SigV4Auth and inp.get("unsigned_payload", False):
        # A botocore user's switch: Config(s3={"payload_signing_enabled": False}).
        request.context["client_config"] = Config(s3={"payload_signing_enabled": False})
    creds = credentials.Credentials(
        inp["access_key_id"], inp["secret_access_key"], inp.get("session_token")
    )
    options = {"expires": inp.get("expires_in", 3600)} if query_form else {}
    recorded: dict[str, str] = {}

    class Recording(signer_class):  # type: ignore[misc, valid-type]
        def canonical_request(self, request: Any) -> str:
            recorded["canonical_request"] = super().canonical_request(request)
            return recorded["canonical_request"]

        def string_to_sign(self, request: Any, canonical_request: str) -> str:
            recorded["string_to_sign"] = super().string_to_sign(request, canonical_request)
            return recorded["string_to_sign"]

    signer = Recording(creds, inp["service"], inp["region"], **options)
    moment = dt.datetime.strptime(inp["timestamp"], "%Y%m%dT%H%M%SZ")
    with mock.patch.object(auth, "get_current_datetime", return_value=moment):
        signer.add_auth(request)
    added = {k: v for k, v in request.headers.items() if k.lower() not in sent}
    output: dict[str, Any] = {"headers": added}
    if query_form:
        query = urlsplit(request.url).query
        output["signed_query"] = query
        output["signature"] = query.rpartition("&X-Amz-Signature=")[2]
    else:
        output["authorization"] = request.headers["Authorization"]
        output["signature"] = output["authorization"].rpartition("Signature=")[2]
    return {
        "intermediates": aws_intermediates(
            recorded["canonical_request"], recorded["string_to_sign"]
        ),
        "output": output,
    }


if __name__ == "__main__":
    serve("botocore", botocore.__version__, {"aws-sigv4": (AWS_STEPS, sign)})
