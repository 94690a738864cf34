"""aliyun-python-sdk-core's RPC signature (signature 1.0) as a sigvec implementation, through its
signing functions (``rpc_signature_composer``): the string to sign and the signature over the
vector's parameters, and the signed query as ``get_signed_url`` writes it."""

from __future__ import annotations

from typing import Any

import aliyunsdkcore
from aliyunsdkcore.auth.composer import rpc_signature_composer as composer
from aliyunsdkcore.vendored.six.moves.urllib.parse import urlencode
from protocol import serve

# Module-level "__" names are not mangled: these are the composer's own functions.
compose_string_to_sign = getattr(composer, "__compose_string_to_sign")
get_signature = getattr(composer, "__get_signature")
pop_standard_urlencode = getattr(composer, "__pop_standard_urlencode")


def sign_rpc(inp: dict[str, Any]) -> dict[str, Any]:
    params = dict(inp["params"])
    string_to_sign = compose_string_to_sign(inp["method"], params)
    signature = get_signature(string_to_sign, inp["access_key_secret"])
    signed_query = pop_standard_urlencode(urlencode({**params, "Signature": signature}))
    return {
        "intermediates": {"string_to_sign": string_to_sign},
        "output": {"signature": signature, "signed_query": signed_query},
    }


if __name__ == "__main__":
    serve(
        "aliyun-python-sdk-core",
        aliyunsdkcore.__version__,
        {"aliyun-rpc": (["string_to_sign"], sign_rpc)},
    )
