"""The line protocol over a *mutated copy* of the Python reference.

``python python_impl.py DIR`` imports the package ``sigvec_mutated_reference`` from ``DIR`` (a
copy of ``reference/`` with one mutation applied) and answers exactly as
``sigvec.runner.reference_impl`` does, but signing with the copy. The real ``sigvec.reference``
stays untouched: the copy only replaces the three names the protocol module signs with.
"""

from __future__ import annotations

import importlib
import sys

PACKAGE = "sigvec_mutated_reference"


def main() -> int:
    if len(sys.argv) != 2:
        print("usage: python_impl.py DIR (DIR holds the mutated package)", file=sys.stderr)
        return 2
    sys.path.insert(0, sys.argv[1])
    mutated = importlib.import_module(PACKAGE)
    from sigvec.runner import reference_impl

    reference_impl.SCHEMES = mutated.SCHEMES
    reference_impl.sign = mutated.sign
    reference_impl.steps = mutated.steps
    return reference_impl.main()


if __name__ == "__main__":
    raise SystemExit(main())
