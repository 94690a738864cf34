"""Snippet drivers, built with the real toolchains, drive unmodified snippets over the call codec.

The doc snippets come from ``shared/external/doc-snippets`` (``$SIGVEC_SHARED`` is the
``shared`` directory; default ``<repo>/../shared``); where absent, those tests are skipped with
the reason, as is every test of a language whose toolchain is missing. Small synthetic snippets,
written here, pin the rest: output swallowed, errors as E replies, bytes as B replies, plan-time
errors. Each driver is built once per module (kotlinc alone takes several seconds).
"""

from __future__ import annotations

import os
import queue
import re
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import pytest

from sigvec.runner.snippets import plan
from sigvec.runner.snippets.base import (
    QUIT,
    DriverPlan,
    Reply,
    SnippetSpec,
    decode_reply,
    encode_call,
)
from sigvec.runner.toolchains import missing
from sigvec.vectors import iter_tests

SHARED_ENV = "SIGVEC_SHARED"
DOC_SUBPATH = Path("external") / "doc-snippets"
REPLY_TIMEOUT = 60.0
FLYTEK_ARGS = ("input.ts", "input.app_id", "input.app_secret")
VECTORS = list(iter_tests("iflytek"))


# --- harness -------------------------------------------------------------------------------


def build_env(plan_: DriverPlan, **overrides: str) -> dict[str, str]:
    """Like the runner: the plan's env on top of ours, locale C.UTF-8 unless overridden."""
    return {**os.environ, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", **plan_.env, **overrides}


def materialize(plan_: DriverPlan, work: Path) -> None:
    for name, text in plan_.files.items():
        (work / name).parent.mkdir(parents=True, exist_ok=True)
        (work / name).write_text(text, encoding="utf-8")
    for name, source in plan_.copies.items():
        (work / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, work / name)


def run_steps(steps: list[list[str]], work: Path, env: dict[str, str]) -> None:
    """Run ``steps`` in ``work``; raise ``StepFailed`` with the output of the first failure."""
    for argv in steps:
        result = subprocess.run(
            argv, cwd=work, env=env, capture_output=True, text=True, timeout=600
        )
        if result.returncode != 0:
            raise StepFailed(argv, result.stdout + result.stderr)


class StepFailed(Exception):
    def __init__(self, argv: list[str], output: str) -> None:
        super().__init__(f"{' '.join(argv)} failed:\n{output}")
        self.output = output


class Driver:
    """A running driver; every stdout line must be a reply (stray output fails the test)."""

    def __init__(self, argv: list[str], env: dict[str, str], cwd: Path) -> None:
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 - closed by quit() or kill()
        self.process = subprocess.Popen(
            argv,
            cwd=cwd,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            text=True,
            encoding="utf-8",
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._pump, args=(self.process.stdout,), daemon=True).start()
        self.seq = 0

    def _pump(self, stream: IO[str] | None) -> None:
        assert stream is not None
        for line in stream:
            self.lines.put(line)
        self.lines.put(None)

    def call(self, *args: str) -> Reply:
        self.seq += 1
        assert self.process.stdin is not None
        self.process.stdin.write(encode_call(self.seq, list(args)))
        self.process.stdin.flush()
        try:
            line = self.lines.get(timeout=REPLY_TIMEOUT)
        except queue.Empty:
            pytest.fail(f"no reply within {REPLY_TIMEOUT} s; stderr: {self.stderr()}")
        assert line is not None, f"driver exited; stderr: {self.stderr()}"
        reply = decode_reply(line)  # ValueError on a stray line
        assert reply.seq == self.seq
        return reply

    def stderr(self) -> str:
        self._stderr.seek(0)
        return self._stderr.read().decode("utf-8", errors="replace")[-2000:]

    def quit(self) -> int:
        """Send Q; the exit code, and no output after the last reply."""
        assert self.process.stdin is not None
        self.process.stdin.write(QUIT)
        self.process.stdin.close()
        code = self.process.wait(timeout=30)
        assert self.lines.get(timeout=5) is None, "output after the last reply"
        self._stderr.close()
        return code

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self._stderr.close()


@dataclass
class Built:
    plan: DriverPlan
    run_directory: Path  # not the build directory: the runner starts drivers elsewhere too

    def start(self, **env: str) -> Driver:
        return Driver(self.plan.run, build_env(self.plan, **env), self.run_directory)


BuildFunction = Callable[[SnippetSpec], Built]
StartFunction = Callable[..., Driver]


def spec_for(
    language: str,
    sources: list[Path],
    function: str,
    arg_count: int,
    classpath: tuple[Path, ...] = (),
) -> SnippetSpec:
    return SnippetSpec(
        id=f"test-{language}",
        language=language,
        sources=tuple(sources),
        function=function,
        arg_count=arg_count,
        classpath=classpath,
    )


def require_toolchain(language: str) -> None:
    reason = missing(language)
    if reason:
        pytest.skip(f"{language} toolchain missing: {reason}")


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> BuildFunction:
    """``build(spec) -> Built``: plan, write, check and build once per spec in this module."""
    built: dict[SnippetSpec, Built] = {}

    def build_once(spec: SnippetSpec) -> Built:
        require_toolchain(spec.language)
        if spec not in built:
            work = tmp_path_factory.mktemp(f"{spec.language}-{spec.function}")
            plan_ = plan(spec, work)
            materialize(plan_, work)
            run_steps(plan_.checks + plan_.build, work, build_env(plan_))
            built[spec] = Built(plan_, tmp_path_factory.mktemp("run"))
        return built[spec]

    return build_once


@pytest.fixture
def start(build: BuildFunction) -> Iterator[StartFunction]:
    """``start(spec, **env) -> Driver``, killed after the test."""
    drivers: list[Driver] = []

    def start_driver(spec: SnippetSpec, **env: str) -> Driver:
        driver = build(spec).start(**env)
        drivers.append(driver)
        return driver

    yield start_driver
    for driver in drivers:
        driver.kill()


def shared_root() -> Path:
    override = os.environ.get(SHARED_ENV)
    return Path(override) if override else Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(scope="module")
def docs() -> Path:
    folder = shared_root() / DOC_SUBPATH
    if not folder.is_dir():
        pytest.skip(f"{folder} is absent (set {SHARED_ENV} to the shared directory to run this)")
    return folder


def resolve(test: dict[str, Any], dotted: str) -> str:
    """A vector value named like a manifest's ``args``/``returns`` (``input.ts``)."""
    part, _, name = dotted.partition(".")
    return str(test[part][name])


# --- the doc snippets ----------------------------------------------------------------------


@dataclass(frozen=True)
class DocCase:
    language: str
    files: tuple[str, ...]
    function: str
    args: tuple[str, ...] = FLYTEK_ARGS
    returns: str = "output.signature"
    classpath: tuple[Path, ...] = ()

    def spec(self, docs: Path) -> SnippetSpec:
        return spec_for(
            self.language,
            [docs / f for f in self.files],
            self.function,
            len(self.args),
            self.classpath,
        )


JAVA_FILES = ("flytek.java", "flytek2.java")
COMMONS_CODEC = (Path("/usr/share/java/commons-codec.jar"),)
DOC_CASES = [
    DocCase("python", ("flytek.py",), "get_signature_flytek"),
    DocCase("go", ("flytek.go",), "getSignatureFlytek"),
    DocCase("php", ("flytek.php",), "getSignatureFlytek"),
    DocCase("node", ("flytek.js",), "getSignatureFlytek"),
    DocCase("csharp", ("flytek.cs",), "SignatureGenerator.GetSignatureFlytek"),
    DocCase("kotlin", ("flytek.kt",), "getSignatureFlytek"),
    DocCase(
        "java",
        JAVA_FILES,
        "EncryptUtil.HmacSHA1Encrypt",
        ("intermediates.md5_hex", "input.app_secret"),
        classpath=COMMONS_CODEC,
    ),
    DocCase(
        "java",
        JAVA_FILES,
        "com.abcpen.ai.rtasr.util.EncryptUtil.MD5",
        ("intermediates.base_string",),
        "intermediates.md5_hex",
        COMMONS_CODEC,
    ),
]
JAVA_MD5 = DOC_CASES[-1]


def needs_classpath(case: DocCase) -> None:
    for jar in case.classpath:
        if not jar.exists():
            pytest.skip(f"{jar} is absent (apt-get install libcommons-codec-java)")


@pytest.mark.parametrize("case", DOC_CASES, ids=lambda c: f"{c.language}-{c.function}")
def test_doc_snippet_matches_every_vector(case: DocCase, docs: Path, start: StartFunction) -> None:
    needs_classpath(case)
    driver = start(case.spec(docs))
    for _ in range(10):  # 150 calls: one process serves them all
        for test in VECTORS:
            reply = driver.call(*(resolve(test, arg) for arg in case.args))
            assert (reply.kind, reply.text) == ("S", resolve(test, case.returns)), test["tcId"]
    assert driver.quit() == 0


def test_java_md5_uses_the_platform_charset(docs: Path, start: StartFunction) -> None:
    """The doc's ``MD5()`` calls ``getBytes()`` without a charset; the driver must not hide it:
    under LANG=C non-ASCII input is hashed as '?' and the digests go wrong."""
    needs_classpath(JAVA_MD5)
    driver = start(JAVA_MD5.spec(docs), LANG="C", LC_ALL="C")
    for test in VECTORS:
        reply = driver.call(resolve(test, "intermediates.base_string"))
        correct = reply.text == test["intermediates"]["md5_hex"]
        # A platform-charset MD5 gets exactly the non-ASCII app ids wrong under LANG=C.
        assert correct == test["input"]["app_id"].isascii(), test["tcId"]
    assert driver.quit() == 0


def test_java_fragment_calls_the_packaged_class_unimported(
    docs: Path, start: StartFunction
) -> None:
    case = DocCase(
        "java",
        JAVA_FILES,
        "getHandShakeParams",
        ("input.app_id", "input.app_secret"),
        classpath=COMMONS_CODEC,
    )
    needs_classpath(case)
    reply = start(case.spec(docs)).call("xxx", "xxx")
    assert reply.kind == "S"
    assert reply.text.startswith("?appid=xxx&ts=") and "&signa=" in reply.text


def test_cpp_doc_snippet_fails_its_check_with_the_compiler_message(
    docs: Path, tmp_path: Path
) -> None:
    require_toolchain("cpp")
    plan_ = plan(spec_for("cpp", [docs / "flytek.cpp"], "getSignatureFlytek", 3), tmp_path)
    materialize(plan_, tmp_path)
    with pytest.raises(StepFailed) as failure:
        run_steps(plan_.checks, tmp_path, build_env(plan_))
    output = failure.value.output
    assert "flytek.cpp:47" in output and "chrono" in output  # <chrono> is not included
    assert "flytek.cpp:29" in output and "BIO_new" in output  # BIO_new(&bio) does not compile


FIXED_CPP = """\
#include <chrono>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <openssl/md5.h>
#include <openssl/hmac.h>
#include <openssl/bio.h>
#include <openssl/evp.h>

std::string getSignatureFlytek(const std::string& ts, const std::string& appId,
                               const std::string& appSecret) {
    std::string tt = appId + ts;
    unsigned char md5Result[MD5_DIGEST_LENGTH];
    MD5(reinterpret_cast<const unsigned char*>(tt.c_str()), tt.length(), md5Result);
    std::stringstream md5Stream;
    for (int i = 0; i < MD5_DIGEST_LENGTH; ++i) {
        md5Stream << std::hex << std::setw(2) << std::setfill('0')
                  << static_cast<int>(md5Result[i]);
    }
    std::string baseString = md5Stream.str();
    unsigned char hmacResult[EVP_MAX_MD_SIZE];
    unsigned int hmacLen;
    HMAC(EVP_sha1(), appSecret.c_str(), appSecret.length(),
         reinterpret_cast<const unsigned char*>(baseString.c_str()), baseString.length(),
         hmacResult, &hmacLen);
    BIO* bio = BIO_new(BIO_s_mem());
    BIO* b64 = BIO_new(BIO_f_base64());
    BIO_set_flags(b64, BIO_FLAGS_BASE64_NO_NL);
    BIO_push(b64, bio);
    BIO_write(b64, hmacResult, hmacLen);
    BIO_flush(b64);
    char* encodedResult;
    long encodedLen = BIO_get_mem_data(b64, &encodedResult);
    std::string encodedSigna(encodedResult, encodedLen);
    BIO_free_all(b64);
    return encodedSigna;
}

int main() {
    std::cout << getSignatureFlytek("1674496098", "xxx", "xxx") << std::endl;
}
"""


def test_cpp_doc_snippet_once_fixed_matches_every_vector(
    tmp_path_factory: pytest.TempPathFactory, start: StartFunction
) -> None:
    """The doc's two compile errors fixed (<chrono>, a memory BIO): then it is right."""
    entry = ("flytek_fixed.cpp", "getSignatureFlytek", FIXED_CPP)
    driver = start(synthetic(tmp_path_factory, "cpp", entry, 3))
    for test in VECTORS:
        reply = driver.call(*(resolve(test, arg) for arg in FLYTEK_ARGS))
        assert (reply.kind, reply.text) == ("S", test["output"]["signature"]), test["tcId"]
    assert driver.quit() == 0


# --- synthetic snippets --------------------------------------------------------------------
# noisy(a, b): prints at load and per call, raises "boom requested" when a == "boom", else
# returns a + "|" + b. raw(a): the UTF-8 bytes of a.

NOISY: dict[str, tuple[str, str, str]] = {
    "python": (
        "noisy.py",
        "noisy",
        """\
import os
print("load noise")
def noisy(a, b):
    print("call noise")
    os.system("echo subprocess noise")
    if a == "boom":
        raise ValueError("boom requested")
    return a + "|" + b
""",
    ),
    "go": (
        "noisy.go",
        "noisy",
        """\
package main

import (
	"errors"
	"fmt"
)

func init() { fmt.Println("init noise") }

func noisy(a, b string) (string, error) {
	fmt.Println("call noise")
	if a == "boom" {
		return "", errors.New("boom requested")
	}
	return a + "|" + b, nil
}

func main() { fmt.Println("main must not run") }
""",
    ),
    # A public class in a package, in a file not named after it; a private static method.
    "java": (
        "noisy_snippet.java",
        "Noisy.noisy",
        """\
package demo.util;

public class Noisy {
    static { System.out.println("load noise"); }

    private static String noisy(String a, String b) {
        System.out.println("call noise");
        if (a.equals("boom")) throw new IllegalStateException("boom requested");
        return a + "|" + b;
    }

    public static void main(String[] args) { System.out.println("main must not run"); }
}
""",
    ),
    # Private top-level function (called by reflection) in a package.
    "kotlin": (
        "noisy.kt",
        "noisy",
        """\
package demo

val loaded = println("load noise")

private fun noisy(a: String, b: String): String {
    println("call noise")
    if (a == "boom") throw IllegalStateException("boom requested")
    return "$a|$b"
}

fun main() { println("main must not run") }
""",
    ),
    "php": (
        "noisy.php",
        "noisy",
        """\
<?php
echo "load noise\\n";
function noisy($a, $b) {
    echo "call noise\\n";
    if ($a === "boom") throw new RuntimeException("boom requested");
    return $a . "|" . $b;
}
?>
trailing template text
""",
    ),
    "node": (
        "noisy.js",
        "noisy",
        """\
console.log('load noise');
process.stdout.write('direct noise\\n');
const noisy = (a, b) => {
  console.log('call noise');
  if (a === 'boom') throw new Error('boom requested');
  return `${a}|${b}`;
};
""",
    ),
    # A class in a namespace, named without it; a private static method.
    "csharp": (
        "noisy.cs",
        "Noisy.NoisyCall",
        """\
using System;
namespace Demo.Snippets {
    class Noisy {
        static Noisy() { Console.WriteLine("load noise"); }
        static string NoisyCall(string a, string b) {
            Console.WriteLine("call noise");
            if (a == "boom") throw new InvalidOperationException("boom requested");
            return a + "|" + b;
        }
        static void Main() { Console.WriteLine("main must not run"); }
    }
}
""",
    ),
    "cpp": (
        "noisy.cpp",
        "noisy",
        """\
#include <cstdio>
#include <iostream>
#include <stdexcept>
#include <string>

static int loaded = (std::cout << "load noise" << std::endl, 0);

std::string noisy(const std::string& a, std::string b) {
    std::cout << "call noise" << std::endl;
    std::printf("printf noise\\n");
    if (a == "boom") throw std::runtime_error("boom requested");
    return a + "|" + b;
}

int main() { std::cout << "main must not run" << std::endl; }
""",
    ),
}

# raw(a) as instance methods where the language has them (an instance is made with no arguments).
RAW: dict[str, tuple[str, str, str]] = {
    "python": (
        "raw.py",
        "Codec.raw",
        """\
class Codec:
    def raw(self, a):
        return a.encode("utf-8")
""",
    ),
    "go": ("raw.go", "raw", "package main\n\nfunc raw(a string) []byte { return []byte(a) }\n"),
    # A fragment (bare method) relying on the wrapper's default imports.
    "java": (
        "raw.java",
        "raw",
        """\
    public byte[] raw(String a) {
        return a.getBytes(StandardCharsets.UTF_8);
    }
""",
    ),
    "csharp": (
        "raw.cs",
        "raw",
        """\
using System.Text;
public class Bytes {
    public byte[] raw(string a) { return Encoding.UTF8.GetBytes(a); }
}
""",
    ),
    "node": (
        "raw.js",
        "codec.raw",
        """\
const codec = { prefix: '', async raw(a) { return Buffer.from(this.prefix + a, 'utf8'); } };
""",
    ),
    "php": (
        "raw.php",
        "Codec.raw",
        """\
<?php
class Codec { public function raw($a) { return $a . "\\xff"; } }
""",
    ),
}
RAW_EXTRA = {"php": b"\xff"}  # PHP strings are bytes: invalid UTF-8 is replied as B


def synthetic(
    tmp_path_factory: pytest.TempPathFactory,
    language: str,
    entry: tuple[str, str, str],
    arg_count: int,
) -> SnippetSpec:
    name, function, text = entry
    folder = tmp_path_factory.mktemp(f"src-{language}")
    (folder / name).write_text(text, encoding="utf-8")
    return spec_for(language, [folder / name], function, arg_count)


@pytest.fixture(scope="module")
def noisy_specs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, SnippetSpec]:
    return {lang: synthetic(tmp_path_factory, lang, entry, 2) for lang, entry in NOISY.items()}


