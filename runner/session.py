"""Run implementations against vectors: build, start, feed every vector, compare, collect."""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import shlex
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sigvec.equivalence import equivalent
from sigvec.text import cap, json_text

from . import clock, toolchains
from .build import BuildCache, BuildError, BuildStep, build_env
from .compare import compare
from .diagnose import RunEnvironment, explaining_mistakes, matching_mistakes, output_signature
from .environment import implementation_env
from .manifest import Implementation
from .markdown import cite_page
from .pipeline import MAX_DEPTH, InFlight, Window, pipeline_depth
from .process import STDERR_TAIL_BYTES, LineProcess, LineTooLong, allow_processes, kill_all
from .protocol_check import strict_by_default, violation
from .report import implementation_json, vector_json
from .results import (
    ImplementationResult,
    StepDiff,
    VectorResult,
    judge_skip_or_error,
    with_protocol_problems,
)
from .secrets import SeenSecrets
from .selection import Filter, select
from .verifying import is_verify_test, judge_verify, verify_request, verifying_schemes

if TYPE_CHECKING:
    from .snippets import base as snippet_base
    from .stream import ResultStream

MESSAGE_TAIL = 2000  # characters of an implementation's stderr kept in a message
PROTOCOL_VERSION = 1
# (scheme, test) pairs, consumed once: a run never holds more than the vector in flight.
Selection = Iterator[tuple[str, dict[str, Any]]]
SNIPPETS_DIRECTORY = Path(__file__).resolve().parent / "snippets"


class FailureBudget:
    """``--max-fail N`` / ``-x``: once N vectors failed or errored, run no more (thread-safe)."""

    def __init__(self, limit: int | None = None) -> None:
        self.limit = limit
        self._count = 0
        self._lock = threading.Lock()

    def record(self, status: str) -> None:
        if status in ("failed", "errored"):
            with self._lock:
                self._count += 1

    @property
    def exhausted(self) -> bool:
        return self.limit is not None and self._count >= self.limit

    @property
    def reason(self) -> str:
        return f"not run: stopped after {self.limit} failure(s) (--max-fail / -x)"


@dataclass
class RunOptions:
    cache_dir: Path
    filters: list[Filter] = field(default_factory=list)
    schemes: tuple[str, ...] | None = None
    timeout: float | None = None  # overrides every implementation's own
    jobs: int = 1
    env_overrides: dict[str, str] = field(default_factory=dict)
    show_secrets: bool = False  # else secret input values are masked in every result
    progress: Callable[[str], None] = lambda message: None
    budget: FailureBudget = field(default_factory=FailureBudget)
    stream: ResultStream | None = None  # every verdict is written here as it is judged
    keep_passed: bool = True  # False: results count passed vectors without keeping them
    max_pipeline: int | None = None  # at most this many requests in flight (1: lock-step)
    # Every message sent and received checked against its schema (runner/protocol_check.py).
    strict_protocol: bool = field(default_factory=strict_by_default)


def placeholders(text: str, values: dict[str, str]) -> str:
    for name, value in values.items():
        text = text.replace("{" + name + "}", value)
    return text


