"""tencentcloud-sdk-python-common's TC3 signer as a sigvec implementation, through its public
client path: ``CommonClient.call_json`` at the vector's time, with the HTTP layer stubbed (the
request the SDK would send is captured, a canned empty response returned)."""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any
from unittest import mock
from urllib.parse import parse_qsl, urlencode

import tencentcloud
from protocol import Skip, serve
from tencentcloud.common import abstract_client, common_client, credential, sign
from tencentcloud.common.profile import client_profile

STEPS = ["date", "credential_scope", "hashed_canonical_request", "string_to_sign"]
# What the SDK sends that is not part of the signature scheme (client identification).
NOT_SCHEME_HEADERS = {"x-tc-requestclient", "x-tc-traceid", "x-tc-language"}
CONTENT_TYPES = {"GET": "application/x-www-form-urlencoded", "POST": "application/json"}


def _params(inp: dict[str, Any]) -> dict[str, Any]:
    """The parameters a user passes, when the SDK's own serialisation gives the vector's bytes."""
    if inp["method"] == "GET":
        params = dict(parse_qsl(inp.get("query", ""), keep_blank_values=True))
        if urlencode(params) != inp.get("query", "") or inp.get("payload", ""):
            raise Skip("the SDK builds a GET query with urlencode() from a dict; not this query")
        return params
    if inp.get("query", ""):
        raise Skip("the SDK sends no query string with POST")
    try:
        params = json.loads(inp["payload"])
    except ValueError:
        raise Skip("the SDK always sends a JSON object as the POST body") from None
    if not isinstance(params, dict) or json.dumps(params) != inp["payload"]:
        raise Skip(
            "the SDK serialises the body with json.dumps(); it cannot send these exact bytes"
        )
    return params


def sign_tc3(inp: dict[str, Any]) -> dict[str, Any]:
    if inp["method"] not in CONTENT_TYPES:
        raise Skip("the SDK sends only GET and POST")
    if inp.get("signed_headers", ["content-type", "host"]) != ["content-type", "host"]:
        raise Skip("the SDK always signs exactly content-type;host")
    content_type = inp.get("content_type", "application/json; charset=utf-8")
    if content_type != CONTENT_TYPES[inp["method"]]:
        raise Skip(
            f"the SDK always sends Content-Type {CONTENT_TYPES[inp['method']]} with {inp['method']}"
        )
    params = _params(inp)
    profile = client_profile.ClientProfile(signMethod="TC3-HMAC-SHA256")
    profile.httpProfile.endpoint = inp["host"]
    profile.httpProfile.reqMethod = inp["method"]
    cred = credential.Credential(inp["secret_id"], inp["secret_key"], inp.get("token"))
    client = common_client.CommonClient(
        inp["service"], inp["version"], cred, inp.get("region", ""), profile
    )
    sent: list[Any] = []
    signed: list[str] = []
    original_sign = sign.Sign.sign_tc3

    def recording_sign(secret_key: str, date: str, service: str, string_to_sign: str) -> str:
        signed.append(string_to_sign)
        return original_sign(secret_key, date, service, string_to_sign)

    def send_request(request: Any) -> Any:
        sent.append(request)
        return SimpleNamespace(
            status_code=200,
            headers={"Content-Type": "application/json"},
            content=b'{"Response": {"RequestId": "stub"}}',
        )

    clock = SimpleNamespace(time=lambda: inp["timestamp"])
    with (
        mock.patch.object(abstract_client, "time", clock),
        mock.patch.object(sign.Sign, "sign_tc3", staticmethod(recording_sign)),
        mock.patch.object(client.request, "send_request", send_request),
    ):
        client.call_json(inp["action"], params)
    headers = {k: v for k, v in sent[0].header.items() if k.lower() not in NOT_SCHEME_HEADERS}
    authorization = headers["Authorization"]
    lines = signed[0].split("\n")
    return {
        "intermediates": {
            "date": lines[2].split("/")[0],
            "credential_scope": lines[2],
            "hashed_canonical_request": lines[3],
            "string_to_sign": signed[0],
        },
        "output": {
            "signature": authorization.rpartition("Signature=")[2],
            "authorization": authorization,
            "headers": headers,
        },
    }


if __name__ == "__main__":
    serve(
        "tencentcloud-sdk-python-common",
        tencentcloud.__version__,
        {"tencent-tc3": (STEPS, sign_tc3)},
    )
