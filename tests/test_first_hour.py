"""The first hour of four new users, replayed from a fresh folder with the README's commands.

Each journey ends with the bug found and the catalogued mistake named, without --env-matrix
and without a wrapper file. Expected values come from the specs (hand-written canonical
requests, HMAC chains computed here with hashlib), never from sigvec's output.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sigvec.runner.toolchains import missing

SIGVEC = [sys.executable, "-m", "sigvec"]


def sigvec(folder: Path, *args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """``sigvec ARGS`` in ``folder``, as a user types it (no TTY: CI-like output)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SIGVEC_")}
    env["XDG_CACHE_HOME"] = str(folder / ".cache")
    return subprocess.run(
        [*SIGVEC, *args], cwd=folder, capture_output=True, text=True, timeout=timeout, env=env
    )


# ------------------------------------------------------------ Java program, AWS S3 403

S3_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"  # AWS's documentation example key
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()


def _s3_canonical_request(uri: str) -> str:
    return "\n".join(
        [
            "GET",
            uri,
            "",
            "host:examplebucket.s3.amazonaws.com",
            f"x-amz-content-sha256:{EMPTY_SHA256}",
            "x-amz-date:20130524T000000Z",
            "",
            "host;x-amz-content-sha256;x-amz-date",
            EMPTY_SHA256,
        ]
    )


def _s3_string_to_sign(canonical: str) -> str:
    digest = hashlib.sha256(canonical.encode()).hexdigest()
    scope = "20130524/us-east-1/s3/aws4_request"
    return f"AWS4-HMAC-SHA256\n20130524T000000Z\n{scope}\n{digest}"


def _sigv4_signature(string_to_sign: str) -> str:
    key = f"AWS4{S3_SECRET}".encode()
    for part in ("20130524", "us-east-1", "s3", "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return hmac.new(key, string_to_sign.encode(), hashlib.sha256).hexdigest()


def test_java_aws_403_from_s3_xml_names_the_mistake(tmp_path: Path) -> None:
    # The object key "my%20file.txt" as sent. S3 encodes the path once; the Java program's
    # generic SigV4 signer encodes it again (%2520): S3 answers 403 with its own texts and
    # the signature it received.
    server = _s3_canonical_request("/my%20file.txt")
    java = _s3_canonical_request("/my%2520file.txt")
    (tmp_path / "s3.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>SignatureDoesNotMatch</Code>'
        "<Message>The request signature we calculated does not match the signature you "
        "provided. Check your key and signing method.</Message>"
        "<AWSAccessKeyId>AKIAIOSFODNN7EXAMPLE</AWSAccessKeyId>"
        f"<StringToSign>{_s3_string_to_sign(server)}</StringToSign>"
        f"<SignatureProvided>{_sigv4_signature(_s3_string_to_sign(java))}</SignatureProvided>"
        f"<CanonicalRequest>{server}</CanonicalRequest>"
        "<RequestId>4442587FB7D0A2F9</RequestId></Error>",
        encoding="utf-8",
    )
    request = {
        "method": "GET",
        "path": "/my%20file.txt",
        "query": "",
        "headers": [["Host", "examplebucket.s3.amazonaws.com"]],
        "access_key_id": "AKIAIOSFODNN7EXAMPLE",
        "secret_access_key": S3_SECRET,
        "region": "us-east-1",
        "service": "s3",
        "timestamp": "20130524T000000Z",
    }
    (tmp_path / "req.json").write_text(json.dumps(request), encoding="utf-8")
    result = sigvec(
        tmp_path, "explain", "aws-sigv4", "--server-message", "s3.xml", "--input", "req.json"
    )
    assert result.returncode == 1, result.stderr  # documented: 1 when it found something
    out = result.stdout
    assert "aws-sigv4/s3-double-encoding" in out
    assert "SignatureProvided" in out
    assert '"double_encode_path": false' in out and '"sign_body": true' in out
    assert S3_SECRET not in out