class Prepared:
    """How to build and start one implementation (computed before anything runs)."""

    def __init__(self, implementation: Implementation, cache: BuildCache) -> None:
        self.implementation = implementation
        self.snippet_plan: snippet_base.DriverPlan | None = None
        self.build_directory: Path | None = None
        self.steps: list[BuildStep] = []
        self.run_argv: list[str] = []
        self.not_found: list[str] = []  # relative run: paths that are not in {src}
        self.env: dict[str, str] = dict(implementation.env)
        if implementation.kind == "snippet":
            try:
                self._prepare_snippet(cache)
            except ValueError as exc:  # cite the doc page's lines, not the extracted files'
                raise ValueError(cite_page(str(exc), implementation.origins)) from None
        else:
            self._prepare_command(cache)

    def _prepare_command(self, cache: BuildCache) -> None:
        impl = self.implementation
        values = {"src": str(impl.src), "python": sys.executable}
        if impl.build:
            self.build_directory = cache.directory(impl, cache.key(impl, ""))
            values["build"] = str(self.build_directory)
            env = build_env(cache.root, impl.env)
            self.steps = [
                BuildStep(["bash", "-c", placeholders(command, _quoted(values))], impl.src, env)
                for command in impl.build
            ]
        self.run_argv = [placeholders(arg, values) for arg in impl.run]
        self.run_argv, self.not_found = resolve_run_paths(self.run_argv, impl.src)

    def _prepare_snippet(self, cache: BuildCache) -> None:
        from .snippets import base as snippet_base
        from .snippets import plan

        impl = self.implementation
        spec = snippet_base.SnippetSpec(
            id=impl.id,
            language=impl.language,
            sources=impl.sources,
            function=impl.function,
            arg_count=len(impl.args),
            classpath=impl.classpath,
        )
        material = _snippet_material(spec)
        self.build_directory = cache.directory(impl, cache.key(impl, material))
        self.snippet_plan = plan(spec, self.build_directory)  # ValueError: unsupported snippet
        env = build_env(cache.root, {**impl.env, **self.snippet_plan.env})
        work = self.build_directory
        self.steps = [BuildStep(argv, work, env, "check") for argv in self.snippet_plan.checks]
        self.steps += [BuildStep(argv, work, env) for argv in self.snippet_plan.build]
        self.run_argv = list(self.snippet_plan.run)
        self.env.update(self.snippet_plan.env)

    def write_sources(self, directory: Path) -> None:
        plan = self.snippet_plan
        if plan is None:
            return
        for name, text in plan.files.items():
            target = directory / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        for name, source in plan.copies.items():
            target = directory / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)


def resolve_run_paths(argv: list[str], src: Path) -> tuple[list[str], list[str]]:
    """Relative paths in ``run:`` name files in the implementation's ``cwd`` (``{src}``),
    though it runs in a scratch folder: make those that exist there absolute. Also returns
    the arguments that look like relative paths but are not there (for the error message)."""
    resolved: list[str] = []
    not_found: list[str] = []
    for index, arg in enumerate(argv):
        candidate = src / arg
        relative = arg and not arg.startswith("-") and not Path(arg).is_absolute()
        if relative and candidate.exists() and (index > 0 or "/" in arg or candidate.is_file()):
            resolved.append(str(candidate))
            continue
        if relative and ("/" in arg or Path(arg).suffix) and "=" not in arg:
            not_found.append(arg)
        resolved.append(arg)
    return resolved, not_found


def _tried(prepared: Prepared) -> str:
    """What was tried, for a process that could not start or gave no answer."""
    argv = " ".join(shlex.quote(arg) for arg in prepared.run_argv)
    missing = "".join(
        f"; {arg} is not in {prepared.implementation.src} (relative run: paths are looked up "
        "in the implementation's cwd)"
        for arg in prepared.not_found
    )
    return f" (ran: {argv}{missing})" if prepared.implementation.kind == "command" else ""


def _quoted(values: dict[str, str]) -> dict[str, str]:
    return {name: shlex.quote(value) for name, value in values.items()}


def _snippet_material(spec: snippet_base.SnippetSpec) -> str:
    """Driver generators are part of the build: a new sigvec rebuilds snippet drivers."""
    digest = hashlib.sha256(f"{spec.function}|{spec.arg_count}|{spec.classpath}".encode())
    for path in sorted(SNIPPETS_DIRECTORY.rglob("*")):
        if path.is_file() and path.suffix != ".pyc":
            digest.update(path.read_bytes())
    return digest.hexdigest()