@pytest.mark.parametrize("language", sorted(NOISY))
def test_snippet_output_is_swallowed_and_errors_are_replies(
    language: str, noisy_specs: dict[str, SnippetSpec], start: StartFunction
) -> None:
    driver = start(noisy_specs[language])
    reply = driver.call("héllo ✓", "")  # non-ASCII, and an empty argument ("-")
    assert (reply.kind, reply.text) == ("S", "héllo ✓|")
    error = driver.call("boom", "x")
    assert error.kind == "E" and "boom requested" in error.text
    assert driver.call("a", "b").text == "a|b"  # still serving after the error
    big = "x" * 100_000
    assert driver.call(big, "é").text == big + "|é"
    assert driver.quit() == 0


@pytest.mark.parametrize("language", sorted(NOISY))
def test_driver_exits_when_stdin_closes(
    language: str, noisy_specs: dict[str, SnippetSpec], start: StartFunction
) -> None:
    driver = start(noisy_specs[language])
    assert driver.call("a", "b").text == "a|b"
    assert driver.process.stdin is not None
    driver.process.stdin.close()
    assert driver.process.wait(timeout=30) == 0


@pytest.mark.parametrize("language", sorted(RAW))
def test_bytes_results_are_b_replies(
    language: str, tmp_path_factory: pytest.TempPathFactory, start: StartFunction
) -> None:
    require_toolchain(language)
    driver = start(synthetic(tmp_path_factory, language, RAW[language], 1))
    reply = driver.call("bytes ✓")
    assert (reply.kind, reply.payload) == ("B", "bytes ✓".encode() + RAW_EXTRA.get(language, b""))
    assert driver.quit() == 0


