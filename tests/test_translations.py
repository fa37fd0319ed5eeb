"""Dutch is the primary language: every UI string has a Dutch translation, and the
compiled catalogues match their sources."""

import gettext
import re
import shutil
import subprocess
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "basisbaan"
CATALOGUES = sorted(
    p for p in SRC.glob("**/locale/nl/LC_MESSAGES/django.po") if "static" not in p.parts
)


def _entries(po: Path):
    for block in po.read_text(encoding="utf-8").split("\n\n"):
        match = re.search(r'(?m)^msgid ((?:".*"\n)+)', block + "\n")
        if not match or block.lstrip().startswith("#~"):
            continue
        msgid = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', match.group(1)))
        if msgid:
            yield msgid, block


def test_there_is_a_dutch_catalogue():
    assert any(p.parts[-5] == "core" for p in CATALOGUES)


@pytest.mark.parametrize("po", CATALOGUES, ids=[str(p.relative_to(SRC)) for p in CATALOGUES])
def test_every_string_has_a_dutch_translation(po):
    untranslated, fuzzy = [], []
    for msgid, block in _entries(po):
        if "#, fuzzy" in block or re.search(r"(?m)^#,.*\bfuzzy\b", block):
            fuzzy.append(msgid)
        strings = re.findall(r'(?m)^msgstr(?:\[\d\])? ((?:".*"\n?)+)', block + "\n")
        if not strings or any(not "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', s)) for s in strings):
            untranslated.append(msgid)
    assert not fuzzy, f"fuzzy in {po}: {fuzzy[:10]}"
    assert not untranslated, f"untranslated in {po}: {untranslated[:10]}"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext (msgfmt) is not installed")
@pytest.mark.parametrize("po", CATALOGUES, ids=[str(p.relative_to(SRC)) for p in CATALOGUES])
def test_compiled_catalogue_matches_its_source(po, tmp_path):
    fresh = tmp_path / "fresh.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(fresh), str(po)], check=True)
    committed = po.with_suffix(".mo")
    assert committed.exists(), f"{committed} is missing: run make messages"
    with fresh.open("rb") as a, committed.open("rb") as b:
        assert gettext.GNUTranslations(a)._catalog == gettext.GNUTranslations(b)._catalog, (
            f"{committed} is stale: run make messages"
        )


def test_djangos_blank_choice_reads_dutch():
    """Django 6's "- Select an option -" (every select's empty choice) is missing from
    Django's own Dutch catalogue; the foundation's catalogue carries it."""
    from django.db.models.fields import BLANK_CHOICE_LABEL
    from django.utils import translation

    with translation.override("nl"):
        assert str(BLANK_CHOICE_LABEL) == "- Kies een optie -"
