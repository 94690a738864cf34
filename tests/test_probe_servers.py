"""``sigvec probe`` against real third-party verifying servers, installed by
``scripts/setup.sh --test``: moto in server mode with authentication enforced (PyPI
``moto[server]``) and s3rver (npm, ``tests/servers``). Each is run on loopback; what the probe
finds is checked against what an independent client shows the server does. The findings, as
measured, are in the README ("Verifying servers, measured")."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from sigvec.cli import main

SERVERS = Path(__file__).resolve().parent / "servers"
S3RVER = SERVERS / "node_modules" / ".bin" / "s3rver"


def free_port() -> int:
    with socket.socket() as probe_socket:
        probe_socket.bind(("127.0.0.1", 0))
        return probe_socket.getsockname()[1]


def wait_for(port: int, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server exited: {process.stderr.read()[-500:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"nothing listens on 127.0.0.1:{port} after {seconds} s")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(10)


def boto3_client(service: str, url: str, key: str, secret: str):
    boto3 = pytest.importorskip("boto3")
    from botocore.config import Config

    config = Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1})
    return boto3.client(
        service,
        endpoint_url=url,
        region_name="us-east-1",
        aws_access_key_id=key,
        aws_secret_access_key=secret,
        config=config,
    )


def run_probe(url: str, key: str, secret: str, tmp_path: Path, monkeypatch) -> tuple[int, dict]:
    monkeypatch.setenv("SIGVEC_PROBE_SECRET", secret)
    report = tmp_path / "probe.json"
    code = main(
        [
            "probe",
            url,
            "--scheme",
            "aws-sigv4",
            "--key-id",
            key,
            "--secret-env",
            "SIGVEC_PROBE_SECRET",
            "--region",
            "us-east-1",
            "--service",
            "s3",
            "--report",
            str(report),
        ]
    )
    return code, json.loads(report.read_text(encoding="utf-8"))


# ------------------------------------------------------------------ moto


@pytest.fixture
def moto_server() -> Iterator[tuple[str, str, str]]:
    """moto with authentication enforced after three set-up calls: (url, key id, secret)."""
    pytest.importorskip("moto")
    pytest.importorskip("flask", reason="moto's server mode needs moto[server] (flask)")
    port = free_port()
    env = {**os.environ, "INITIAL_NO_AUTH_ACTION_COUNT": "3"}
    for name in list(env):
        if name.startswith("AWS_"):
            del env[name]  # the user's own cloud credentials stay out
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        wait_for(port, process)
        url = f"http://127.0.0.1:{port}"
        iam = boto3_client("iam", url, "AKIASETUP", "setup")
        iam.create_user(UserName="probe")
        key = iam.create_access_key(UserName="probe")["AccessKey"]
        policy = {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}],
        }
        iam.put_user_policy(UserName="probe", PolicyName="all", PolicyDocument=json.dumps(policy))
        s3 = boto3_client("s3", url, key["AccessKeyId"], key["SecretAccessKey"])
        s3.create_bucket(Bucket="probe-bucket")
        yield url, key["AccessKeyId"], key["SecretAccessKey"]
    finally:
        stop(process)


# moto answers slowly (seconds per request on a loaded machine): a few cases, by tcId.
MOTO_CASES = {1001, 1003, 1020, 1021, 1035, 1036, 1037}


def test_probe_finds_moto_ignores_the_clock_and_the_payload_hash(
    moto_server: tuple[str, str, str],
) -> None:
    from botocore.exceptions import ClientError

    from sigvec.runner.probe import Key, probe

    url, key, secret = moto_server
    with pytest.raises(ClientError):  # independently: moto does check the signature
        boto3_client("s3", url, key, "wrong").list_objects(Bucket="probe-bucket")
    result = probe(
        f"{url}/probe-bucket", "aws-sigv4", Key(key, secret, "us-east-1", "s3"), tc_ids=MOTO_CASES
    )
    report = result.to_json()
    verdicts = {o["tcId"]: o["verdict"] for o in report["outcomes"]}
    assert not result.ok
    assert verdicts[1020] == verdicts[1021] == "right"  # a flipped bit is rejected
    assert verdicts[1001] == verdicts[1003] == "right"  # valid requests accepted
    holes = report["falseAcceptsByReason"]
    assert set(holes["clock-skew"]) == {1036, 1037}
    assert holes["payload-hash-mismatch"] == [1035]


# ------------------------------------------------------------------ s3rver


@pytest.fixture
def s3rver(tmp_path: Path) -> Iterator[str]:
    if not S3RVER.exists():
        pytest.skip(f"{S3RVER} is absent (install with: bash scripts/setup.sh --test)")
    port = free_port()
    process = subprocess.Popen(
        [
            str(S3RVER),
            "-d",
            str(tmp_path / "data"),
            "-a",
            "127.0.0.1",
            "-p",
            str(port),
            "--configure-bucket",
            "probe-bucket",
            "--no-vhost-buckets",
            "--silent",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(process)


def test_probe_finds_s3rver_accepts_header_signatures_unchecked(
    s3rver: str, tmp_path: Path, monkeypatch
) -> None:
    # independently: a client with a wrong secret writes an object
    boto3_client("s3", s3rver, "S3RVER", "wrong").put_object(
        Bucket="probe-bucket", Key="written-with-a-wrong-secret", Body=b"x"
    )
    code, report = run_probe(f"{s3rver}/probe-bucket", "S3RVER", "S3RVER", tmp_path, monkeypatch)
    assert code == 1
    holes = report["falseAcceptsByReason"]
    assert {1020, 1021, 1026} <= set(holes["signature-mismatch"])
    assert report["summary"]["falseRejects"] == 0
