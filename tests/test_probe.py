"""``sigvec probe`` against servers whose behaviour is known: ``sigvec serve`` (every verdict
right), one that ignores the clock, one that accepts anything."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from serve_helpers import AWS_KEY, AWS_SECRET, CREDENTIALS, running_server, serving

from sigvec.cli import main
from sigvec.reference.verify import Settings, Verdict, verify
from sigvec.reference.verify.aws_streaming import StreamingVerifier
from sigvec.runner.probe import Key, probe
from sigvec.runner.serve import VerifyingServer
from sigvec.schemes import verifiable

KEYS = {
    "aws-sigv4": Key(AWS_KEY, AWS_SECRET),
    "aws-sigv4-streaming": Key(AWS_KEY, AWS_SECRET),
    "tencent-tc3": Key("AKIDtencent", "tencent-secret-EXAMPLE"),
    "aliyun-rpc": Key("testid", "testsecret"),
    "aliyun-acs3": Key("LTAI5tExampleAccessKey", "ExampleAccessKeySecret0123456789"),
    "iflytek": Key("zmeet", "ba9e07dc-1d79-4f7a-ab49-0205d3c0e073"),
    "iflytek-ws": Key("keyxxxxxxxx8ee279348519exxxxxxxx", "secretxxxxxxxx2df7900c09xxxxxxxx"),
}


@pytest.mark.parametrize("scheme", verifiable())
def test_probe_finds_no_wrong_verdict_in_sigvec_serve(scheme: str) -> None:
    with running_server() as server:
        result = probe(f"{server.url}/api", scheme, KEYS[scheme])
    wrong = [o.to_json() for o in result.outcomes if o.verdict != "right"]
    assert wrong == []
    assert sum(o.expected == "invalid" for o in result.outcomes) >= 25


def test_probe_with_the_servers_region_and_service_sends_the_scope_cases(
    tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setenv("PROBE_SECRET", AWS_SECRET)
    report = tmp_path / "probe.json"
    settings = Settings(region="eu-west-1", service="s3")
    with running_server(settings=settings) as server:
        code = main(
            [
                "probe",
                f"{server.url}/bucket",
                "--scheme",
                "aws-sigv4",
                "--key-id",
                AWS_KEY,
                "--secret-env",
                "PROBE_SECRET",
                "--region",
                "eu-west-1",
                "--service",
                "s3",
                "--report",
                str(report),
            ]
        )
    document = json.loads(report.read_text(encoding="utf-8"))
    assert code == 0, document["outcomes"]
    sent = {o["tcId"] for o in document["outcomes"]}
    assert {1042, 1043} <= sent  # wrong region, wrong service: sent, and rejected
    assert AWS_SECRET not in report.read_text(encoding="utf-8")


class ClockBlindServer(VerifyingServer):
    """Checks signatures, never the time: what the probe must catch."""

    def verdict_for(self, request) -> Verdict:
        verdict = super().verdict_for(request)
        if verdict.reason in ("clock-skew", "expired"):
            return Verdict(verdict.scheme, valid=True, key_id=verdict.key_id)
        return verdict


def test_a_server_ignoring_the_clock_has_clock_skew_and_expired_false_accepts(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    server = ClockBlindServer(("127.0.0.1", 0), CREDENTIALS)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    monkeypatch.setenv("PROBE_SECRET", AWS_SECRET)
    try:
        code = main(
            [
                "probe",
                server.url,
                "--scheme",
                "aws-sigv4",
                "--key-id",
                AWS_KEY,
                "--secret-env",
                "PROBE_SECRET",
                "--report",
                str(tmp_path / "r.json"),
            ]
        )
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)
    out = capsys.readouterr().out
    document = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert code == 1
    assert set(document["falseAcceptsByReason"]) == {"clock-skew", "expired"}
    assert document["summary"]["falseRejects"] == 0
    assert out.index("FALSE ACCEPTS") < out.index("clock-skew")


class FinalChunkBlind(StreamingVerifier):
    """Checks the seed and every data chunk, never the final chunk's signature: as verifiers
    S3-compatible servers have shipped, which let a truncated or extended upload through."""

    def chunk_signature_holds(self, expected: str, received: str, final: bool) -> bool:
        return final or super().chunk_signature_holds(expected, received, final)


class Unchained(StreamingVerifier):
    """Checks each chunk against the seed signature instead of the previous chunk's."""

    def chunk_string_to_sign(self, auth, scope, seed, previous, chunk) -> str:
        return super().chunk_string_to_sign(auth, scope, seed, seed, chunk)


