"""A protocol implementation that misbehaves on purpose, in the way its first argument names.

Correct answers come from the reference, so every deviation is the one the mode introduces.
"""

from __future__ import annotations

import hashlib
import json
import locale
import os
import re
import sys
import time

from sigvec.reference import aws_sigv4, tencent_tc3
from sigvec.reference.iflytek import Signer as IflytekSigner
from sigvec.runner.reference_impl import answer

MODE = sys.argv[1]
BAD_SEQ = 3  # the run request that triggers the misbehaviour


def reply(message: dict) -> None:
    sys.stdout.write(json.dumps(message, ensure_ascii=False) + "\n")
    sys.stdout.flush()


class LocalDateTencent(tencent_tc3.Signer):
    """The classic: the date from the machine's local time (honours TZ)."""

    def date(self, timestamp: int) -> str:
        return time.strftime("%Y-%m-%d", time.localtime(timestamp))


class PlatformCharsetIflytek(IflytekSigner):
    """MD5 over the platform charset's bytes, like Java's getBytes() without a charset."""

    def md5_hex(self, base: str) -> str:
        charset = locale.getpreferredencoding(False)
        return hashlib.md5(base.encode(charset, errors="replace")).hexdigest()


class AlwaysNormalizingAws(aws_sigv4.Signer):
    """An SDK that normalises every path, whatever normalize_path says."""

    def canonical_uri(self, inp: dict) -> str:
        return aws_sigv4.canonical_uri(inp["path"], True, inp.get("double_encode_path", True))


class RootUriAws(aws_sigv4.Signer):
    """A signer that writes '/' as the canonical URI of every request."""

    def canonical_uri(self, inp: dict) -> str:
        return "/"


VARIANTS = {
    "local-date": ("tencent-tc3", LocalDateTencent),
    "platform-charset": ("iflytek", PlatformCharsetIflytek),
    "always-normalize": ("aws-sigv4", AlwaysNormalizingAws),
    "root-uri": ("aws-sigv4", RootUriAws),
}


