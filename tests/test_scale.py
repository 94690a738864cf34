"""The runner streams vectors: ten times the vectors must not mean ten times the memory."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from sigvec.reference import sign
from sigvec.reference.generate import render

PROBE = """
import sys
from sigvec.cli import main
code = main(sys.argv[1:])
status = open("/proc/self/status").read()
peak = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
print(code, int(peak.split()[1]))
"""


def write_vectors(directory: Path, count: int) -> None:
    tests = []
    for number in range(1, count + 1):
        inp = {
            "app_id": f"app-{number:06d}-{'x' * 200}",
            "ts": str(1_700_000_000 + number),
            "app_secret": "0123456789abcdef0123456789abcdef",
        }
        signed = sign("iflytek", inp, validate=False)
        tests.append(
            {
                "tcId": number,
                "comment": "synthetic",
                "flags": [],
                "input": inp,
                "intermediates": signed.intermediates,
                "output": signed.output,
                "mistakes": [],
            }
        )
    directory.mkdir()
    document = {"scheme": "iflytek", "testGroups": [{"type": "t", "tests": tests}]}
    (directory / "iflytek.json").write_bytes(render(document))


def peak_kib(tmp_path: Path, vectors: Path) -> int:
    manifest = tmp_path / "m.yaml"
    manifest.write_text(
        json.dumps(
            {
                "implementations": [
                    {
                        "id": "ref",
                        "language": "python",
                        "run": [sys.executable, "-m", "sigvec.runner.reference_impl"],
                    }
                ]
            }
        ),
        encoding="utf-8",
    )
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            PROBE,
            "run",
            "-q",
            "--manifest",
            str(manifest),
            "--vectors-dir",
            str(vectors),
            "--cache-dir",
            str(tmp_path / "c"),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    code, peak = result.stdout.split()[-2:]
    assert code == "0", result.stdout[-2000:] + result.stderr[-2000:]
    return int(peak)


def test_memory_does_not_grow_with_the_vector_file(tmp_path: Path) -> None:
    small, large = tmp_path / "small", tmp_path / "large"
    write_vectors(small, 1_500)
    write_vectors(large, 15_000)
    size = (large / "iflytek.json").stat().st_size
    growth = peak_kib(tmp_path, large) - peak_kib(tmp_path, small)
    # Loading the file would cost ~3x its size (the text, then the objects); streaming keeps
    # one vector at a time plus a small verdict per vector.
    assert growth * 1024 < size / 2, f"peak grew {growth} KiB for a {size // 1024} KiB file"
