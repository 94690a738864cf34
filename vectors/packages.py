"""``sigvec vectors package``: the vectors as their own versioned artifacts, built offline.

* a Python wheel ``sigvec-vectors`` (import ``sigvec_vectors``) with one accessor,
  ``open_vector_file(name, mode="rb")``, in the manner of pyca's ``cryptography_vectors``;
* an npm package ``sigvec-vectors`` (a ``.tgz`` for ``npm install FILE``) whose loader gives
  ``load(scheme)`` and ``vectorPath(name)``.

Both hold every vector file, the verifier vectors, the JSON Schemas, README.md and
CHANGELOG.md. Their version is the date of the newest CHANGELOG.md entry (``2026.12.3``), so a
new release of the vectors is a new version. The archives are written byte for byte the same
on every build (fixed timestamps, sorted entries).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import json
import re
from pathlib import Path

from sigvec.errors import UsageError
from sigvec.fileio import write_atomically

from . import DIRECTORY, SCHEME_IDS

NAME = "sigvec-vectors"
MODULE = "sigvec_vectors"
SUMMARY = "sigvec's JSON test vectors for HTTP API request signatures, with their schemas"
LICENSE = "Apache-2.0"
_CHANGELOG_DATE = re.compile(r"^## (\d{4})-(\d{2})-(\d{2})\s*$", re.MULTILINE)
_EPOCH = (1980, 1, 1, 0, 0, 0)

PYTHON_ACCESSOR = '''\
"""sigvec's test vectors: {schemes}.

>>> import json, sigvec_vectors
>>> with sigvec_vectors.open_vector_file("iflytek.json") as f:
...     tests = json.load(f)["testGroups"][0]["tests"]
"""

import os

__version__ = "{version}"
BASE_DIR = os.path.dirname(os.path.abspath(__file__))


def open_vector_file(filename, mode="rb"):
    """Open a file of the package: ``SCHEME.json``, ``schema/...``, ``verify/...``."""
    return open(os.path.join(BASE_DIR, filename), mode)
'''

NODE_LOADER = """\
'use strict';
// sigvec's test vectors: {schemes}.
const fs = require('fs');
const path = require('path');

const SCHEMES = {scheme_list};

/** The path of a file of the package: SCHEME.json, schema/..., verify/... */
function vectorPath(name) {{
  return path.join(__dirname, name);
}}

/** The parsed vector file of a scheme. */
function load(scheme) {{
  if (!SCHEMES.includes(scheme)) throw new Error(`unknown scheme ${{scheme}}`);
  return JSON.parse(fs.readFileSync(vectorPath(`${{scheme}}.json`), 'utf8'));
}}

module.exports = {{ SCHEMES, load, vectorPath, version: '{version}' }};
"""


def version(directory: Path = DIRECTORY) -> str:
    """The newest CHANGELOG.md date as a version: ``## 2026-12-03`` -> ``2026.12.3``."""
    text = (directory / "CHANGELOG.md").read_text(encoding="utf-8")
    dates = sorted(_CHANGELOG_DATE.findall(text))
    if not dates:
        raise UsageError(f"{directory / 'CHANGELOG.md'}: no '## YYYY-MM-DD' entry to version by")
    year, month, day = dates[-1]
    return f"{int(year)}.{int(month)}.{int(day)}"


def data_files(directory: Path = DIRECTORY) -> dict[str, bytes]:
    """Package-relative name -> content of every file the packages carry."""
    names = [f"{scheme}.json" for scheme in SCHEME_IDS] + ["README.md", "CHANGELOG.md"]
    files = {name: (directory / name).read_bytes() for name in names}
    for folder in ("schema", "verify"):
        for path in sorted((directory / folder).glob("*.json")):
            files[f"{folder}/{path.name}"] = path.read_bytes()
    return files


def build_wheel(out: Path, directory: Path = DIRECTORY) -> Path:
    import zipfile  # here, not at import: `sigvec --help` registers this verb

    release = version(directory)
    files = {f"{MODULE}/{name}": data for name, data in data_files(directory).items()}
    files[f"{MODULE}/__init__.py"] = PYTHON_ACCESSOR.format(
        schemes=", ".join(SCHEME_IDS), version=release
    ).encode()
    info = f"{MODULE}-{release}.dist-info"
    files[f"{info}/METADATA"] = (
        f"Metadata-Version: 2.1\nName: {NAME}\nVersion: {release}\nSummary: {SUMMARY}\n"
        f"License: {LICENSE}\nRequires-Python: >=3.8\n"
    ).encode()
    files[f"{info}/WHEEL"] = (
        b"Wheel-Version: 1.0\nGenerator: sigvec\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    )
    files[f"{info}/top_level.txt"] = f"{MODULE}\n".encode()
    record = [f"{name},{_record_hash(data)},{len(data)}" for name, data in sorted(files.items())]
    files[f"{info}/RECORD"] = ("\n".join([*record, f"{info}/RECORD,,"]) + "\n").encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files, key=lambda n: (n.startswith(info), n)):  # dist-info last
            entry = zipfile.ZipInfo(name, date_time=_EPOCH)
            entry.external_attr = 0o644 << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, files[name])
    target = out / f"{MODULE}-{release}-py3-none-any.whl"
    write_atomically(target, buffer.getvalue())
    return target


def _record_hash(data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
    return "sha256=" + digest.decode("ascii")


def build_npm(out: Path, directory: Path = DIRECTORY) -> Path:
    import gzip
    import tarfile

    release = version(directory)
    files = dict(data_files(directory))
    files["index.js"] = NODE_LOADER.format(
        schemes=", ".join(SCHEME_IDS), scheme_list=json.dumps(list(SCHEME_IDS)), version=release
    ).encode()
    manifest = {
        "name": NAME,
        "version": release,
        "description": SUMMARY,
        "main": "index.js",
        "license": LICENSE,
        "files": sorted(files),
    }
    files["package.json"] = (json.dumps(manifest, indent=2) + "\n").encode()
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as archive:
        for name in sorted(files):
            entry = tarfile.TarInfo(f"package/{name}")
            entry.size, entry.mode, entry.mtime = len(files[name]), 0o644, 0
            archive.addfile(entry, io.BytesIO(files[name]))
    packed = io.BytesIO()
    with gzip.GzipFile(fileobj=packed, mode="wb", mtime=0) as compressed:
        compressed.write(raw.getvalue())
    target = out / f"{NAME}-{release}.tgz"
    write_atomically(target, packed.getvalue())
    return target


def cmd_package(args: argparse.Namespace) -> int:
    from sigvec.text import write_out

    out = Path(args.out)
    for built in (build_wheel(out, Path(args.dir)), build_npm(out, Path(args.dir))):
        write_out(f"wrote {built}\n")
    return 0
