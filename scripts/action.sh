#!/usr/bin/env bash
# The step of action.yml: install sigvec from the action's own checkout (unless a sigvec is
# already importable), run the manifest, append the Markdown summary to $GITHUB_STEP_SUMMARY
# (standard output outside GitHub), and exit with `sigvec run`'s code (0, 1 or 2).
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
python="${SIGVEC_PYTHON:-python3}"
if ! "$python" -c "import sigvec.runner" 2>/dev/null; then
  "$python" -m pip install --quiet "$root" || exit 2
fi
: "${INPUT_MANIFEST:?the action needs its manifest input}"
report="${INPUT_REPORT:-sigvec-report.json}"
# The extra options, split as a shell would (quotes kept), without evaluating them.
mapfile -d '' extra < <("$python" -c \
  'import shlex, sys; sys.stdout.write("".join(a + "\0" for a in shlex.split(sys.argv[1])))' \
  "${INPUT_ARGS:-}")
"$python" -m sigvec run --manifest "$INPUT_MANIFEST" --report "$report" "${extra[@]}"
code=$?
if [[ -f "$report" && $code -ne 2 ]]; then
  "$python" -m sigvec report "$report" --format markdown >> "${GITHUB_STEP_SUMMARY:-/dev/stdout}"
fi
exit $code