def test_go_method_of_a_zero_value_and_a_panic_as_e_reply(
    tmp_path_factory: pytest.TempPathFactory, start: StartFunction
) -> None:
    source = (
        "odd.go",
        "Signer.odd",
        """\
package main

type Signer struct{ prefix string }

func (s *Signer) odd(a string, n string) string {
	if a == "panic" {
		panic("deliberate")
	}
	return s.prefix + a + n
}
""",
    )
    driver = start(synthetic(tmp_path_factory, "go", source, 2))
    assert driver.call("a", "b").text == "ab"  # a pointer-receiver method on a zero value
    panic = driver.call("panic", "b")
    assert panic.kind == "E" and "deliberate" in panic.text
    assert driver.quit() == 0


def test_go_library_package_is_served_from_a_generated_main(
    tmp_path_factory: pytest.TempPathFactory, start: StartFunction
) -> None:
    source = (
        "signer.go",
        "sign",
        """\
package signer

import "fmt"

func init() { fmt.Println("init noise") }

func sign(a []byte) string { return fmt.Sprintf("%x", a) }
""",
    )
    driver = start(synthetic(tmp_path_factory, "go", source, 1))
    assert driver.call("ab").text == "6162"  # a []byte parameter gets the UTF-8 bytes
    assert driver.quit() == 0


