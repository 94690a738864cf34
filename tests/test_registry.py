"""The registry (``sigvec.schemes``) is the one list of schemes and languages: everything that
names them derives from it or agrees with it."""

from __future__ import annotations

import importlib
import json
import re
from pathlib import Path
from typing import Any

import pytest

from sigvec import schemes
from sigvec.runner.environment import implementation_env
from sigvec.runner.explain.plugin import ExplainPlugin
from sigvec.runner.secrets import secrets_of

REPOSITORY = Path(__file__).resolve().parents[1]
SCHEMA_FILES = sorted(
    [*(REPOSITORY / "vectors" / "schema").glob("*.json"), *(REPOSITORY / "runner").rglob("*.json")]
)


def _walk(value: Any, path: str = "") -> list[tuple[str, Any]]:
    found = [(path, value)]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _walk(item, f"{path}/{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _walk(item, f"{path}/{index}")
    return found


@pytest.mark.parametrize("schema_file", SCHEMA_FILES, ids=lambda p: p.name)
def test_no_schema_lists_the_schemes_or_languages_another_way(schema_file: Path) -> None:
    """An enum naming a scheme must be the registry's list; a scheme field is a pattern
    every registry id matches (membership is checked at run time)."""
    document = json.loads(schema_file.read_text(encoding="utf-8"))
    for where, node in _walk(document):
        if not isinstance(node, dict):
            continue
        enum = node.get("enum")
        if isinstance(enum, list) and set(enum) & set(schemes.SCHEME_IDS):
            pytest.fail(f"{schema_file.name}{where}: lists schemes {enum}; use the pattern")
        if isinstance(enum, list) and set(enum) & set(schemes.LANGUAGE_IDS):
            assert enum == list(schemes.LANGUAGE_IDS), f"{schema_file.name}{where}"
        scheme_field = where.endswith(("/scheme", "/schemes/propertyNames", "/verify/items"))
        if scheme_field and "pattern" in node:
            for scheme_id in schemes.SCHEME_IDS:
                assert re.search(node["pattern"], scheme_id), f"{schema_file.name}{where}"


def test_the_manifest_schema_names_every_language() -> None:
    manifest = json.loads((REPOSITORY / "runner/schema/manifest.schema.json").read_text())
    assert manifest["$defs"]["language"]["enum"] == list(schemes.LANGUAGE_IDS)


@pytest.mark.parametrize("scheme", schemes.SCHEMES, ids=lambda s: s.id)
def test_every_scheme_has_its_parts(scheme: schemes.Scheme) -> None:
    module = scheme.reference()
    assert scheme.id == module.SCHEME
    assert callable(module.sign) and hasattr(module, "Signer")
    for part in (
        f"reference/cases/{scheme.id}.yaml",
        f"vectors/{scheme.id}.json",
        f"vectors/schema/{scheme.id}.schema.json",
    ):
        assert (REPOSITORY / part).is_file(), part
    vectors = json.loads((REPOSITORY / f"vectors/{scheme.id}.json").read_text())
    assert vectors["steps"] == list(scheme.steps)
    if scheme.explain is not None:
        plugin = scheme.explain_plugin()
        assert isinstance(plugin, ExplainPlugin) and type(plugin) is not ExplainPlugin
        assert set(plugin.steps) <= set(scheme.steps)


def test_explain_knows_only_what_has_a_plugin() -> None:
    assert "iflytek" not in schemes.explainable()
    with pytest.raises(KeyError):
        schemes.get("iflytek").explain_plugin()


def test_secret_fields_are_the_ones_the_schemas_mark() -> None:
    # The credentials each vendor documents as secret (and the temporary session tokens).
    assert schemes.secret_fields("aws-sigv4") == ("secret_access_key", "session_token")
    assert schemes.secret_fields("tencent-tc3") == ("secret_key", "token")
    assert schemes.secret_fields("aliyun-rpc") == ("access_key_secret",)
    assert schemes.secret_fields("iflytek") == ("app_secret",)
    test = {"input": {"app_secret": "s3cr3t-value", "app_id": "visible-id"}}
    assert secrets_of(test) == {"app_secret": "s3cr3t-value"}


def test_every_vendors_credentials_are_scrubbed(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "AWS_SECRET_ACCESS_KEY",
        "TENCENTCLOUD_SECRET_KEY",
        "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
        "IFLYTEK_APP_SECRET",
        "AZURE_CLIENT_SECRET",
    ):
        monkeypatch.setenv(name, "x")
    env = implementation_env({"AWS_PROFILE": "p"}, {"XFYUN_KEY": "k"})
    assert not [name for name in env if name.startswith(schemes.credential_prefixes())]
    assert "AWS_PROFILE" not in env and "XFYUN_KEY" not in env


@pytest.mark.parametrize("language", schemes.LANGUAGE_IDS)
def test_every_language_has_a_snippet_driver(language: str) -> None:
    driver = importlib.import_module(f"sigvec.runner.snippets.{language}")
    assert callable(driver.plan)


# --------------------------------------------------------------- the vector schemas' parts


def _published(name: str) -> dict[str, Any]:
    return json.loads((REPOSITORY / "vectors" / "schema" / f"{name}.schema.json").read_text())


def _refs(document: Any) -> set[str]:
    return {
        node["$ref"] for _, node in _walk(document) if isinstance(node, dict) and "$ref" in node
    }


@pytest.mark.parametrize("scheme", schemes.SCHEMES, ids=lambda s: s.id)
def test_a_scheme_schema_holds_only_its_input_intermediates_and_output(
    scheme: schemes.Scheme,
) -> None:
    document = _published(scheme.id)
    assert set(document["$defs"]) == {"input", "intermediates", "output"}
    assert document["$ref"] == "common.schema.json#/$defs/test"
    intermediates = document["$defs"]["intermediates"]
    assert intermediates["required"] == list(scheme.required_steps)
    assert list(intermediates["properties"]) == list(scheme.steps)
    assert intermediates["additionalProperties"] is False


def test_no_unused_defs() -> None:
    names = [p.name.removesuffix(".schema.json") for p in (REPOSITORY / "vectors/schema").iterdir()]
    from_other_files = set().union(*(_refs(_published(name)) for name in names if name != "common"))
    for name in names:
        own = _refs(_published(name))
        for definition in _published(name).get("$defs", {}):
            used = f"#/$defs/{definition}" in own
            if name == "common":
                used = used or f"common.schema.json#/$defs/{definition}" in from_other_files
            assert used, f"{name}.schema.json: $defs/{definition} is never used"


def test_the_published_files_validate_as_a_validator_would_load_them() -> None:
    """Another tool loads the split files with a registry; a test validates, a broken one
    is rejected for the shared part (a missing tcId) and for the scheme's own (an input)."""
    import jsonschema
    from referencing import Registry, Resource

    registry = Registry().with_resources(
        (document["$id"], Resource.from_contents(document))
        for document in (_published("common"), *(_published(s) for s in schemes.SCHEME_IDS))
    )
    for scheme in schemes.SCHEME_IDS:
        validator = jsonschema.Draft202012Validator(_published(scheme), registry=registry)
        vectors = json.loads((REPOSITORY / "vectors" / f"{scheme}.json").read_text())
        test = vectors["testGroups"][0]["tests"][0]
        assert not list(validator.iter_errors(test)), scheme
        assert list(validator.iter_errors({k: v for k, v in test.items() if k != "tcId"}))
        assert list(validator.iter_errors({**test, "input": {**test["input"], "extra": 1}}))
