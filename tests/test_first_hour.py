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
import subprocess
import sys
from pathlib import Path

import pytest
from runner_helpers import IFLYTEK_COUNT, NON_ASCII_APP_IDS

from sigvec.runner import clock
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


# ------------------------------------------------------------ Go developer, TC3 function

GO_TC3 = """\
package tc3

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"
)

func sha256hex(s string) string {
	b := sha256.Sum256([]byte(s))
	return hex.EncodeToString(b[:])
}

func hmacsha256(s, key string) string {
	h := hmac.New(sha256.New, []byte(key))
	h.Write([]byte(s))
	return string(h.Sum(nil))
}

// Authorization signs a JSON POST with TC3-HMAC-SHA256.
func Authorization(secretId, secretKey, service, host string,
	timestamp int64, payload string) string {
	date := time.Unix(timestamp, 0).Format("2006-01-02")
	headers := "content-type:application/json; charset=utf-8\\nhost:" + host + "\\n"
	signed := "content-type;host"
	request := "POST\\n/\\n\\n" + headers + "\\n" + signed + "\\n" + sha256hex(payload)
	scope := date + "/" + service + "/tc3_request"
	toSign := fmt.Sprintf("TC3-HMAC-SHA256\\n%d\\n%s\\n%s", timestamp, scope, sha256hex(request))
	key := hmacsha256("tc3_request", hmacsha256(service, hmacsha256(date, "TC3"+secretKey)))
	signature := hex.EncodeToString([]byte(hmacsha256(toSign, key)))
	return fmt.Sprintf("TC3-HMAC-SHA256 Credential=%s/%s, SignedHeaders=%s, Signature=%s",
		secretId, scope, signed, signature)
}
"""

GO_MANIFEST = """\
implementations:
  - id: my-tc3
    language: go
    scheme: tencent-tc3
    source: tc3.go
    function: Authorization
    args: [input.secret_id, input.secret_key, input.service, input.host, input.timestamp,
           input.payload]
    returns: output.authorization
    # the JSON POSTs that sign content-type and host only
    vectors: {tcIds: [2, 3, 4, 7, 8, 9, 10, 11, 15, 16]}
"""


def test_go_tc3_function_with_a_local_time_date(tmp_path: Path) -> None:
    if missing("go"):
        pytest.skip(f"go: {missing('go')}")
    (tmp_path / "tc3.go").write_text(GO_TC3, encoding="utf-8")
    (tmp_path / "impls.yaml").write_text(GO_MANIFEST, encoding="utf-8")
    result = sigvec(tmp_path, "run", "--manifest", "impls.yaml", "--report", "out.json")
    assert result.returncode == 1, result.stdout + result.stderr
    report = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    failed = [v for v in report["implementations"][0]["vectors"] if v["status"] == "failed"]
    # All but tcId 16 (00:00:00 UTC, the same day in UTC+14) are the next day in Kiritimati.
    assert {v["tcId"] for v in failed} == {2, 3, 4, 7, 8, 9, 10, 11, 15}
    assert {v["mistake"]["id"] for v in failed} == {"tencent-tc3/local-date"}
    assert "known mistake tencent-tc3/local-date" in result.stdout
    assert "TZ=Pacific/Kiritimati" in result.stdout
    assert "my-tc3: running" in result.stderr  # progress, though not a terminal
    # In UTC the same function passes: the time zone is the only bug.
    result = sigvec(tmp_path, "run", "--manifest", "impls.yaml", "--env", "TZ=UTC")
    assert result.returncode == 0, result.stdout
    assert "10 passed, 0 failed" in result.stdout


# ------------------------------------------------------------ PHP developer, Aliyun in CI

PHP_SIGNER = """\
<?php
// Alibaba Cloud RPC signature over the sigvec line protocol.
function percentEncode(string $s): string
{
    return urlencode($s);
}

/** @return array{string, string} the signature and the signed query */
function sign(array $params, string $secret, string $method): array
{
    ksort($params, SORT_STRING);
    $pairs = [];
    foreach ($params as $name => $value) {
        $pairs[] = percentEncode((string) $name) . '=' . percentEncode((string) $value);
    }
    $canonical = implode('&', $pairs);
    $toSign = $method . '&' . percentEncode('/') . '&' . percentEncode($canonical);
    $signature = base64_encode(hash_hmac('sha1', $toSign, $secret . '&', true));
    return [$signature, $canonical . '&Signature=' . percentEncode($signature)];
}

while (($line = fgets(STDIN)) !== false) {
    $message = json_decode($line, true);
    if ($message['cmd'] === 'start') {
        $answer = ['ready' => true, 'version' => 1];
    } elseif ($message['cmd'] === 'run') {
        $in = $message['input'];
        [$signature, $query] = sign($in['params'], $in['access_key_secret'], $in['method']);
        $output = ['signature' => $signature, 'signed_query' => $query];
        $answer = ['seq' => $message['seq'], 'output' => $output];
    } else {
        break;
    }
    fwrite(STDOUT, json_encode($answer) . "\\n");
    fflush(STDOUT);
}
"""

PHP_MANIFEST = """\
implementations:
  - id: php-aliyun
    language: php
    cwd: ./signer
    run: ["php", "signer.php"]
    schemes: [aliyun-rpc]
"""


