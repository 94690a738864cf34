"""``sigvec probe`` on the command line: the secret, the console lines, the JSON report."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from sigvec.errors import EXIT_FAILED, EXIT_OK, UsageError
from sigvec.fileio import write_atomically
from sigvec.text import json_text, write_out

from .probe import Key, ProbeResult, probe
from .secrets import mask


def read_secret(args: argparse.Namespace) -> str:
    if args.secret_env:
        if not os.environ.get(args.secret_env):
            raise UsageError(f"--secret-env {args.secret_env}: the variable is not set or empty")
        return os.environ[args.secret_env]
    try:
        lines = Path(args.secret_file).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"--secret-file {args.secret_file}: cannot read ({exc})") from None
    if not lines or not lines[0].strip():
        raise UsageError(f"--secret-file {args.secret_file}: the first line is empty")
    return lines[0].strip()


def console_lines(result: ProbeResult) -> list[str]:
    document = result.to_json()
    summary = document["summary"]
    lines = [f"probe {result.url} ({result.scheme}): {summary['sent']} requests sent"]
    accepts = result.by_verdict("false-accept")
    if accepts:
        lines.append("")
        lines.append(
            "FALSE ACCEPTS (security holes: invalid requests the server accepted), by reason:"
        )
        for reason, tc_ids in document["falseAcceptsByReason"].items():
            lines.append(f"  {reason}: {len(tc_ids)}")
            for outcome in (o for o in accepts if (o.reason or "?") == reason):
                lines.append(f"    tc{outcome.tc_id} {outcome.comment} -> HTTP {outcome.status}")
    errors = result.by_verdict("error")
    if errors:
        lines.append("")
        lines.append("ERRORS (invalid requests neither rejected with 401/403 nor served):")
        for outcome in errors:
            got = f"HTTP {outcome.status}" if outcome.status else outcome.detail
            lines.append(f"  tc{outcome.tc_id} [{outcome.reason}] {outcome.comment} -> {got}")
    rejects = result.by_verdict("false-reject")
    if rejects:
        lines.append("")
        lines.append("FALSE REJECTS (valid requests the server refused):")
        for outcome in rejects:
            got = f"HTTP {outcome.status}" if outcome.status else outcome.detail
            body = f": {outcome.detail[:120]}" if outcome.status else ""
            lines.append(f"  tc{outcome.tc_id} {outcome.comment} -> {got}{body}")
    if result.skipped:
        lines.append("")
        lines.append(
            f"not sent ({len(result.skipped)}): "
            + "; ".join(f"tc{s['tcId']} ({s['why'].split(': ', 1)[-1]})" for s in result.skipped)
        )
    lines.append("")
    lines.append(
        f"{summary['right']} right, {summary['falseAccepts']} false accepts, "
        f"{summary['falseRejects']} false rejects, {summary['errors']} errors"
    )
    return lines


def cmd_probe(args: argparse.Namespace) -> int:
    key = Key(args.key_id, read_secret(args), args.region, args.service)
    if args.timeout <= 0:
        raise UsageError("--timeout: expected a positive number of seconds")
    result = probe(args.url, args.scheme, key, timeout=args.timeout)
    secrets = {"secret": key.secret}
    write_out("\n".join(mask(console_lines(result), secrets)) + "\n")
    if args.report:
        report = mask(result.to_json(), secrets)
        write_atomically(Path(args.report), (json_text(report, indent=2) + "\n").encode("utf-8"))
    return EXIT_OK if result.ok else EXIT_FAILED
