"""A verifier over the line protocol that gets things wrong on purpose (runner tests).

``accept-all``: every request is valid. ``reason-blind``: the right verdict, always the reason
``signature-mismatch``. ``no-verify``: does not announce verify. Signing requests are skipped.
"""

from __future__ import annotations

import json
import sys

from sigvec.runner.reference_impl import verify_answer

MODE = sys.argv[1]

for line in sys.stdin:
    message = json.loads(line)
    if message["cmd"] == "stop":
        break
    if message["cmd"] == "start":
        info = {"name": MODE, "language": "python", "schemes": {"iflytek": []}}
        if MODE != "no-verify":
            info["verify"] = ["iflytek"]
        reply = {"ready": True, "version": 1, "implementation": info}
    elif message["cmd"] == "verify" and MODE == "accept-all":
        reply = {"seq": message["seq"], "verdict": "valid"}
    elif message["cmd"] == "verify":
        reply = verify_answer(message)
        if reply.get("verdict") == "invalid":
            reply["reason"] = "signature-mismatch"
    else:
        reply = {"seq": message["seq"], "skipped": True, "message": "signing not implemented"}
    print(json.dumps(reply), flush=True)
