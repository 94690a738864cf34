"""The schemes and the languages sigvec knows: the one list each, from which the rest derives.

A scheme's entry names its reference module (``sigvec.reference.<module>``: a ``Signer`` and
``sign``), its intermediate values in computation order, the prefixes of the environment
variables that hold its vendor's credentials (never passed to an implementation under test),
the ``sigvec explain`` plugin that reads its servers' error messages, if there is one, and its
reference verifier (``sigvec.reference.verify.<verifier>``), if it has one yet.
Its secret input fields are not listed here: the input schema marks them ``writeOnly``.

Importing this module loads nothing else (no signer, no JSON Schema): ``sigvec --help`` reads it.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import cache
from types import ModuleType
from typing import Any


@dataclass(frozen=True)
class Scheme:
    id: str
    title: str
    module: str  # the reference module under sigvec.reference
    steps: tuple[str, ...]  # the intermediate values, in the order the signature is computed
    credential_prefixes: tuple[str, ...]
    explain: str | None = None  # the module under sigvec.runner.explain with its PLUGIN
    verifier: str | None = None  # the module under sigvec.reference.verify with its VERIFIER
    # Steps of one variant only (present in those vectors, absent from the others).
    optional_steps: tuple[str, ...] = ()

    def reference(self) -> ModuleType:
        return importlib.import_module(f"sigvec.reference.{self.module}")

    @property
    def required_steps(self) -> tuple[str, ...]:
        """The steps every vector of the scheme has."""
        return tuple(step for step in self.steps if step not in self.optional_steps)

    @property
    def secret_fields(self) -> tuple[str, ...]:
        return secret_fields(self.id)

    def explain_plugin(self) -> Any:
        """The scheme's :class:`sigvec.runner.explain.plugin.ExplainPlugin`; ``KeyError``
        when ``sigvec explain`` does not know the scheme's server messages."""
        if self.explain is None:
            raise KeyError(self.id)
        return importlib.import_module(f"sigvec.runner.explain.{self.explain}").PLUGIN

    def verifier_plugin(self) -> Any:
        """The scheme's :class:`sigvec.reference.verify.plugin.SchemeVerifier`; ``KeyError``
        when the scheme has no reference verifier yet."""
        if self.verifier is None:
            raise KeyError(self.id)
        return importlib.import_module(f"sigvec.reference.verify.{self.verifier}").VERIFIER


# SigV4's canonical request and string to sign, shared by its streaming (chunked) variant.
SIGV4_REQUEST_STEPS = (
    "canonical_uri",
    "canonical_query_string",
    "canonical_headers",
    "signed_headers",
    "hashed_payload",
    "canonical_request",
    "credential_scope",
    "hashed_canonical_request",
    "string_to_sign",
)

