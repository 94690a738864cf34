"""Doc pages as snippet sources: the fenced code blocks of a Markdown file, each written to a
file of its language so a driver can build it, with the way back to the page's line numbers."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from sigvec.errors import UsageError
from sigvec.fileio import write_atomically

# A fence's info word -> sigvec's language (case-insensitive).
LANGUAGE_ALIASES = {
    "python": "python",
    "py": "python",
    "python3": "python",
    "go": "go",
    "golang": "go",
    "java": "java",
    "kotlin": "kotlin",
    "kt": "kotlin",
    "php": "php",
    "js": "node",
    "javascript": "node",
    "node": "node",
    "nodejs": "node",
    "csharp": "csharp",
    "cs": "csharp",
    "c#": "csharp",
    "cpp": "cpp",
    "c++": "cpp",
    "cxx": "cpp",
}
EXTENSIONS = {
    "python": ".py",
    "go": ".go",
    "java": ".java",
    "kotlin": ".kt",
    "php": ".php",
    "node": ".js",
    "csharp": ".cs",
    "cpp": ".cpp",
}
_FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})[ \t]*([^\s`]*)[^\n]*$")


@dataclass(frozen=True)
class Block:
    number: int  # 1-based, in page order, counting every fenced block
    info: str  # the fence's info word as written
    language: str | None  # sigvec's language, None when the info word names none
    first_line: int  # the page line of the block's first code line (1-based)
    code: str


def blocks(text: str) -> list[Block]:
    """Every fenced code block of a Markdown page (``` or ~~~, any info string)."""
    found: list[Block] = []
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        opening = _FENCE.match(lines[index])
        if not opening:
            index += 1
            continue
        indent, fence, info = len(opening.group(1)), opening.group(2), opening.group(3)
        body: list[str] = []
        index += 1
        first_line = index + 1
        while index < len(lines):
            line = lines[index]
            stripped = line.strip()
            if stripped.startswith(fence[0] * len(fence)) and not stripped.strip(fence[0]):
                break
            # A fence indented by N spaces: up to N spaces of each line are not code.
            spaces = len(line) - len(line.lstrip(" "))
            body.append(line[min(indent, spaces) :])
            index += 1
        index += 1
        language = LANGUAGE_ALIASES.get(info.lower())
        code = "\n".join(body) + "\n"
        found.append(Block(len(found) + 1, info, language, first_line, code))
    return found


def read_page(page: Path) -> list[Block]:
    try:
        text = page.read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"{page}: cannot read ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise UsageError(f"{page}: not UTF-8 text") from None
    return blocks(text)


def select_blocks(
    page: Path, found: list[Block], number: int | None, language: str | None
) -> list[Block]:
    """``block: N`` (one block) or every block of ``language``; a clear error when none."""
    if number is not None:
        chosen = [b for b in found if b.number == number]
        if not chosen:
            raise UsageError(f"{page}: block {number}: the page has {len(found)} code block(s)")
        return chosen
    chosen = [b for b in found if b.language == language]
    if not chosen:
        infos = ", ".join(f"{b.info or '(none)'} at line {b.first_line}" for b in found)
        raise UsageError(f"{page}: no {language} code block (blocks: {infos or 'none'})")
    return chosen


@dataclass(frozen=True)
class Extracted:
    """A block written to a file: where it came from, to cite the page in messages."""

    path: Path
    page: Path
    first_line: int  # page line of the file's line 1 (minus any line sigvec added)
    added_lines: int = 0


def extract(page: Path, chosen: list[Block], language: str, root: Path) -> list[Extracted]:
    """Write each block to its own file under ``root`` (a content-addressed folder, so a second
    run reuses the build); a PHP block without ``<?php`` gets one."""
    extracted = []
    for block in chosen:
        code, added = block.code, 0
        if language == "php" and "<?php" not in code:
            code, added = "<?php\n" + code, 1
        digest = hashlib.sha256(f"{page.resolve()}|{block.number}|{code}".encode()).hexdigest()
        name = f"{page.stem}-block{block.number}{EXTENSIONS[language]}"
        target = root / "markdown" / digest[:16] / _safe(name)
        if not target.exists():
            write_atomically(target, code.encode("utf-8"))
        extracted.append(Extracted(target, page, block.first_line, added))
    return extracted


def _safe(name: str) -> str:
    return re.sub(r"[^\w.-]", "_", name)


def cite_page(message: str, extracted: tuple[Extracted, ...]) -> str:
    """``page-block3.cpp:29:5: error`` -> ``page.md:57:5: error`` (the page's own line)."""
    for item in extracted:
        pattern = re.compile(rf"(?:[\w./-]*/)?{re.escape(item.path.name)}:(\d+)")

        def page_line(match: re.Match[str], item: Extracted = item) -> str:
            line = int(match.group(1)) - item.added_lines + item.first_line - 1
            return f"{item.page.name}:{line}"

        message = pattern.sub(page_line, message)
        message = message.replace(item.path.name, item.page.name)
    return message
