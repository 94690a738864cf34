"""The Python reference over the line protocol: ``python -m sigvec.runner.reference_impl``."""

from __future__ import annotations

import json
import platform
import sys
import traceback
from typing import Any

from sigvec import __version__
from sigvec.reference import SCHEMES, sign, steps
from sigvec.reference.verify import VERIFIERS, NonceStore, Request, Settings, verify

PIPELINE = 64  # requests the runner may send ahead: answered in order, one line each


def answer(message: dict[str, Any]) -> dict[str, Any] | None:
    command = message.get("cmd")
    if command == "start":
        return {
            "ready": message.get("version") == 1,
            "version": 1,
            "pipeline": PIPELINE,
            "implementation": {
                "name": "sigvec-reference",
                "language": "python",
                "version": f"{__version__} (Python {platform.python_version()})",
                "schemes": {scheme: list(steps(scheme)) for scheme in SCHEMES},
                "verify": list(VERIFIERS),
            },
        }
    seq = message.get("seq")
    if command == "verify":
        return verify_answer(message)
    if message.get("scheme") not in SCHEMES:
        return {"seq": seq, "skipped": True, "message": f"unknown scheme {message.get('scheme')!r}"}
    try:
        signed = sign(message["scheme"], message["input"])
    except Exception as exc:  # every failure is reported, never fatal
        return {
            "seq": seq,
            "errored": True,
            "context": {"message": str(exc), "traceback": traceback.format_exc()},
        }
    return {"seq": seq, "intermediates": signed.intermediates, "output": signed.output}


def verify_answer(message: dict[str, Any]) -> dict[str, Any]:
    """The reference verifier's verdict on a ``verify`` command's request."""
    seq = message.get("seq")
    if message.get("scheme") not in VERIFIERS:
        return {"seq": seq, "skipped": True, "message": f"unknown scheme {message.get('scheme')!r}"}
    try:
        server = message.get("server") or {}
        verdict = verify(
            message["scheme"],
            Request.from_json(message["request"]),
            message["credentials"],
            server["now"],
            settings=Settings(region=server.get("region"), service=server.get("service")),
            nonces=NonceStore(tuple(server.get("seenNonces", ()))),
        )
    except Exception as exc:  # every failure is reported, never fatal
        return {
            "seq": seq,
            "errored": True,
            "context": {"message": str(exc), "traceback": traceback.format_exc()},
        }
    if verdict.valid:
        return {"seq": seq, "verdict": "valid"}
    return {"seq": seq, "verdict": "invalid", "reason": verdict.reason, "message": verdict.message}


def main() -> int:
    stdin = open(sys.stdin.fileno(), encoding="utf-8", closefd=False)  # noqa: SIM115
    stdout = open(sys.stdout.fileno(), "w", encoding="utf-8", closefd=False)  # noqa: SIM115
    for line in stdin:
        if not line.strip():
            continue
        problem = "request is not a JSON object"
        try:
            message = json.loads(line)
        except ValueError as exc:  # a line that is no JSON is answered, never fatal
            message, problem = None, f"request is not JSON ({exc})"
        if not isinstance(message, dict):
            reply: dict[str, Any] | None = {
                "seq": None,
                "errored": True,
                "context": {"message": problem},
            }
        elif message.get("cmd") == "stop":
            break
        else:
            reply = answer(message)
        stdout.write(json.dumps(reply, ensure_ascii=False) + "\n")
        stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
