"""alibabacloud_openapi_util's V3 signature (ACS3-HMAC-SHA256) as a sigvec implementation: the
util every Alibaba Cloud Python SDK (alibabacloud_tea_openapi) signs V3 requests with.

The request is handed over as the SDK client hands it: the path encoded by the util's own
``get_encode_path``, the query parameters as a map, every header of the request (the client
adds its user-agent and accept to the headers it signs), the body's hash from the util's
``hash``/``hex_encode`` in ``x-acs-content-sha256``, the token in ``x-acs-security-token``. The
canonical query string and headers are the util's own functions' (module-level helpers of
``get_authorization``); the Authorization header is ``get_authorization``'s.
"""

from __future__ import annotations

import base64
from importlib.metadata import version
from types import SimpleNamespace
from typing import Any

from alibabacloud_openapi_util import client as util_module
from protocol import serve

ALGORITHM = "ACS3-HMAC-SHA256"
Util = util_module.Client


def sign(inp: dict[str, Any]) -> dict[str, Any]:
    if "body_base64" in inp:
        body = base64.b64decode(inp["body_base64"])
    else:
        body = inp.get("body", "").encode("utf-8")
    payload_hash = Util.hex_encode(Util.hash(body, ALGORITHM))
    headers = {name: value for name, value in inp["headers"]}
    added = {"x-acs-content-sha256": payload_hash}
    if "security_token" in inp:
        added["x-acs-security-token"] = inp["security_token"]
    headers.update(added)
    query = dict(inp.get("query", {}))
    request = SimpleNamespace(
        method=inp["method"],
        pathname=Util.get_encode_path(inp.get("path", "/")),
        query=query,
        headers=headers,
    )
    authorization = Util.get_authorization(
        request, ALGORITHM, payload_hash, inp["access_key_id"], inp["access_key_secret"]
    )
    canonical_headers, signed_headers = util_module.get_canonicalized_headers(headers)
    return {
        "intermediates": {
            "canonical_query_string": util_module.get_canonical_query_string(query),
            "hashed_request_payload": payload_hash,
            "canonical_headers": canonical_headers,
            "signed_headers": signed_headers,
        },
        "output": {
            "signature": authorization.rsplit("Signature=", 1)[-1],
            "authorization": authorization,
            "headers": {**added, "Authorization": authorization},
        },
    }


if __name__ == "__main__":
    serve(
        "alibabacloud_openapi_util",
        version("alibabacloud_openapi_util"),
        {
            "aliyun-acs3": (
                [
                    "canonical_query_string",
                    "hashed_request_payload",
                    "canonical_headers",
                    "signed_headers",
                ],
                sign,
            )
        },
    )
