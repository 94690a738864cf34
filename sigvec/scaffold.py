"""``sigvec scaffold scheme NAME``: the skeleton of a new scheme, in a sigvec checkout.

It writes a working placeholder scheme (an HMAC-SHA256 over ``key_id`` and ``message``) in
every place a scheme lives: the registry entry, the reference module, the case file, the test
schema, and in each port a scheme file plus its lines in the port's dispatch table (inserted
above the ``scaffold:`` anchor comments). ``sigvec vectors generate`` then gives vectors that
every port passes, so the wiring is proven before the first real step is written. Replace the
placeholder step by step (``docs/adding-a-scheme.md``).
"""

from __future__ import annotations

import argparse
import json
import re
from dataclasses import dataclass
from pathlib import Path

from sigvec.errors import EXIT_OK, UsageError
from sigvec.fileio import write_atomically

TEMPLATES = Path(__file__).resolve().parent / "scaffold_templates"
CHECKOUT = Path(__file__).resolve().parents[1]
SCHEME_ID = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
STEPS = ("string_to_sign",)


@dataclass(frozen=True)
class Names:
    """The scheme's name as each language spells it."""

    id: str  # acme-hmac
    title: str

    @property
    def module(self) -> str:  # acme_hmac
        return self.id.replace("-", "_")

    @property
    def camel(self) -> str:  # AcmeHmac
        return "".join(part.capitalize() for part in self.id.split("-"))

    @property
    def package(self) -> str:  # acmehmac (Go)
        return self.id.replace("-", "")

    @property
    def constant(self) -> str:  # ACME_HMAC
        return self.module.upper()

    def fill(self, text: str) -> str:
        for placeholder, value in (
            ("__ID__", self.id),
            ("__TITLE__", self.title),
            ("__MODULE__", self.module),
            ("__CAMEL__", self.camel),
            ("__PKG__", self.package),
            ("__CONST__", self.constant),
        ):
            text = text.replace(placeholder, value)
        return text


# New files: template -> path in the checkout.
FILES = (
    ("reference.py.tmpl", "reference/__MODULE__.py"),
    ("mistakes.py.tmpl", "reference/mistakes___MODULE__.py"),
    ("cases.yaml.tmpl", "reference/cases/__ID__.yaml"),
    ("schema.json.tmpl", "vectors/schema/__ID__.schema.json"),
    ("node.js.tmpl", "ports/node/lib/__ID__.js"),
    ("php.php.tmpl", "ports/php/src/__CAMEL__.php"),
    ("go.go.tmpl", "ports/go/__PKG__/__PKG__.go"),
    ("java.java.tmpl", "ports/java/src/dev/sigvec/port/__CAMEL__.java"),
    ("kotlin.kt.tmpl", "ports/kotlin/src/__CAMEL__.kt"),
    ("csharp.cs.tmpl", "ports/csharp/src/__CAMEL__.cs"),
    ("cpp.hpp.tmpl", "ports/cpp/src/__MODULE__.hpp"),
)
# Lines inserted above an anchor comment: (file, anchor, line).
INSERTIONS = (
    (
        "sigvec/schemes.py",
        "# scaffold: schemes",
        # One argument a line, as ruff formats it whatever the title's length.
        'Scheme(\n    "__ID__",\n    "__TITLE__",\n    "__MODULE__",\n'
        '    ("string_to_sign",),\n    ("__CONST___",),\n),',
    ),
    ("ports/node/main.js", "// scaffold: requires", "const __PKG__ = require('./lib/__ID__');"),
    ("ports/node/main.js", "// scaffold: schemes", "[__PKG__.SCHEME]: __PKG__,"),
    ("ports/php/main.php", "// scaffold: requires", "require_once __DIR__ . '/src/__CAMEL__.php';"),
    ("ports/php/main.php", "// scaffold: schemes", "__CAMEL__::SCHEME => __CAMEL__::class,"),
    ("ports/go/wire.go", "// scaffold: imports", '"sigvec.dev/port/__PKG__"'),
    ("ports/go/wire.go", "// scaffold: schemes", "__PKG__.Scheme: {__PKG__.Steps, __PKG__.Run},"),
    (
        "ports/java/src/dev/sigvec/port/Main.java",
        "// scaffold: schemes",
        "add(__CAMEL__.SCHEME, __CAMEL__.STEPS, __CAMEL__::run);",
    ),
    (
        "ports/kotlin/src/Main.kt",
        "// scaffold: schemes",
        "put(__CAMEL__.SCHEME, Scheme(__CAMEL__.STEPS, __CAMEL__::run))",
    ),
    (
        "ports/csharp/src/Program.cs",
        "// scaffold: schemes",
        "new SchemeEntry(__CAMEL__.Scheme, __CAMEL__.Steps, __CAMEL__.Run),",
    ),
    ("ports/cpp/src/schemes.cpp", "// scaffold: includes", '#include "__MODULE__.hpp"'),
    ("ports/cpp/src/schemes.cpp", "// scaffold: schemes", "&k__CAMEL__Scheme,"),
)