def run_all(
    implementations: list[Implementation],
    vectors: Mapping[str, Iterable[dict[str, Any]]],
    options: RunOptions,
) -> list[ImplementationResult]:
    cache = BuildCache(options.cache_dir)
    prepared = [Prepared(impl, cache) for impl in implementations]
    allow_processes()
    pool = ThreadPoolExecutor(max_workers=max(1, options.jobs))
    try:
        futures = [pool.submit(_run_and_stream, p, cache, vectors, options) for p in prepared]
        return [future.result() for future in futures]
    except (KeyboardInterrupt, SystemExit):  # Ctrl-C, SIGTERM: stop every child now
        kill_all()
        raise
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def _run_and_stream(
    prepared: Prepared,
    cache: BuildCache,
    vectors: Mapping[str, Iterable[dict[str, Any]]],
    options: RunOptions,
) -> ImplementationResult:
    result = run_one(prepared, cache, vectors, options)
    if options.stream is not None:
        options.stream.finished(implementation_json(result))
    return result


def _stream_verdict(stream: ResultStream) -> Callable[[ImplementationResult, VectorResult], None]:
    return lambda result, verdict: stream.vector(result.id, vector_json(verdict))


def run_one(
    prepared: Prepared,
    cache: BuildCache,
    vectors: Mapping[str, Iterable[dict[str, Any]]],
    options: RunOptions,
) -> ImplementationResult:
    impl = prepared.implementation
    result = ImplementationResult(impl.id, impl.language, impl.kind)
    result.keep_passed = options.keep_passed
    if options.stream is not None:
        result.sink = _stream_verdict(options.stream)
    schemes = [s for s in impl.schemes if options.schemes is None or s in options.schemes]
    pairs = (
        (s, t)
        for s in schemes
        for t in select(vectors, s, options.filters, impl.id, impl.vectors)
        if impl.kind != "snippet" or not is_verify_test(t)  # a snippet is a signing function
    )
    first = next(pairs, None)
    selected: Selection = itertools.chain([first], pairs) if first else iter(())
    if first is None:
        result.status = "skipped"
        result.message = "no vector selected"
        return result
    timeout = options.timeout or impl.timeout
    if options.budget.exhausted:
        return _finish_all(result, selected, "skipped", options.budget.reason, "skipped")

    reason = toolchains.missing(impl.language) or _missing_requirement(impl)
    if impl.clock and clock.library() is None:
        reason = reason or f"its clock is pinned with libfaketime; install with: {clock.INSTALL}"
    if reason:
        return _finish_all(result, selected, "skipped", reason, implementation_status="skipped")

    if prepared.build_directory is not None:
        options.progress(f"{impl.id}: building")
        try:
            built = cache.ensure(
                prepared.build_directory,
                prepared.write_sources,
                prepared.steps,
                timeout=max(timeout, 600.0),
            )
        except BuildError as exc:
            return _finish_all(
                result,
                selected,
                "errored",
                f"build failed: {cite_page(str(exc), impl.origins)}",
                implementation_status="build_failed",
            )
        result.build_cached, result.build_seconds = built.cached, built.seconds

    options.progress(f"{impl.id}: running")
    started = time.monotonic()
    workdir = Path(tempfile.mkdtemp(prefix=f"sigvec-{impl.id}-"))
    try:
        env = implementation_env(prepared.env, options.env_overrides)
        if impl.clock:
            env.update(clock.environment(workdir))
        try:
            process = LineProcess(prepared.run_argv, workdir, env)
        except OSError as exc:
            return _finish_all(
                result,
                selected,
                "errored",
                f"cannot start {prepared.run_argv[0]!r}: {exc.strerror}{_tried(prepared)}",
                implementation_status="crashed",
            )
        try:
            ran_in = RunEnvironment.of(env)
            if impl.kind == "snippet":
                pinned = workdir if impl.clock else None
                _drive_snippet(process, impl, selected, result, timeout, options, ran_in, pinned)
            else:
                _drive_protocol(
                    process, selected, result, timeout, options, ran_in, _tried(prepared)
                )
        finally:
            process.close()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        result.run_seconds = time.monotonic() - started
    counts = result.counts()
    options.progress(
        f"{impl.id}: {counts['passed']} passed, {counts['failed']} failed, "
        f"{counts['errored']} errored in {result.run_seconds:.1f} s"
    )
    return result