class LaxStreamingServer(VerifyingServer):
    """``sigvec serve`` with another verifier for streaming uploads."""

    def __init__(self, lax: StreamingVerifier) -> None:
        super().__init__(("127.0.0.1", 0), CREDENTIALS)
        self.lax = lax

    def verdict_for(self, request) -> Verdict:
        if not self.lax.detect(request):
            return super().verdict_for(request)
        credentials = self.credentials["aws-sigv4-streaming"]
        return verify(self.lax.scheme, request, credentials, self.now(), verifier=self.lax)


def test_a_server_skipping_the_final_chunk_signature_is_reported(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    monkeypatch.setenv("PROBE_SECRET", AWS_SECRET)
    report = tmp_path / "r.json"
    with serving(LaxStreamingServer(FinalChunkBlind())) as server:
        code = main(
            ["probe", f"{server.url}/bucket", "--scheme", "aws-sigv4-streaming"]
            + ["--key-id", AWS_KEY, "--secret-env", "PROBE_SECRET", "--report", str(report)]
        )
    out = capsys.readouterr().out
    document = json.loads(report.read_text(encoding="utf-8"))
    assert code == 1
    # tc1025/1026: the final chunk's signature flipped (after data chunks, and alone)
    assert document["falseAcceptsByReason"] == {"signature-mismatch": [1025, 1026]}
    assert document["summary"]["falseRejects"] == 0
    assert "FALSE ACCEPTS" in out and "tc1025" in out


def test_a_server_not_chaining_chunk_signatures_is_reported() -> None:
    key = KEYS["aws-sigv4-streaming"]
    with serving(LaxStreamingServer(Unchained())) as server:
        result = probe(f"{server.url}/b", "aws-sigv4-streaming", key)
    accepted = {o.tc_id for o in result.by_verdict("false-accept")}
    assert 1029 in accepted  # every chunk signed with the seed as its previous signature
    refused = {o.tc_id for o in result.by_verdict("false-reject")}
    assert {1001, 1003} <= refused  # properly chained uploads


class AcceptAnything(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _ok(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _ok

    def log_message(self, *args) -> None:
        pass


@pytest.mark.parametrize("scheme", ["iflytek", "aliyun-rpc"])
def test_a_server_accepting_anything_has_signature_mismatch_false_accepts(
    scheme: str, tmp_path: Path
) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), AcceptAnything)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    secret = tmp_path / "secret"
    secret.write_text(KEYS[scheme].secret + "\n", encoding="utf-8")
    try:
        code = main(
            [
                "probe",
                f"http://127.0.0.1:{server.server_address[1]}/",
                "--scheme",
                scheme,
                "--key-id",
                KEYS[scheme].key_id,
                "--secret-file",
                str(secret),
                "--report",
                str(tmp_path / "r.json"),
            ]
        )
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)
    document = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert code == 1
    assert len(document["falseAcceptsByReason"]["signature-mismatch"]) >= 5
    assert document["summary"]["falseRejects"] == 0


def test_bad_usage_is_exit_2(capsys, monkeypatch) -> None:
    monkeypatch.delenv("NOT_SET_ANYWHERE", raising=False)
    args = ["probe", "http://127.0.0.1:9/", "--scheme", "iflytek", "--key-id", "k"]
    assert main([*args, "--secret-env", "NOT_SET_ANYWHERE"]) == 2
    monkeypatch.setenv("PROBE_SECRET", "s")
    assert main([*args, "--secret-env", "PROBE_SECRET"]) == 2  # nothing listens on port 9
    assert (
        main(
            [
                "probe",
                "ftp://x/",
                "--scheme",
                "iflytek",
                "--key-id",
                "k",
                "--secret-env",
                "PROBE_SECRET",
            ]
        )
        == 2
    )
    err = capsys.readouterr().err
    assert "not set" in err and "cannot connect" in err and "http:// or https://" in err
