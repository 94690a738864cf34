"""Sits between the runner and the Python reference implementation and records every line of
the conversation, so a test can check what the runner really sends and what comes back.

Usage: recording_proxy.py LOG_FILE -- each line of LOG_FILE is ``{"from": "runner"|"impl",
"line": <the line as sent>}``.
"""

from __future__ import annotations

import json
import subprocess
import sys


def main() -> None:
    log = open(sys.argv[1], "a", encoding="utf-8")  # noqa: SIM115 -- open for the whole session
    child = subprocess.Popen(
        [sys.executable, "-m", "sigvec.runner.reference_impl"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    assert child.stdin is not None and child.stdout is not None
    for line in sys.stdin:
        log.write(json.dumps({"from": "runner", "line": line}) + "\n")
        child.stdin.write(line)
        child.stdin.flush()
        if json.loads(line).get("cmd") == "stop":
            break
        answer = child.stdout.readline()
        log.write(json.dumps({"from": "impl", "line": answer}) + "\n")
        log.flush()
        sys.stdout.write(answer)
        sys.stdout.flush()
    child.stdin.close()
    child.wait(timeout=10)
    log.close()


if __name__ == "__main__":
    main()
