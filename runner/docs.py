"""``sigvec docs check PAGE.md --scheme S``: every language's code blocks of a doc page, their
signing functions found and called with arguments guessed from parameter names, run against
the vectors in the default environment and under ``LANG=C``; a verdict per block.

The guess is by name only: for ``iflytek``, ``ts``/``timestamp`` is the time, ``appId``/``app_id``
the app id, ``secret``/``apiKey``/``secretKey`` the secret; a one-argument ``MD5``-like function
gets the string it hashes, an ``HMAC``-like one the MD5 text and the secret. For ``iflytek-ws``,
``apiKey``, ``apiSecret``, ``host``, ``path``, ``date``, ``method`` and a URL (``hostUrl``:
``wss://`` + host + path) are passed; a function that takes no date reads the clock, pinned to
the vector's date, and one named like a URL builder must return the URL or its query. A
function whose parameters cannot all be mapped is not called (and said so).
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sigvec.errors import EXIT_FAILED, EXIT_OK, UsageError

from .markdown import EXTENSIONS, Block, extract, read_page

# Scheme -> parameter name (lower case, no '_' or '-') -> the vector value passed.
PARAMETERS: dict[str, dict[str, str]] = {
    "iflytek": {
        **dict.fromkeys(("ts", "timestamp", "time", "curtime"), "input.ts"),
        **dict.fromkeys(("appid", "appkey"), "input.app_id"),
        **dict.fromkeys(
            ("secret", "appsecret", "apikey", "apisecret", "secretkey", "key", "encryptkey"),
            "input.app_secret",
        ),
    },
    "iflytek-ws": {
        "apikey": "input.api_key",
        **dict.fromkeys(("apisecret", "secret", "secretkey"), "input.api_secret"),
        "host": "input.host",
        "path": "input.path",
        "date": "input.date",
        "method": "derived.method",
        **dict.fromkeys(
            ("url", "hosturl", "requesturl", "requrl", "wsurl", "baseurl", "endpoint"),
            "derived.url",
        ),
    },
}


def _iflytek_ws_url(inp: dict[str, Any]) -> str:
    from sigvec.reference.iflytek_ws import request_url

    return request_url(inp)


def _iflytek_ws_method(inp: dict[str, Any]) -> str:
    from sigvec.reference.iflytek_ws import DEFAULT_METHOD

    return str(inp.get("method", DEFAULT_METHOD))


# Values a snippet may take that no vector holds, computed from the vector's input.
DERIVED: dict[str, dict[str, Callable[[dict[str, Any]], str]]] = {
    "iflytek-ws": {"url": _iflytek_ws_url, "method": _iflytek_ws_method},
}
# What a function returns, by its name (first match; default: the signature).
RETURNS: dict[str, tuple[tuple[str, str], ...]] = {
    "iflytek-ws": ((r"param|query|url", "output.query"), (r"auth", "output.authorization")),
}
# What a helper of the chain is given: (name pattern, parameter names -> values, returns).
HELPERS: dict[str, tuple[tuple[str, dict[str, str], str], ...]] = {
    "iflytek": (
        (r"md5", {"*": "intermediates.base_string"}, "intermediates.md5_hex"),
        (
            r"hmac|sha1",
            {
                **dict.fromkeys(
                    ("encrypttext", "text", "data", "message", "basestring", "md5", "str"),
                    "intermediates.md5_hex",
                ),
                **dict.fromkeys(("encryptkey", "key", "secret", "apikey"), "input.app_secret"),
            },
            "output.signature",
        ),
    ),
    "iflytek-ws": (
        (
            r"hmac|sha256|sign",
            {
                **dict.fromkeys(
                    ("message", "data", "text", "str", "origin", "signatureorigin", "tmp"),
                    "intermediates.signature_origin",
                ),
                **dict.fromkeys(("secret", "key", "apisecret", "secretkey"), "input.api_secret"),
            },
            "output.signature",
        ),
    ),
}
# Languages whose parameter lists put the name before the type.
NAME_FIRST = ("go",)
_NAME = re.compile(r"\$?([A-Za-z_][\w]*)")


@dataclass(frozen=True)
class Candidate:
    language: str
    blocks: tuple[Block, ...]
    function: str  # as the manifest names it: name or Class.method
    params: tuple[str, ...]
    args: tuple[str, ...] = ()
    returns: str = ""
    problem: str = ""  # why it is not run
    clock: str = ""  # the input its clock is pinned to (it reads the time itself)

    @property
    def lines(self) -> str:
        return ", ".join(str(b.first_line) for b in self.blocks)


def param_name(param: str, language: str) -> str:
    """The parameter's name in a declaration's parameter text, any of the eight languages."""
    param = param.split("=", 1)[0].strip()
    if ":" in param and language in ("kotlin", "python", "node"):
        param = param.split(":", 1)[0]
    if "$" in param:
        match = re.search(r"\$(\w+)", param)
        return match.group(1) if match else param
    words = _NAME.findall(param)
    if not words:
        return param
    return words[0] if language in NAME_FIRST or language in ("python", "node") else words[-1]


def _normal(name: str) -> str:
    return re.sub(r"[_\-]", "", name).lower()


# Scheme -> the input a function that takes no time reads from the clock instead.
CLOCK = {"iflytek": "input.ts", "iflytek-ws": "input.date"}


def derived_value(scheme: str, name: str, inp: dict[str, Any]) -> str:
    """``derived.NAME`` of a vector: ``KeyError`` where the scheme has no such value."""
    if name not in DERIVED.get(scheme, {}):
        raise KeyError(f"derived.{name} is not a value of {scheme}")
    return DERIVED[scheme][name](inp)


def _returns(scheme: str, function: str) -> str:
    for pattern, path in RETURNS.get(scheme, ((r"param|query|url", "output.query"),)):
        if re.search(pattern, function):
            return path
    return "output.signature"


def guess(scheme: str, function: str, params: list[str]) -> tuple[tuple[str, ...], str, str, str]:
    """(args, returns, problem, clock) for a function of the page; ``clock``: the input its
    clock is pinned to, for a function that takes every input but the time."""
    from .clock import INSTALL, library

    simple = function.split(".")[-1].lower()
    names = [_normal(p) for p in params]
    direct = PARAMETERS.get(scheme, {})
    if params and all(n in direct for n in names):
        args = tuple(direct[n] for n in names)
        returns = _returns(scheme, simple)
        if CLOCK.get(scheme) in args or scheme not in CLOCK:
            return args, returns, "", ""
        if library() is None:
            return (), "", f"reads the clock (no time parameter): install faketime ({INSTALL})", ""
        return args, returns, "", CLOCK[scheme]
    for pattern, mapping, returns in HELPERS.get(scheme, ()):
        if re.search(pattern, simple):
            if "*" in mapping and len(params) == 1:
                return (mapping["*"],), returns, "", ""
            if names and all(n in mapping for n in names):
                return tuple(mapping[n] for n in names), returns, "", ""
    return (), "", f"parameters ({', '.join(params) or 'none'}) name no vector value", ""


def _enclosing_class(code: str, position: int) -> str | None:
    classes = [m for m in re.finditer(r"\bclass\s+([A-Za-z_]\w*)", code[:position])]
    return classes[-1].group(1) if classes else None


def candidates(scheme: str, language: str, chosen: list[Block]) -> list[Candidate]:
    """Every function declared in the blocks, with its guessed call."""
    from .snippets._common import blank_literals, declared_functions, split_params

    found: list[Candidate] = []
    seen: set[str] = set()
    for block in chosen:
        code = blank_literals(block.code)
        for name in declared_functions(code):
            if name in seen or name in ("main", "Main"):
                continue
            match = re.search(rf"(?<![\w$]){re.escape(name)}\s*\(([^()]*)\)", code)
            if not match:
                continue
            seen.add(name)
            params = [param_name(p, language) for p in split_params(match.group(1))]
            owner = (
                _enclosing_class(code, match.start()) if language in ("java", "csharp") else None
            )
            function = f"{owner}.{name}" if owner else name
            args, returns, problem, pinned = guess(scheme, name, params)
            found.append(
                Candidate(
                    language, tuple(chosen), function, tuple(params), args, returns, problem, pinned
                )
            )
    return found


def _implementation(page: Path, candidate: Candidate, scheme: str, index: int) -> Any:
    from .build import default_cache_dir
    from .manifest import DEFAULT_TIMEOUT, Implementation, Requirement

    origins = tuple(extract(page, list(candidate.blocks), candidate.language, default_cache_dir()))
    classpath: tuple[Path, ...] = ()
    requires: tuple[Requirement, ...] = ()
    if candidate.language in ("java", "kotlin") and any(
        "org.apache.commons.codec" in b.code for b in candidate.blocks
    ):
        jar = Path("/usr/share/java/commons-codec.jar")
        classpath, requires = (jar,), (Requirement(jar, "libcommons-codec-java"),)
    slug = re.sub(r"[^A-Za-z0-9_.-]", "-", candidate.function)[:40]
    return Implementation(
        id=f"{candidate.language}-{index}-{slug}",
        kind="snippet",
        language=candidate.language,
        schemes=(scheme,),
        src=page.parent.resolve(),
        sources=tuple(o.path for o in origins),
        timeout=max(DEFAULT_TIMEOUT, 120.0),
        requires=requires,
        function=candidate.function,
        args=candidate.args,
        returns=candidate.returns,
        classpath=classpath,
        origins=origins,
        clock=candidate.clock,
    )


def register(verbs: argparse._SubParsersAction) -> None:
    p = verbs.add_parser("docs", help="check the code blocks of a documentation page")
    docs_verbs = p.add_subparsers(dest="docs_verb", required=True, metavar="VERB")
    check = docs_verbs.add_parser(
        "check",
        help="run every language's signing function of a Markdown page against the vectors",
        description="Find each language's code blocks and signing function in PAGE.md, guess "
        "the arguments from parameter names, run them against the vectors (default "
        "environment, then LANG=C) and report per block. Exit 1 when a block fails.",
    )
    check.add_argument("page", type=Path, metavar="PAGE.md")
    check.add_argument("--scheme", required=True, choices=sorted(PARAMETERS), metavar="SCHEME")
    check.add_argument("--cache-dir", type=Path, default=None, metavar="DIR")
    check.add_argument("-q", "--quiet", action="store_true", help="no progress lines")
    check.set_defaults(handler=cmd_docs_check)


def cmd_docs_check(args: argparse.Namespace) -> int:
    from .build import default_cache_dir
    from .cli import _progress_printer
    from .envmatrix import HOSTILE_LOCALE
    from .selection import load_vectors
    from .session import RunOptions, run_all

    page: Path = args.page
    found = read_page(page)
    by_language: dict[str, list[Block]] = {}
    for block in found:
        if block.language:
            by_language.setdefault(block.language, []).append(block)
    if not by_language:
        raise UsageError(f"{page}: no code block in a language sigvec runs ({_languages()})")
    plans = [
        c for lang, chosen in by_language.items() for c in candidates(args.scheme, lang, chosen)
    ]
    runnable = [c for c in plans if not c.problem]
    implementations = [_implementation(page, c, args.scheme, i) for i, c in enumerate(runnable)]
    vectors = load_vectors((args.scheme,))
    options = RunOptions(
        cache_dir=args.cache_dir or default_cache_dir(), progress=_progress_printer(args.quiet)
    )
    try:
        default = run_all(implementations, vectors, options)
        hostile = run_all(
            implementations, vectors, replace(options, env_overrides=dict(HOSTILE_LOCALE.env))
        )
    except ValueError as exc:
        raise UsageError(f"{page}: {exc}") from None
    lines, failed = _report(page, by_language, plans, runnable, default, hostile)
    print("\n".join(lines))
    return EXIT_FAILED if failed else EXIT_OK


def _languages() -> str:
    return ", ".join(sorted(EXTENSIONS))


def _report(
    page: Path,
    by_language: dict[str, list[Block]],
    plans: list[Candidate],
    runnable: list[Candidate],
    default: Iterable[Any],
    hostile: Iterable[Any],
) -> tuple[list[str], bool]:
    results = {
        c.function + c.language: (d, h) for c, d, h in zip(runnable, default, hostile, strict=True)
    }
    lines: list[str] = []
    failed = False
    for language, chosen in by_language.items():
        where = ", ".join(f"line {b.first_line}" for b in chosen)
        lines.append(f"{page.name}: {language} block(s) at {where}")
        mine = [c for c in plans if c.language == language]
        if not any(not c.problem for c in mine):
            failed = True
            lines.append(
                "  no signing function found: "
                + "; ".join(f"{c.function}: {c.problem}" for c in mine)
                if mine
                else "  no function declared"
            )
        for candidate in mine:
            call = f"{candidate.function}({', '.join(candidate.params)})"
            if candidate.problem:
                lines.append(f"  {call}: {candidate.problem}")
                continue
            base, under_c = results[candidate.function + candidate.language]
            mapping = ", ".join(candidate.args)
            if candidate.clock:
                mapping += f" (clock pinned to {candidate.clock})"
            head = f"  {call} <- {mapping} -> {candidate.returns}:"
            if base.status == "build_failed":
                failed = True
                message = base.message.removeprefix("build failed: ")
                lines.append(f"{head} BUILD FAILED")
                lines += ["    " + line for line in message.splitlines()[:12]]
                continue
            if base.status == "skipped":
                lines.append(f"{head} skipped: {base.message}")
                continue
            lines.append(f"{head} {_verdict(base)}")
            failed = failed or not base.ok
            failed = _environment_lines(lines, base, under_c) or failed
    return lines, failed


def _verdict(result: Any) -> str:
    counts = result.counts()
    text = f"{counts['passed']} passed, {counts['failed']} failed, {counts['errored']} errored"
    bad = [v for v in result.vectors if v.status in ("failed", "errored")]
    named = sorted({v.mistakes[0]["id"] for v in bad if v.mistakes})
    if named:
        text += f"; mistake {', '.join(named)}"
    elif bad:
        first = bad[0]
        why = f"differs at {first.first_diff.step}" if first.first_diff else first.message
        text += f"; first: tcId {first.tc_id} ({first.comment}) {why[:300]}".rstrip()
    skipped = [v for v in result.vectors if v.status == "skipped"]
    if skipped:
        text += f"; {len(skipped)} skipped ({skipped[0].message})"
    return text


def _environment_lines(lines: list[str], base: Any, under_c: Any) -> bool:
    """What fails only under LANG=C, each mistake once with its fix."""
    passed = {v.tc_id for v in base.vectors if v.status == "passed"}
    only = [v for v in under_c.vectors if v.tc_id in passed and v.status != "passed"]
    if not only:
        return False
    ids = ", ".join(str(v.tc_id) for v in only)
    lines.append(f"    under LANG=C (Java: ISO-8859-1) tcIds {ids} fail")
    for mistake in {v.mistakes[0]["id"]: v.mistakes[0] for v in only if v.mistakes}.values():
        lines.append(f"    mistake {mistake['id']}: {mistake['description']}")
        lines.append(f"      fix: {mistake['fix']}")
    return True