def test_load_failure_is_reported_on_every_call(
    tmp_path_factory: pytest.TempPathFactory, start: StartFunction
) -> None:
    # Declared, but never defined at run time: found at load, not at plan time.
    code = "if False:\n    def missing(a):\n        pass\n"
    spec = synthetic(tmp_path_factory, "python", ("gone.py", "missing", code), 1)
    driver = start(spec)
    for _ in range(2):
        reply = driver.call("a")
        assert reply.kind == "E" and "missing" in reply.text
    assert driver.quit() == 0


# --- plan-time errors ----------------------------------------------------------------------

NON_STRING: dict[str, tuple[str, str, str, str]] = {
    "java": (
        "Foo.java",
        "Foo.bar",
        "public class Foo {\n  static String bar(String a, byte[] b) { return a; }\n}\n",
        "argument 2 of Foo.bar is byte[]; only String and integer arguments are supported",
    ),
    "kotlin": (
        "foo.kt",
        "bar",
        "fun bar(a: String, n: Double): String = a\n",
        "argument 2 of bar is Double; only String and integer arguments are supported",
    ),
    "csharp": (
        "foo.cs",
        "Foo.Bar",
        "class Foo {\n  static string Bar(string a, double n) { return a; }\n}\n",
        "argument 2 of Foo.Bar is double; only string and integer arguments are supported",
    ),
    "cpp": (
        "foo.cpp",
        "bar",
        "#include <string>\nstd::string bar(const std::string& a, double n) {\n  return a;\n}\n",
        "argument 2 of bar is double; only std::string and integer arguments",
    ),
}