def test_php_aliyun_signer_gated_in_ci(tmp_path: Path) -> None:
    if missing("php"):
        pytest.skip(f"php: {missing('php')}")
    (tmp_path / "signer").mkdir()
    (tmp_path / "signer" / "signer.php").write_text(PHP_SIGNER, encoding="utf-8")
    (tmp_path / "impls.yaml").write_text(PHP_MANIFEST, encoding="utf-8")
    result = sigvec(tmp_path, "run", "--manifest", "impls.yaml", "--report", "out.json")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "php-aliyun: running" in result.stderr  # CI logs see progress
    report = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    vectors = report["implementations"][0]["vectors"]
    failed = [v for v in vectors if v["status"] == "failed"]
    assert failed and all(v["step"] == "output.signature" for v in failed)
    # PHP's urlencode() is form encoding: a space becomes '+', '~' becomes %7E.
    named = {v["mistake"]["id"] for v in failed if v["mistake"]}
    assert named <= {"aliyun-rpc/space-as-plus", "aliyun-rpc/tilde-encoded"}
    assert "aliyun-rpc/space-as-plus" in named
    # tcId 14 holds a space and a '~': two mistakes at once, which no one variant reproduces.
    assert {v["tcId"] for v in failed if not v["mistake"]} == {14}
    summary = sigvec(tmp_path, "report", "out.json", "--format", "markdown")
    assert summary.returncode == 0 and "php-aliyun" in summary.stdout
    # A selection of nothing is an error, never a green "0 passed".
    nothing = sigvec(tmp_path, "run", "--manifest", "impls.yaml", "-k", "flag=NonAsciiAppId")
    assert nothing.returncode == 2
    assert "0 passed" not in nothing.stdout


# ------------------------------------------------------------ documentation writer

DOC_SNIPPETS = (
    ("Python", "python", ("flytek.py",)),
    ("Go", "go", ("flytek.go",)),
    ("PHP", "php", ("flytek.php",)),
    ("Node.js", "javascript", ("flytek.js",)),
    ("C#", "csharp", ("flytek.cs",)),
    ("Kotlin", "kotlin", ("flytek.kt",)),
    ("Java", "java", ("flytek.java", "flytek2.java")),
    ("C++", "cpp", ("flytek.cpp",)),
)


def test_doc_writer_checks_the_app_signature_page(tmp_path: Path, shared_dir: Path) -> None:
    snippets = shared_dir / "external" / "doc-snippets"
    if not snippets.is_dir():
        pytest.skip(f"{snippets} is absent (the vendor's doc snippets)")
    parts = ["# App signature\n", "Sign every request with the app id, a timestamp, the secret.\n"]
    for title, fence, files in DOC_SNIPPETS:
        parts.append(f"## {title}\n")
        parts += [f"```{fence}\n{(snippets / f).read_text(encoding='utf-8')}```\n" for f in files]
    page = "\n".join(parts)
    (tmp_path / "app-signature.md").write_text(page, encoding="utf-8")
    cpp_line = page.splitlines().index("```cpp") + 1  # the fence; code starts on the next line
    result = sigvec(tmp_path, "docs", "check", "app-signature.md", "--scheme", "iflytek")
    out = result.stdout
    assert result.returncode == 1, out + result.stderr
    verdicts = {}
    for line in out.splitlines():
        if line.startswith("app-signature.md: "):
            language = line.split()[1]
            verdicts[language] = []
        else:
            verdicts[language].append(line)
    assert set(verdicts) == {"python", "go", "php", "node", "csharp", "kotlin", "java", "cpp"}
    for language in ("python", "go", "php", "node", "csharp", "kotlin"):
        if missing(language):
            continue
        assert any("<- input.ts, input.app_id, input.app_secret" in v for v in verdicts[language])
        passed = f"{IFLYTEK_COUNT} passed, 0 failed"
        assert any(passed in v for v in verdicts[language]), verdicts[language]
    if not missing("cpp"):
        cpp = "\n".join(verdicts["cpp"])
        assert "BUILD FAILED" in cpp
        # The compiler's message, citing the page: BIO_new(&bio) is the snippet's line 29.
        assert f"app-signature.md:{cpp_line + 29}:" in cpp and "BIO_new" in cpp
    if not missing("java") and Path("/usr/share/java/commons-codec.jar").exists():
        java = "\n".join(verdicts["java"])
        assert "EncryptUtil.MD5(pstr) <- intermediates.base_string" in java
        non_ascii = ", ".join(map(str, NON_ASCII_APP_IDS))
        assert f"under LANG=C (Java: ISO-8859-1) tcIds {non_ascii} fail" in java
        assert "mistake iflytek/md5-platform-charset" in java
        if clock.library() is not None:
            # The usage path too: getHandShakeParams reads the clock, pinned per vector; the
            # doc's query does not URL-encode the app id (tcId 12: "my app&id=1+2").
            handshake = next(v for v in verdicts["java"] if "getHandShakeParams" in v)
            assert "(clock pinned to input.ts) -> output.query" in handshake
            assert "passed, 1 failed" in handshake and "first: tcId 12 " in handshake