def escaping_children() -> list[int]:
    """Children that a process group kill misses: in their own session, one with an empty
    environment, and one orphaned (its parent exited) in its own session."""
    import subprocess

    sleep = ["sleep", "1000"]
    own_session = subprocess.Popen(sleep, start_new_session=True)
    no_environment = subprocess.Popen(["/bin/sleep", "1000"], start_new_session=True, env={})
    orphaner = subprocess.run(
        [
            sys.executable,
            "-c",
            "import subprocess as s; print(s.Popen(['sleep', '1000'], start_new_session=True,"
            " stdout=s.DEVNULL, stderr=s.DEVNULL).pid)",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return [own_session.pid, no_environment.pid, int(orphaner.stdout)]


def write_pids(pids: list[int]) -> None:
    with open(os.environ["SIGVEC_TEST_PIDFILE"], "w") as handle:
        handle.write(" ".join(map(str, [*pids, os.getpid()])))


def equivalent_forms(output: dict) -> dict:
    """The same outputs written as another correct signer might: query parameters in reverse
    order with lower-case escapes, header names in another case."""
    changed = dict(output)
    for name in ("signed_query", "query"):
        if name in changed:
            pieces = changed[name].split("&")[::-1]
            changed[name] = "&".join(
                re.sub(r"%[0-9A-F]{2}", lambda m: m[0].lower(), p) for p in pieces
            )
    if "headers" in changed:
        changed["headers"] = {key.swapcase(): value for key, value in changed["headers"].items()}
    return changed


def with_pipeline(start: dict) -> dict:
    """The start answer, announcing the pipeline depth SIGVEC_TEST_PIPELINE says (``none``:
    no announcement, lock-step); unset: the reference's own."""
    depth = os.environ.get("SIGVEC_TEST_PIPELINE")
    if depth == "none":
        start.pop("pipeline", None)
    elif depth:
        start["pipeline"] = int(depth)
    return start


def main() -> None:
    held: list[dict] = []
    sys.stdin.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
    sys.stdout.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
    for line in sys.stdin:
        message = json.loads(line)
        if message["cmd"] == "stop":
            return
        if message["cmd"] == "start":
            if MODE == "refuse-start":
                reply({"ready": False, "version": 99})
                continue
            reply(with_pipeline(answer(message)))
            continue
        if MODE == "answer-in-fours":  # holds answers back until four requests are in
            held.append(answer(message))
            if len(held) == 4:
                for result in held:
                    reply(result)
                held.clear()
            continue
        result = answer(message)
        seq = message["seq"]
        if MODE in VARIANTS and message["scheme"] == VARIANTS[MODE][0]:
            signed = VARIANTS[MODE][1]().sign(message["input"])
            result = {"seq": seq, "intermediates": signed.intermediates, "output": signed.output}
        if MODE == "equivalent-forms" and "output" in result:
            result["output"] = equivalent_forms(result["output"])
        if MODE == "raw-plus-in-query" and "query" in result.get("output", {}):
            result["output"]["query"] = result["output"]["query"].replace("%2B", "+")
        if MODE == "uppercase-md5" and "md5_hex" in result.get("intermediates", {}):
            result["intermediates"]["md5_hex"] = result["intermediates"]["md5_hex"].upper()
            result["output"]["signature"] = "wrong"
        if MODE == "corrupt-canonical-headers" and "canonical_headers" in result.get(
            "intermediates", {}
        ):
            result["intermediates"]["canonical_headers"] += "x-extra:1\n"
        if MODE.startswith("echo-"):  # the input, secrets included, on every channel
            echo = json.dumps(message["input"]) + " " + repr(message["input"])
            print(echo, file=sys.stderr, flush=True)
            if MODE == "echo-errored":
                result = {"seq": seq, "errored": True, "message": echo}
            if MODE == "echo-stray":
                print(echo, flush=True)
            if MODE == "echo-seq":
                result["seq"] = message["input"]
            if MODE == "echo-crash" and seq == BAD_SEQ:
                raise RuntimeError(repr(message["input"]))
            if MODE == "echo-hang" and seq == BAD_SEQ:
                print(echo, flush=True)
                time.sleep(3600)
        if seq == BAD_SEQ:
            if MODE == "surrogate":  # as Node's JSON.stringify writes half a surrogate pair
                sys.stdout.write(f'{{"seq": {seq}, "output": {{"signature": "\\ud83d"}}}}\n')
                sys.stdout.flush()
                continue
            if MODE == "terminal-escapes":
                hostile = "\x1b]0;owned\x07\x1b[2J\r\x00\x9b\u202e\ud800"
                print(hostile, file=sys.stderr, flush=True)
                sys.stdout.write(json.dumps({"seq": seq, "errored": True, "message": hostile}))
                sys.stdout.write("\n")
                sys.stdout.flush()
                continue
            if MODE == "flood":
                while True:
                    sys.stdout.write("x" * 1023 + "\n")
            if MODE == "spawn-and-hang":
                import subprocess

                children = [subprocess.Popen(["sleep", "1000"]) for _ in range(20)]
                pidfile = os.environ["SIGVEC_TEST_PIDFILE"]
                with open(pidfile, "w") as handle:
                    handle.write(" ".join(str(c.pid) for c in [*children]) + f" {os.getpid()}")
                time.sleep(3600)
            if MODE == "escape-and-hang":
                write_pids(escaping_children())
                time.sleep(3600)
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
                result = {
                    "seq": seq,
                    "errored": True,
                    "context": {"message": "NullPointerException"},
                }
            if MODE == "skipped":
                result = {"seq": seq, "skipped": True, "message": "option not supported"}
        if MODE == "report-cwd":
            with open("scratch.txt", "w") as handle:  # must land in a throwaway folder
                handle.write("x")
            result["output"]["signature"] = os.getcwd()
        if MODE == "leak-env":
            leaked = {k: v for k, v in os.environ.items() if "SECRET" in k or k.startswith("AWS")}
            result.setdefault("output", {})["leaked"] = leaked
        reply(result)


main()