@pytest.mark.parametrize("language", sorted(NON_STRING))
def test_non_string_argument_is_a_plan_error(
    language: str, tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    name, function, text, message = NON_STRING[language]
    spec = synthetic(tmp_path_factory, language, (name, function, text), 2)
    with pytest.raises(ValueError, match=message.replace("[", r"\[").replace("]", r"\]")):
        plan(spec, tmp_path)


def test_wrong_argument_count_is_a_plan_error(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    spec = synthetic(tmp_path_factory, "java", NON_STRING["java"][:3], 3)
    with pytest.raises(ValueError, match="Foo.bar takes 2 argument"):
        plan(spec, tmp_path)


def test_unknown_class_and_language_are_plan_errors(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    name, _, text, _ = NON_STRING["java"]
    spec = synthetic(tmp_path_factory, "java", (name, "Nope.bar", text), 2)
    with pytest.raises(ValueError, match="class Nope is not declared"):
        plan(spec, tmp_path)
    with pytest.raises(ValueError, match="no snippet driver for language 'cobol'"):
        plan(spec_for("cobol", [tmp_path / "x"], "f", 1), tmp_path)


def test_java_layout_follows_package_and_public_class(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    spec = synthetic(tmp_path_factory, "java", NOISY["java"], 2)
    plan_ = plan(spec, tmp_path)
    assert list(plan_.copies) == ["src/demo/util/Noisy.java"]
    assert '"demo.util.Noisy"' in plan_.files["src/SigvecDriver.java"]


# --- integer arguments -----------------------------------------------------------------------

# twice(21, "x") == "42x": the integer arrives as a number of the parameter's type (a string
# "21" would give "2121" in Python, and not compile or throw elsewhere).
TWICE: dict[str, tuple[str, str, str]] = {
    "go": (
        "twice.go",
        "Twice",
        'package main\n\nimport "strconv"\n\nfunc Twice(n int64, s string) string {\n'
        "\treturn strconv.FormatInt(n*2, 10) + s\n}\n",
    ),
    "java": (
        "Foo.java",
        "Foo.twice",
        "public class Foo {\n  static String twice(long n, String s) { return (n * 2) + s; }\n}\n",
    ),
    "kotlin": (
        "twice.kt",
        "twice",
        "fun twice(n: Long, s: String): String = (n * 2).toString() + s\n",
    ),
    "csharp": (
        "foo.cs",
        "Foo.Twice",
        "class Foo {\n  static string Twice(long n, string s) { return (n * 2) + s; }\n}\n",
    ),
    "cpp": (
        "twice.cpp",
        "twice",
        "#include <string>\nstd::string twice(long long n, const std::string& s) {\n"
        "  return std::to_string(n * 2) + s;\n}\n",
    ),
    "php": (
        "twice.php",
        "twice",
        "<?php\nfunction twice(int $n, string $s): string {\n  return ($n * 2) . $s;\n}\n",
    ),
    "node": (
        "twice.js",
        "twice",
        "function twice(n, s) {\n  if (typeof n !== 'number') throw new Error('not a number');\n"
        "  return String(n * 2) + s;\n}\n",
    ),
    "python": ("twice.py", "twice", "def twice(n, s):\n    return str(n * 2) + s\n"),
}


@pytest.mark.parametrize("language", sorted(TWICE))
def test_integer_arguments_arrive_as_the_parameter_type(
    language: str, tmp_path_factory: pytest.TempPathFactory, start: StartFunction
) -> None:
    require_toolchain(language)
    driver = start(synthetic(tmp_path_factory, language, TWICE[language], 2))
    reply = driver.call(21, "x")  # type: ignore[arg-type]
    assert (reply.kind, reply.text) == ("S", "42x")
    if language in ("go", "java", "kotlin", "csharp", "cpp", "php"):
        # A numeric string (iFlytek's ts) given to an integer parameter is converted too.
        reply = driver.call("21", "y")
        assert (reply.kind, reply.text) == ("S", "42y")
    assert driver.quit() == 0


@pytest.mark.parametrize("language", sorted(TWICE))
def test_misspelled_function_is_a_plan_error_naming_the_functions_found(
    language: str, tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    name, function, text = TWICE[language]
    misspelled = function[:-1] + "x"  # twice -> twicx, Foo.twice -> Foo.twicx
    spec = synthetic(tmp_path_factory, language, (name, misspelled, text), 2)
    with pytest.raises(ValueError, match=rf"function '{re.escape(misspelled)}' is not in {name}"):
        plan(spec, tmp_path)
    with pytest.raises(ValueError, match=r"functions found: .*" + function.split(".")[-1]):
        plan(spec, tmp_path)
