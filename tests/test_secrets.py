"""Masking secrets an implementation echoes: every secret sent to the process, however long
ago, in every form, whichever store (recent text or older hashes) holds it."""

from __future__ import annotations

import pytest

from sigvec.runner.secrets import SeenSecrets

AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfi"CYEXAMPLEKEY'
# The forms written out by hand: as is, lower-cased, percent-encoded once and twice, inside a
# JSON string, inside a Python repr.
AWS_FORMS = [
    'wJalrXUtnFEMI/K7MDENG+bPxRfi"CYEXAMPLEKEY',
    'wjalrxutnfemi/k7mdeng+bpxrfi"cyexamplekey',
    "wJalrXUtnFEMI%2FK7MDENG%2BbPxRfi%22CYEXAMPLEKEY",
    "wJalrXUtnFEMI%252FK7MDENG%252BbPxRfi%2522CYEXAMPLEKEY",
    'wJalrXUtnFEMI/K7MDENG+bPxRfi\\"CYEXAMPLEKEY',
]


class Small(SeenSecrets):
    """Few secrets kept as text, so that older ones go to the hashed store (and fold into its
    sorted array) within a test."""

    RECENT = 4


@pytest.fixture(autouse=True)
def small_fold(monkeypatch: pytest.MonkeyPatch) -> None:
    from sigvec.runner import secrets

    monkeypatch.setattr(secrets._HashedForms, "FOLD_AT", 8)


def filler(count: int) -> list[dict]:
    return [{"input": {"app_secret": f"filler-secret-{index:05d}"}} for index in range(count)]


@pytest.mark.parametrize("later", [0, 3, 500], ids=["in flight", "recent", "long ago"])
def test_every_form_of_a_secret_is_masked_however_long_ago_it_was_sent(later: int) -> None:
    seen = Small()
    seen.add({"input": {"secret_access_key": AWS_SECRET}})
    for test in filler(later):
        seen.add(test)
    for form in AWS_FORMS:
        assert seen.mask(f"stderr: [{form}] again {form}.") == (
            "stderr: [<redacted:secret_access_key>] again <redacted:secret_access_key>."
        )


def test_old_and_recent_secrets_masked_in_nested_values_and_with_their_own_field() -> None:
    seen = Small()
    seen.add({"input": {"app_secret": "first-app-secret"}})
    seen.add({"credentials": {"AKIDEXAMPLE": "verifier-secret-1"}})
    for test in filler(100):
        seen.add(test)
    seen.add({"input": {"token": "latest-token-value"}})
    value = {
        "message": "used first-app-secret and latest-token-value",
        "list": ["verifier-secret-1", "filler-secret-00042", 7, None],
    }
    assert seen.mask(value) == {
        "message": "used <redacted:app_secret> and <redacted:token>",
        "list": ["<redacted:credentials.AKIDEXAMPLE>", "<redacted:app_secret>", 7, None],
    }


@pytest.mark.parametrize("older", ["inner", "outer"])
def test_a_secret_containing_another_is_masked_whole(older: str) -> None:
    inner = {"input": {"app_secret": "abcdefgh"}}
    outer = {"input": {"secret_key": "XYabcdefghZW"}}
    seen = Small()
    first, second = (inner, outer) if older == "inner" else (outer, inner)
    seen.add(first)
    for test in filler(20):
        seen.add(test)
    seen.add(second)
    assert seen.mask("XYabcdefghZW abcdefgh") == "<redacted:secret_key> <redacted:app_secret>"


def test_text_without_secrets_is_unchanged_and_short_values_are_no_secrets() -> None:
    seen = Small()
    seen.add({"input": {"app_secret": "short"}})  # under 6 characters: an ordinary word
    for test in filler(50):
        seen.add(test)
    text = "filler-secret-0005 filler-secret-00050 Filler-secret-00001 short é\ud800"  # near misses
    assert seen.mask(text) == text


def test_show_secrets_masks_nothing() -> None:
    seen = Small(show=True)
    for test in filler(50):
        seen.add(test)
    assert seen.mask("filler-secret-00001") == "filler-secret-00001"
