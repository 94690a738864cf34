"""Which toolchain each language needs, whether this machine has it, and its fingerprint."""

from __future__ import annotations

import hashlib
import os
import shutil
import sys

from sigvec.schemes import LANGUAGE_BY_ID, Language

# Each language's binaries, Debian packages and required files: its registry entry.
TOOLCHAINS: dict[str, Language] = LANGUAGE_BY_ID


def install_hint(packages: str) -> str:
    return f"sudo apt-get install {packages}"


def missing(language: str) -> str | None:
    """None when the toolchain is here, else what to install (a whole command line)."""
    toolchain = TOOLCHAINS[language]
    absent = [b for b in toolchain.binaries if shutil.which(b) is None and not _is_python(b)]
    absent += [f for f in toolchain.files if not os.path.exists(f)]
    if absent:
        return f"{', '.join(absent)} not found; install with: {install_hint(toolchain.apt)}"
    return None


def _is_python(binary: str) -> bool:
    return binary == "python3" and bool(sys.executable)


def fingerprint(language: str) -> str:
    """Identifies the installed toolchain without starting it (a JVM start costs a second):
    the resolved path, size and mtime of each binary. Changes when the package is upgraded."""
    digest = hashlib.sha256()
    for binary in TOOLCHAINS[language].binaries:
        found = sys.executable if _is_python(binary) else shutil.which(binary)
        if found:
            real = os.path.realpath(found)
            stat = os.stat(real)
            digest.update(f"{binary}={real}:{stat.st_size}:{int(stat.st_mtime)}\n".encode())
    return digest.hexdigest()