def _missing_requirement(impl: Implementation) -> str | None:
    return next(filter(None, (requirement.missing() for requirement in impl.requires)), None)


def _finish_all(
    result: ImplementationResult,
    remaining: Iterable[tuple[str, dict[str, Any]]],
    vector_status: str,
    message: str,
    implementation_status: str | None = None,
) -> ImplementationResult:
    """Give every remaining vector the same verdict (a skip, a build failure, a crash)."""
    if implementation_status:
        result.status = implementation_status
        result.message = message
    for scheme, test in remaining:
        if is_verify_test(test):
            continue  # sent only to implementations that announced verify
        result.add(
            VectorResult(scheme, test["tcId"], vector_status, test["comment"], message=message)
        )
    return result


class ProtocolBroken(Exception):
    """The process can no longer be talked to: every later vector is errored with this."""


def _lines(
    process: LineProcess, timeout: float, problems: list[str], who: str, seen: SeenSecrets
) -> Iterator[str]:
    """Lines of ``process`` until ``timeout``; a timeout (the process is killed) or the end of
    its output raises ``ProtocolBroken`` naming what was seen on the way (``problems``) and
    its stderr, every secret ``seen`` masked."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            line = process.receive(max(deadline - time.monotonic(), 0.001))
        except TimeoutError:
            process.kill()
            after = f" after: {'; '.join(problems)}" if problems else ""
            raise ProtocolBroken(f"timed out after {timeout:g} s (killed){after}") from None
        except LineTooLong as exc:
            problems.append(f"output line too long: {exc}")
            continue
        if line is None:
            code = process.close(grace=1.0)
            tail = seen.mask(process.stderr_tail(STDERR_TAIL_BYTES))[-MESSAGE_TAIL:]
            after = f" after: {'; '.join(problems)}" if problems else ""
            raise ProtocolBroken(
                f"{who} exited (code {code}){after}" + (f"; stderr: {tail}" if tail else "")
            )
        yield line


def _not_json(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def from_implementation(value: Any, seen: SeenSecrets) -> str:
    """A value the implementation wrote, for a message: secrets masked, then cut short."""
    text = repr(value) if isinstance(value, str) else json_text(value)
    return cap(seen.mask(text), 200)


def _receive_message(
    process: LineProcess, timeout: float, problems: list[str], seen: SeenSecrets
) -> dict[str, Any]:
    """Read lines until a JSON object; note (in ``problems``) anything else seen."""
    for line in _lines(process, timeout, problems, "implementation", seen):
        try:
            message = json.loads(line, parse_constant=_not_json)
        except (ValueError, RecursionError):
            problems.append(
                f"stdout line that is not protocol JSON: {from_implementation(line, seen)}"
            )
            continue
        if not isinstance(message, dict):
            problems.append(
                f"stdout line that is not a JSON object: {from_implementation(line, seen)}"
            )
            continue
        return message
    raise AssertionError("unreachable: _lines ends by raising")


def _receive_answer(
    process: LineProcess, seq: int, timeout: float, problems: list[str], seen: SeenSecrets
) -> dict[str, Any]:
    """The next message, the answer with ``seq``; note (in ``problems``) anything else seen."""
    message = _receive_message(process, timeout, problems, seen)
    if message.get("seq") != seq:
        # One answer per request: this is the answer, mislabelled.
        problems.append(f"expected seq {seq}, got {from_implementation(message.get('seq'), seen)}")
    return message


def _drive_protocol(
    process: LineProcess,
    selected: Selection,
    result: ImplementationResult,
    timeout: float,
    options: RunOptions,
    ran_in: RunEnvironment | None = None,
    tried: str = "",
) -> None:
    problems: list[str] = []
    seen = SeenSecrets(options.show_secrets)
    strict = _StrictCheck(options.strict_protocol, seen)
    start_request = {"cmd": "start", "version": PROTOCOL_VERSION}
    wrong = strict.sent("start-request", start_request) or strict.sent("stop-request", STOP)
    if wrong:
        _finish_all(result, selected, "errored", wrong, implementation_status="crashed")
        return
    try:
        process.send(json.dumps(start_request) + "\n")
        start = _receive_answer(process, None, timeout, problems, seen)  # type: ignore[arg-type]
    except ProtocolBroken as exc:
        _finish_all(
            result,
            selected,
            "errored",
            f"no answer to start: {exc}{tried}",
            implementation_status="crashed",
        )
        return
    if start.get("ready") is not True or start.get("version") != PROTOCOL_VERSION:
        _finish_all(
            result,
            selected,
            "errored",
            f"implementation refused protocol version {PROTOCOL_VERSION}: "
            f"{cap(json_text(start), 200)}",
            implementation_status="crashed",
        )
        return
    wrong = strict.received("start-response", start, "start answer")
    if wrong:
        _finish_all(result, selected, "errored", wrong, implementation_status="crashed")
        return
    info = start.get("implementation") if isinstance(start.get("implementation"), dict) else {}
    result.info = info
    supported = info.get("schemes") if isinstance(info.get("schemes"), dict) else None
    verifying = verifying_schemes(info)

    depth = min(pipeline_depth(start), options.max_pipeline or MAX_DEPTH)
    window = Window(process, depth, lambda value: from_implementation(value, seen))
    remaining: Iterable[tuple[str, dict[str, Any]]] = selected
    try:
        for index, (scheme, test) in enumerate(selected, start=1):
            remaining = itertools.chain([(scheme, test)], selected)  # this vector and the rest
            verify = is_verify_test(test)
            if verify and scheme not in verifying:
                continue  # verifier vectors are for implementations that announce verify
            unsupported = supported is not None and scheme not in supported and not verify
            # Answers first: the budget and the order of verdicts are as in lock-step.
            while window.pending and (window.full or unsupported or options.budget.exhausted):
                _settle_next(process, window, result, timeout, options, ran_in, seen, strict)
            if options.budget.exhausted:
                _finish_all(result, remaining, "skipped", options.budget.reason)
                break
            if unsupported:
                result.add(
                    VectorResult(
                        scheme,
                        test["tcId"],
                        "skipped",
                        test["comment"],
                        message="scheme not supported (start answer)",
                    )
                )
                continue
            request = (
                verify_request(scheme, test, index)
                if verify
                else {
                    "cmd": "run",
                    "seq": index,
                    "scheme": scheme,
                    "tcId": test["tcId"],
                    "input": test["input"],
                }
            )
            seen.add(test)
            wrong = strict.sent("verify-request" if verify else "run-request", request)
            if wrong:  # not sent: judged now, after the answers before it
                while window.pending:
                    _settle_next(process, window, result, timeout, options, ran_in, seen, strict)
                verdict = VectorResult(scheme, test["tcId"], "errored", test["comment"])
                verdict.message = wrong
                result.add(_masked(verdict, seen))
                options.budget.record(verdict.status)
                continue
            line = json.dumps(request, ensure_ascii=False) + "\n"
            if not window.send(InFlight(index, scheme, test), line):
                while window.pending:
                    _settle_next(process, window, result, timeout, options, ran_in, seen, strict)
                _crashed(process, result, remaining, "implementation closed its stdin")
                return
        remaining = ()
        while window.pending:
            _settle_next(process, window, result, timeout, options, ran_in, seen, strict)
    except ProtocolBroken as exc:
        in_flight = [(request.scheme, request.test) for request in window.pending]
        _crashed(process, result, itertools.chain(in_flight, remaining), str(exc))
        return
    finally:
        window.finish()
    process.send(json.dumps(STOP) + "\n")


STOP = {"cmd": "stop"}


class _StrictCheck:
    """Strict protocol mode for one conversation (a no-op when off): the violation, worded
    for a verdict with every secret sent so far masked, or None."""

    def __init__(self, on: bool, seen: SeenSecrets) -> None:
        self.on = on
        self._seen = seen

    def sent(self, schema: str, message: dict[str, Any]) -> str | None:
        found = violation(schema, message, self._seen.mask) if self.on else None
        return f"the runner's {message.get('cmd')} request {found}" if found else None

    def received(self, schema: str, message: dict[str, Any], what: str) -> str | None:
        found = violation(schema, message, self._seen.mask) if self.on else None
        return f"{what} {found}" if found else None


def _settle_next(
    process: LineProcess,
    window: Window,
    result: ImplementationResult,
    timeout: float,
    options: RunOptions,
    ran_in: RunEnvironment | None,
    seen: SeenSecrets,
    strict: _StrictCheck,
) -> None:
    """Wait for the next answer and judge the requests it settles (``ProtocolBroken``: the
    process died or hung; the unsettled requests stay in ``window``)."""
    answer = _receive_message(process, timeout, window.pending[0].problems, seen)
    *overtaken, answered = window.resolve(answer)
    for request in overtaken:
        test = request.test
        verdict = VectorResult(
            request.scheme,
            test["tcId"],
            "errored",
            test["comment"],
            message="; ".join(request.problems),
        )
        result.add(_masked(verdict, seen))
        options.budget.record(verdict.status)
    test = answered.test
    schema = "verify-response" if is_verify_test(test) else "run-response"
    wrong = None if options.budget.exhausted else strict.received(schema, answer, "answer")
    if options.budget.exhausted:  # sent ahead, before the budget ran out: not judged
        verdict = VectorResult(
            answered.scheme, test["tcId"], "skipped", test["comment"], message=options.budget.reason
        )
    elif wrong:
        verdict = VectorResult(answered.scheme, test["tcId"], "errored", test["comment"])
        verdict = with_protocol_problems(verdict, [wrong, *answered.problems])
    elif is_verify_test(test):
        verdict = judge_verify(answered.scheme, test, answer, answered.problems)
    else:
        verdict = _judge(answered.scheme, test, answer, answered.problems, ran_in)
    result.add(_masked(verdict, seen))
    options.budget.record(verdict.status)


def _masked(verdict: VectorResult, seen: SeenSecrets) -> VectorResult:
    """The verdict with every secret sent so far masked: an answer may echo an earlier one."""
    if verdict.first_diff is None and not verdict.message:
        return verdict
    verdict.message = seen.mask(verdict.message)
    if verdict.first_diff is not None:
        diff = verdict.first_diff
        verdict.first_diff = StepDiff(diff.step, seen.mask(diff.expected), seen.mask(diff.actual))
    return verdict


def _crashed(
    process: LineProcess,
    result: ImplementationResult,
    remaining: Iterable[tuple[str, dict[str, Any]]],
    message: str,
) -> None:
    """Keep what was received; the vector in flight and all later ones are errored."""
    result.status = "crashed"
    result.message = message
    first, *rest = remaining
    result.add(
        VectorResult(first[0], first[1]["tcId"], "errored", first[1]["comment"], message=message)
    )
    for scheme, test in rest:
        result.add(
            VectorResult(
                scheme, test["tcId"], "errored", test["comment"], message=f"not run: {message}"
            )
        )


def _judge(
    scheme: str,
    test: dict[str, Any],
    answer: dict[str, Any],
    problems: list[str],
    ran_in: RunEnvironment | None = None,
) -> VectorResult:
    verdict = VectorResult(scheme, test["tcId"], "passed", test["comment"])
    if judge_skip_or_error(verdict, answer):
        pass  # nothing more to judge
    elif not isinstance(answer.get("output"), dict):
        verdict.status = "errored"
        verdict.message = "answer has no output object (nor skipped/errored)"
    elif not isinstance(answer.get("intermediates") or {}, dict):
        verdict.status = "errored"
        verdict.message = "answer's intermediates is not an object"
    else:
        verdict.first_diff, verdict.later_steps = compare(test, answer)
        if verdict.first_diff is not None:
            verdict.status = "failed"
            signature = output_signature(answer["output"])
            verdict.mistakes = matching_mistakes(
                test, verdict.first_diff, signature, scheme, ran_in
            )
    return with_protocol_problems(verdict, problems)


def resolve_value(scheme: str, test: dict[str, Any], dotted: str) -> Any:
    """A vector value, or a ``derived.NAME`` one computed from its input (``sigvec docs``)."""
    part, _, name = dotted.partition(".")
    if part == "derived":
        from .docs import derived_value

        return derived_value(scheme, name, test.get("input") or {})
    return resolve_path(test, dotted)


def resolve_path(test: dict[str, Any], dotted: str) -> Any:
    part, _, name = dotted.partition(".")
    container = test.get(part) or {}
    if name not in container:
        raise KeyError(f"{dotted} is not in this vector")
    return container[name]


def _drive_snippet(
    process: LineProcess,
    impl: Implementation,
    selected: Selection,
    result: ImplementationResult,
    timeout: float,
    options: RunOptions,
    ran_in: RunEnvironment | None = None,
    pinned: Path | None = None,
) -> None:
    """``pinned``: the folder of the clock file, for a snippet whose clock is set per vector."""
    from .snippets import base as snippet_base

    seen = SeenSecrets(options.show_secrets)
    for index, (scheme, test) in enumerate(selected, start=1):
        remaining = itertools.chain([(scheme, test)], selected)  # this vector and the rest
        if options.budget.exhausted:
            _finish_all(result, remaining, "skipped", options.budget.reason)
            break
        try:
            args = [resolve_value(scheme, test, path) for path in impl.args]
            expected = resolve_path(test, impl.returns)
        except KeyError as exc:
            result.add(
                VectorResult(
                    scheme, test["tcId"], "skipped", test["comment"], message=str(exc.args[0])
                )
            )
            continue
        if pinned is not None:
            seconds = clock.epoch_seconds(resolve_path(test, impl.clock))
            if seconds is None:
                message = f"{impl.clock} is no time a clock shows (UNIX seconds, no leading zero)"
                skipped = VectorResult(scheme, test["tcId"], "skipped", test["comment"])
                skipped.message = message
                result.add(skipped)
                continue
            clock.pin(pinned, seconds)
        seen.add(test)
        if not process.send(snippet_base.encode_call(index, args)):
            _crashed(process, result, remaining, "driver closed its stdin")
            return
        try:
            reply = _receive_reply(process, index, timeout, seen)
        except ProtocolBroken as exc:
            _crashed(process, result, remaining, str(exc))
            return
        verdict = VectorResult(scheme, test["tcId"], "passed", test["comment"])
        if reply.kind == "E":
            verdict.status, verdict.message = "errored", reply.text
        else:
            actual = reply.text if reply.kind == "S" else _encode_bytes(reply.payload, impl)
            if not equivalent(impl.returns, expected, actual):
                verdict.status = "failed"
                verdict.first_diff = StepDiff(impl.returns, expected, actual)
                verdict.mistakes = explaining_mistakes(test, impl.returns, actual, scheme, ran_in)
        result.add(_masked(verdict, seen))
        options.budget.record(verdict.status)
    process.send(snippet_base.QUIT)


def _encode_bytes(payload: bytes, impl: Implementation) -> str:
    encoding = impl.encoding or ("hex" if impl.returns.endswith("_hex") else "base64")
    if encoding == "hex":
        return payload.hex()
    if encoding == "base64":
        return base64.b64encode(payload).decode("ascii")
    return payload.decode("utf-8", errors="replace")


def _receive_reply(
    process: LineProcess, seq: int, timeout: float, seen: SeenSecrets
) -> snippet_base.Reply:
    from .snippets import base as snippet_base

    for line in _lines(process, timeout, [], "driver", seen):
        try:
            reply = snippet_base.decode_reply(line)
        except ValueError:
            continue  # stray output the driver could not hold back
        if reply.seq == seq:
            return reply
    raise AssertionError("unreachable: _lines ends by raising")
