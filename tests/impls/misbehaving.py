"""A protocol implementation that misbehaves on purpose, in the way its first argument names.

Correct answers come from the reference, so every deviation is the one the mode introduces.
"""

from __future__ import annotations

import json
import os
import sys
import time

from sigvec.runner.reference_impl import answer

MODE = sys.argv[1]
BAD_SEQ = 3  # the run request that triggers the misbehaviour


def reply(message: dict) -> None:
    sys.stdout.write(json.dumps(message, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def main() -> None:
    for line in sys.stdin:
        message = json.loads(line)
        if message["cmd"] == "stop":
            return
        if message["cmd"] == "start":
            if MODE == "refuse-start":
                reply({"ready": False, "version": 99})
                continue
            reply(answer(message))
            continue
        result = answer(message)
        seq = message["seq"]
        if MODE == "uppercase-md5" and "md5_hex" in result.get("intermediates", {}):
            result["intermediates"]["md5_hex"] = result["intermediates"]["md5_hex"].upper()
            result["output"]["signature"] = "wrong"
        if seq == BAD_SEQ:
            if MODE == "hang":
                time.sleep(3600)
            if MODE == "crash":
                print("boom: segmentation fault (simulated)", file=sys.stderr, flush=True)
                os._exit(3)
            if MODE == "noise":
                print("DEBUG: signing...", flush=True)
            if MODE == "not-json":
                print("this is not json", flush=True)
                continue
            if MODE == "wrong-seq":
                result["seq"] = seq + 100
            if MODE == "errored":
                result = {"seq": seq, "errored": True, "context": {"message": "NullPointerException"}}
            if MODE == "skipped":
                result = {"seq": seq, "skipped": True, "message": "option not supported"}
        if MODE == "leak-env":
            leaked = {k: v for k, v in os.environ.items() if "SECRET" in k or k.startswith("AWS")}
            result.setdefault("output", {})["leaked"] = leaked
        reply(result)


main()
