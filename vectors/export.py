"""``sigvec vectors export``: the vectors as flat files any language's standard library reads.

- ``jsonl``: ``<scheme>.jsonl``, one JSON object per line per test:
  ``{"scheme", "tcId", "flags", "input", "intermediates", "output"}``.
- ``csv-per-step``: ``<scheme>/<step>.csv`` (``intermediates.<name>`` in computation order, then
  ``output.<name>``), columns ``tcId,input_json,expected`` — one file per step, as the AWS
  signing test suite has one file per step.

Both write a README.txt describing the files. Output is deterministic (file order, fixed
formatting) and every file is written atomically.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
from pathlib import Path
from typing import Any

from sigvec.errors import EXIT_OK, UsageError
from sigvec.fileio import write_atomically

from . import SCHEME_IDS, load

FORMATS = ("jsonl", "csv-per-step")
CSV_COLUMNS = ("tcId", "input_json", "expected")
JSONL_FIELDS = ("scheme", "tcId", "flags", "input", "intermediates", "output")
# Characters str.splitlines() and some editors treat as line breaks; json.dumps leaves them raw
# with ensure_ascii=False. Escaped, every JSON text stays on its one line.
_LINE_BREAKS = {"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def to_json(value: Any) -> str:
    """Compact one-line UTF-8 JSON, key order as in the vector file."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in _LINE_BREAKS.items():
        text = text.replace(char, escaped)
    return text


def _load_all(directory: Path) -> dict[str, dict[str, Any]]:
    envelopes = {}
    for scheme in SCHEME_IDS:
        try:
            envelopes[scheme] = load(scheme, directory)
        except FileNotFoundError as exc:
            raise UsageError(f"{exc.filename}: vector file not found") from None
        except ValueError as exc:
            raise UsageError(f"{directory / f'{scheme}.json'}: not valid JSON ({exc})") from None
    return envelopes


def _tests(envelope: dict[str, Any]) -> list[dict[str, Any]]:
    return [test for group in envelope["testGroups"] for test in group["tests"]]


def jsonl_files(envelopes: dict[str, dict[str, Any]]) -> dict[str, str]:
    """{relative path: content}."""
    files = {}
    for scheme, envelope in envelopes.items():
        lines = [
            to_json({"scheme": scheme, **{k: test[k] for k in JSONL_FIELDS[1:]}})
            for test in _tests(envelope)
        ]
        files[f"{scheme}.jsonl"] = "".join(line + "\n" for line in lines)
    files["README.txt"] = _jsonl_readme(envelopes)
    return files


def step_names(envelope: dict[str, Any]) -> list[str]:
    """Every step a test of this scheme has: intermediates in order, then outputs."""
    outputs: dict[str, None] = {}
    for test in _tests(envelope):
        outputs.update(dict.fromkeys(test["output"]))
    return [f"intermediates.{s}" for s in envelope["steps"]] + [f"output.{o}" for o in outputs]


def _step_value(test: dict[str, Any], step: str) -> tuple[bool, Any]:
    section, name = step.split(".", 1)
    values = test[section]
    return (name in values), values.get(name)


def csv_text(rows: list[tuple[int, str, str]]) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")  # RFC 4180
    writer.writerow(CSV_COLUMNS)
    writer.writerows(rows)
    return buffer.getvalue()


def csv_files(envelopes: dict[str, dict[str, Any]]) -> dict[str, str]:
    files = {}
    json_steps: dict[str, set[str]] = {}
    for scheme, envelope in envelopes.items():
        tests = _tests(envelope)
        for step in step_names(envelope):
            rows = []
            for test in tests:
                present, value = _step_value(test, step)
                if not present:
                    continue
                if not isinstance(value, str):
                    json_steps.setdefault(scheme, set()).add(step)
                    value = to_json(value)
                rows.append((test["tcId"], to_json(test["input"]), value))
            files[f"{scheme}/{step}.csv"] = csv_text(rows)
    files["README.txt"] = _csv_readme(envelopes, json_steps)
    return files


def _jsonl_readme(envelopes: dict[str, dict[str, Any]]) -> str:
    listing = "\n".join(
        f"  {scheme}.jsonl  ({len(_tests(envelope))} tests)"
        for scheme, envelope in envelopes.items()
    )
    return f"""sigvec test vectors as JSON Lines (sigvec vectors export --format jsonl).

Files:
{listing}

Each line is one test, a UTF-8 JSON object with the fields
  scheme         the scheme id (as the file name)
  tcId           the test's stable id (never renumbered, never reused)
  flags          what the test exercises (see "notes" in the vector files)
  input          exactly what the signer needs
  intermediates  every intermediate value, in the order it is computed
  output         the results (signature, ...); "headers" compares as a map
Lines end with \\n. Inside strings, U+0085, U+2028 and U+2029 are written as \\u escapes so
that no reader splits a line in two. Binary values are lower-case hex (names ending in _hex).
The full format, and each scheme's rules: vectors/README.md in the sigvec repository.
"""


def _csv_readme(envelopes: dict[str, dict[str, Any]], json_steps: dict[str, set[str]]) -> str:
    sections = []
    for scheme, envelope in envelopes.items():
        lines = [f"  {scheme}/"]
        for step in step_names(envelope):
            kind = "JSON" if step in json_steps.get(scheme, set()) else "string"
            lines.append(f"    {step}.csv  (expected: {kind})")
        sections.append("\n".join(lines))
    listing = "\n".join(sections)
    return f"""sigvec test vectors, one CSV file per step
(sigvec vectors export --format csv-per-step).

Like the AWS signing test suite's one file per step: to test one step of your signer, read
that step's file. Files, per scheme, in the order the values are computed (the first step
that differs is where the bug is; the later ones follow from it):
{listing}

Format: RFC 4180 CSV, UTF-8 without BOM, records end with CRLF, fields quoted when they hold
a comma, a quote or a line break (quotes doubled). A header row names the columns:
  tcId        the test's stable id (decimal)
  input_json  the test's input as one line of JSON: feed it to your signer
  expected    the step's exact value, line breaks (LF) included; marked JSON above where the
              value is not a string ("headers": a JSON object, compared as a map)
A test appears in a step's file only when it has that value (e.g. aws-sigv4 has
output.authorization in header form and output.signed_query in query form).
Read with Python csv (open with newline=""), Go encoding/csv, PHP fgetcsv, .NET
TextFieldParser, or any RFC 4180 reader.
"""


def export(directory: Path, fmt: str, out: Path) -> list[Path]:
    envelopes = _load_all(directory)
    files = jsonl_files(envelopes) if fmt == "jsonl" else csv_files(envelopes)
    written = []
    for relative, text in files.items():
        target = out / relative
        try:
            write_atomically(target, text.encode("utf-8"))
        except OSError as exc:
            raise UsageError(f"--out {out}: cannot write {relative} ({exc.strerror})") from None
        written.append(target)
    return written


def cmd_vectors_export(args: argparse.Namespace) -> int:
    directory = Path(args.dir)
    if not directory.is_dir():
        raise UsageError(f"--dir {directory}: not a directory")
    if args.out.exists() and not args.out.is_dir():
        raise UsageError(f"--out {args.out}: not a directory")
    written = export(directory, args.format, args.out)
    print(f"wrote {len(written)} files under {args.out}")
    return EXIT_OK
