#!/usr/bin/env bash
# Set up sigvec on a fresh Debian/Ubuntu machine: the eight toolchains (Debian packages) and the
# Python package. `--sdks` also installs the official SDK signers (Debian, npm, PyPI); `--test`
# installs those and the test extras (pytest, hypothesis, ruff).
# Idempotent; needs root (or sudo) only for the apt step, which it skips when everything is there.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  golang-go php-cli mono-mcs kotlin g++ libssl-dev default-jdk-headless nodejs
  libgoogle-gson-java libmono-system-json4.0-cil nlohmann-json3-dev libcommons-codec-java
  faketime tzdata
)  # tzdata: implementations run in TZ=Pacific/Kiritimati (runner/environment.py)
# Only for the tests: the HTML report is rendered and screenshot in headless Chromium.
TEST_APT_PACKAGES=(chromium)
# The official SDK signers run against the vectors (examples/official-sdks.yaml): Go SDKs from
# Debian, npm packages pinned by examples/official-sdks/node/package-lock.json, PyPI SDKs.
SDK_APT_PACKAGES=(golang-github-aws-aws-sdk-go-v2-dev golang-github-aws-aws-sdk-go-dev)
command -v npm >/dev/null || SDK_APT_PACKAGES+=(npm)  # NodeSource's nodejs bundles npm
extras="."
sdks=""
case "${1:-}" in
  --test)
    extras=".[test,sdk,dev,servers]"
    sdks=1
    APT_PACKAGES+=("${TEST_APT_PACKAGES[@]}" "${SDK_APT_PACKAGES[@]}")
    ;;
  --sdks)
    extras=".[sdk]"
    sdks=1
    APT_PACKAGES+=("${SDK_APT_PACKAGES[@]}")
    ;;
esac

missing=()
for package in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  if command -v apt-get >/dev/null; then
    sudo=""
    [[ $(id -u) -ne 0 ]] && sudo="sudo"
    echo "setup: installing ${missing[*]}" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
      "${missing[@]}" >/dev/null
  else
    echo "setup: no apt-get; install these yourself for the non-Python languages: ${missing[*]}" >&2
  fi
fi

python3 -m pip install -q --disable-pip-version-check -e "$extras"
if [[ -n "$sdks" ]]; then
  (cd examples/official-sdks/node && npm ci --no-audit --no-fund --loglevel=error)
fi
# --test: third-party verifying servers that `sigvec probe` is tested against (s3rver; moto is
# the `servers` extra), pinned by tests/servers/package-lock.json.
if [[ "${1:-}" == "--test" ]]; then
  (cd tests/servers && npm ci --no-audit --no-fund --loglevel=error)
fi

# --test: one virtualenv per other supported CPython the machine has (pyenv or PATH), so the
# Python-only tests run on each (tests/test_python_versions.py).
if [[ "${1:-}" == "--test" ]]; then
  running=$(python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')
  for version in 3.10 3.11 3.12 3.13; do
    [[ "$version" == "$running" ]] && continue
    # pyenv's own builds first (its PATH shim for a version that is not selected only fails).
    interpreter=""
    for candidate in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/"$version".*/bin/python3 \
      "$(command -v "python$version" || true)"; do
      if [[ -x "$candidate" ]] && "$candidate" -c pass 2>/dev/null; then
        interpreter=$candidate
        break
      fi
    done
    [[ -n "$interpreter" ]] || { echo "setup: no python$version; its tests will be skipped" >&2; continue; }
    venv=".venvs/py$version"
    [[ -x "$venv/bin/python" ]] || "$interpreter" -m venv "$venv"
    "$venv/bin/python" -m pip install -q --disable-pip-version-check -e ".[test]"
  done
fi
echo "setup: done" >&2