def register(verbs: argparse._SubParsersAction) -> None:
    p = verbs.add_parser(
        "scaffold",
        help="write the skeleton of a new scheme (in a sigvec checkout)",
        description="Write a working placeholder scheme everywhere a scheme lives: registry, "
        "reference, cases, schema, and every port's scheme file and dispatch lines.",
    )
    kinds = p.add_subparsers(dest="kind", required=True, metavar="KIND")
    scheme = kinds.add_parser("scheme", help="a new signature scheme")
    scheme.add_argument("name", metavar="NAME", help="the scheme id, e.g. acme-hmac")
    scheme.add_argument("--title", help="the scheme's human name (default: NAME)")
    scheme.add_argument(
        "--root", type=Path, default=CHECKOUT, help="the sigvec checkout (default: this one)"
    )
    scheme.set_defaults(handler=cmd_scaffold)


def cmd_scaffold(args: argparse.Namespace) -> int:
    for path in scaffold_scheme(args.root, args.name, args.title or args.name):
        print(path)
    return EXIT_OK


def scaffold_scheme(root: Path, scheme_id: str, title: str) -> list[Path]:
    """Write the new files and insert the dispatch lines; returns every path touched. Checks
    everything first, so a refusal leaves the checkout as it was."""
    if not SCHEME_ID.fullmatch(scheme_id):
        raise UsageError(f"{scheme_id!r}: expected a scheme id like acme-hmac (a-z, 0-9, '-')")
    names = Names(scheme_id, title.replace('"', "'"))
    if not (root / "ports").is_dir() or not (root / "sigvec" / "schemes.py").is_file():
        raise UsageError(f"{root}: not a sigvec checkout (no ports/ or sigvec/schemes.py)")
    writes: dict[Path, str] = {}
    for template, target in FILES:
        path = root / names.fill(target)
        if path.exists():
            raise UsageError(f"{path}: exists already; is {scheme_id} scaffolded?")
        text = (TEMPLATES / template).read_text(encoding="utf-8")
        writes[path] = names.fill(text.replace("__INTERMEDIATES__", _intermediates_schema()))
    for relative, anchor, line in INSERTIONS:
        path = root / relative
        text = writes.get(path) or path.read_text(encoding="utf-8")
        writes[path] = _insert_above(path, text, anchor, names.fill(line))
    for path, text in writes.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, text.encode("utf-8"))
    return list(writes)


def _insert_above(path: Path, text: str, anchor: str, line: str) -> str:
    lines = text.splitlines(keepends=True)
    found = [i for i, existing in enumerate(lines) if existing.strip().startswith(anchor)]
    if len(found) != 1:
        raise UsageError(f"{path}: expected one anchor comment {anchor!r}, found {len(found)}")
    anchor_line = lines[found[0]]
    indent = anchor_line[: len(anchor_line) - len(anchor_line.lstrip())]
    lines.insert(found[0], "".join(f"{indent}{part}\n" for part in line.split("\n")))
    return "".join(lines)


def _intermediates_schema() -> str:
    """The intermediates object of the test schema, one string property per step."""
    schema = {
        "type": "object",
        "additionalProperties": False,
        "required": list(STEPS),
        "properties": {step: {"type": "string"} for step in STEPS},
    }
    text = json.dumps(schema, indent=2)
    return text.replace("\n", "\n    ")