SCHEMES: tuple[Scheme, ...] = (
    Scheme(
        "aws-sigv4",
        "AWS Signature Version 4",
        "aws_sigv4",
        (*SIGV4_REQUEST_STEPS, "k_date_hex", "k_region_hex", "k_service_hex", "k_signing_hex"),
        ("AWS_", "AMAZON_"),
        explain="aws_checks",
        verifier="aws",
    ),
    Scheme(
        "tencent-tc3",
        "Tencent Cloud TC3-HMAC-SHA256",
        "tencent_tc3",
        (
            "hashed_request_payload",
            "canonical_headers",
            "signed_headers",
            "canonical_request",
            "date",
            "credential_scope",
            "hashed_canonical_request",
            "string_to_sign",
            "secret_date_hex",
            "secret_service_hex",
            "secret_signing_hex",
        ),
        ("TENCENTCLOUD_", "QCLOUD_"),
        explain="tencent_checks",
        verifier="tencent",
    ),
    Scheme(
        "aliyun-rpc",
        "Alibaba Cloud RPC signature 1.0",
        "aliyun_rpc",
        ("canonicalized_query_string", "string_to_sign", "hmac_sha1_hex"),
        ("ALIBABA_CLOUD_", "ALICLOUD_", "ALIYUN_"),
        explain="aliyun_checks",
        verifier="aliyun",
    ),
    Scheme(
        "iflytek",
        "iFlytek app signature",
        "iflytek",
        ("base_string", "md5_hex", "hmac_sha1_hex"),
        ("IFLYTEK_", "XFYUN_"),
        verifier="iflytek",
    ),
    Scheme(
        "aws-sigv4-streaming",
        "AWS SigV4 streaming (aws-chunked) upload",
        "aws_sigv4_streaming",
        (
            *SIGV4_REQUEST_STEPS,
            "k_signing_hex",
            "chunk_strings_to_sign",
            "chunk_signatures",
            "trailer_string_to_sign",
            "trailer_signature",
        ),
        ("AWS_", "AMAZON_"),
        explain="aws_streaming_checks",
        optional_steps=("trailer_string_to_sign", "trailer_signature"),
        verifier="aws_streaming",
    ),
    Scheme(
        "aliyun-acs3",
        "Alibaba Cloud ACS3-HMAC-SHA256 (V3)",
        "aliyun_acs3",
        (
            "canonical_uri",
            "canonical_query_string",
            "hashed_request_payload",
            "canonical_headers",
            "signed_headers",
            "canonical_request",
            "hashed_canonical_request",
            "string_to_sign",
        ),
        ("ALIBABA_CLOUD_", "ALICLOUD_", "ALIYUN_"),
        explain="aliyun_acs3_checks",
        verifier="acs3",
    ),
    Scheme(
        "iflytek-ws",
        "iFlytek WebSocket HMAC-SHA256 URL authentication",
        "iflytek_ws",
        ("request_line", "signature_origin", "hmac_sha256_hex", "authorization_origin"),
        ("IFLYTEK_", "XFYUN_"),
        verifier="iflytek_ws",
    ),
    # scaffold: schemes (`sigvec scaffold scheme` adds an entry above this line)
)
BY_ID: dict[str, Scheme] = {scheme.id: scheme for scheme in SCHEMES}
SCHEME_IDS: tuple[str, ...] = tuple(BY_ID)
# Credentials of clouds no scheme here signs for, refused all the same.
OTHER_CREDENTIAL_PREFIXES = ("AZURE_", "GOOGLE_APPLICATION_CREDENTIALS")


def get(scheme_id: str) -> Scheme:
    """The scheme ``scheme_id``; ``KeyError`` for one sigvec does not know."""
    return BY_ID[scheme_id]


def credential_prefixes() -> tuple[str, ...]:
    return tuple(p for s in SCHEMES for p in s.credential_prefixes) + OTHER_CREDENTIAL_PREFIXES


@cache
def secret_fields(scheme_id: str | None = None) -> tuple[str, ...]:
    """The input fields the scheme's schema marks ``writeOnly`` (secret keys, session tokens):
    never logged. ``None``: those of every scheme."""
    if scheme_id is None:
        return tuple(dict.fromkeys(name for s in SCHEME_IDS for name in secret_fields(s)))
    from sigvec.vectors import schema

    properties = schema(scheme_id)["$defs"]["input"]["properties"]
    return tuple(name for name, spec in properties.items() if spec.get("writeOnly") is True)


def verifiable() -> tuple[str, ...]:
    """The schemes with a reference verifier (``sigvec verify``/``serve``/``probe``)."""
    return tuple(scheme.id for scheme in SCHEMES if scheme.verifier is not None)


def explainable() -> tuple[str, ...]:
    """The schemes whose servers' error messages ``sigvec explain`` reads."""
    return tuple(scheme.id for scheme in SCHEMES if scheme.explain is not None)


@dataclass(frozen=True)
class Language:
    id: str
    binaries: tuple[str, ...]  # what must be on PATH to build and run it
    apt: str  # the Debian packages that provide them
    files: tuple[str, ...] = ()  # headers or libraries that must exist too
    # Its snippet driver is the module sigvec.runner.snippets.<id> (a ``plan`` function).


LANGUAGES: tuple[Language, ...] = (
    Language("python", ("python3",), "python3"),
    Language("java", ("javac", "java"), "default-jdk-headless"),
    Language("kotlin", ("kotlinc", "kotlin", "java"), "kotlin"),
    Language("go", ("go",), "golang-go"),
    Language("php", ("php",), "php-cli"),
    Language("node", ("node",), "nodejs"),
    Language("csharp", ("mcs", "mono"), "mono-mcs"),
    Language("cpp", ("g++",), "g++ libssl-dev", ("/usr/include/openssl/evp.h",)),
)
LANGUAGE_BY_ID: dict[str, Language] = {language.id: language for language in LANGUAGES}
LANGUAGE_IDS: tuple[str, ...] = tuple(LANGUAGE_BY_ID)
