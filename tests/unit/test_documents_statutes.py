"""Every statute paragraph a letter cites is in fut.documents.statutes.CITED_PARAGRAPHS with
its status; a checked one is read again in the public statute text kept in tests/data/law/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from fut.documents import DEFAULT_TEMPLATES_DIR, preview
from fut.documents.statutes import (
    CHECKED,
    CITED_PARAGRAPHS,
    UNCHECKED,
    citations_in,
    listed,
    printed_text,
    template_citations,
    unchecked_cited,
)
from fut.rules.applicable_law import NEW_SOL, OLD_SOL

LAW_DIR = Path(__file__).resolve().parents[1] / "data" / "law"


def test_every_paragraph_a_template_cites_is_in_the_list():
    cited = template_citations(DEFAULT_TEMPLATES_DIR)
    assert cited, "the templates cite no paragraph at all: the finder is broken"
    unlisted = {key: files for key, files in cited.items() if listed(*key) is None}
    assert not unlisted, f"cited but not in fut.documents.statutes.CITED_PARAGRAPHS: {unlisted}"


def test_the_paragraphs_the_rules_put_in_letters_are_in_the_list():
    for law in (NEW_SOL, OLD_SOL):
        for section in (law.recovery, law.court_action, law.time_limit, law.waiver):
            for key in citations_in(f"{section} {law.law}"):
                assert listed(*key) is not None, key


def test_a_template_citing_an_unlisted_paragraph_is_caught(tmp_path: Path):
    (tmp_path / "nytt.md").write_text(
        '+++\nkind = "nytt"\ntitle = "Nytt"\nversion = 1\n# 99 kap. 1 § i huvudet räknas inte\n'
        "+++\n{# 98 kap. 1 § i en kommentar räknas inte #}\n"
        "Enligt 33 kap. 2 och 3 §§ socialtjänstlagen (2025:400) och 12 § lagen (1999:1) gäller.\n",
        encoding="utf-8",
    )
    cited = template_citations(tmp_path)
    assert set(cited) == {
        ("2025:400", "33 kap. 2 §"),
        ("2025:400", "33 kap. 3 §"),
        ("1999:1", "12 §"),
    }
    assert [key for key in cited if listed(*key) is None] == list(cited)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Det står i 14 kap. 8 § socialtjänstlagen (2025:400).", {("2025:400", "14 kap. 8 §")}),
        (
            "bidragsbrottslagen (2007:612). Enligt 6 § i den lagen ska en kommun anmäla",
            {("2007:612", "6 §")},
        ),
        (
            "33 kap. 4 och 5 §§ socialtjänstlagen (2025:400)",
            {("2025:400", "33 kap. 4 §"), ("2025:400", "33 kap. 5 §")},
        ),
        ("enligt 7 § utan lag", {("?", "7 §")}),
    ],
)
def test_citations_are_read_with_their_law(text: str, found: set[tuple[str, str]]):
    assert citations_in(text) == found


def test_each_entry_has_a_status_and_a_source_and_is_listed_once():
    keys = [(p.sfs, p.paragraph) for p in CITED_PARAGRAPHS]
    assert len(keys) == len(set(keys))
    for entry in CITED_PARAGRAPHS:
        assert entry.status in {CHECKED, UNCHECKED} and entry.source, entry


@pytest.mark.parametrize("entry", [p for p in CITED_PARAGRAPHS if p.checked], ids=str)
def test_a_checked_paragraph_says_what_the_public_text_says(entry):
    text = (LAW_DIR / entry.law_file).read_bytes().decode("utf-8").replace("\r\n", "\n")
    chapter, _, number = entry.paragraph.rpartition("kap. ")  # "33 kap. ", "5 §"
    assert re.search(rf"^{re.escape(chapter)}kap\.", text, re.M), chapter
    start = re.search(rf"^{re.escape(number)} ", text, re.M)  # a paragraph begins a line
    assert start, f"{number} does not begin a paragraph in {entry.law_file}"
    following = re.sub(r"\s+", " ", text[start.start() : start.start() + 800])
    assert entry.phrase in following, (entry.paragraph, following[:200])


def test_the_readme_table_lists_every_paragraph_with_its_status():
    readme = (DEFAULT_TEMPLATES_DIR / "README.md").read_text(encoding="utf-8")
    for entry in CITED_PARAGRAPHS:
        row = f"| {entry.paragraph} | {entry.law} ({entry.sfs}) | {entry.status} |"
        assert row in readme, row


def test_the_preview_names_the_unchecked_paragraphs(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert preview.main([str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    unchecked = unchecked_cited(DEFAULT_TEMPLATES_DIR)
    assert unchecked and "Lagrum ej kontrollerade mot lagtext" in out
    assert all(item in out for item in unchecked)
    assert "33 kap. 5 § (2025:400)" not in unchecked  # checked against the stored text


def test_printed_text_drops_the_head_and_comments():
    assert printed_text('+++\nkind = "x"\n+++\na {# b #} c') == "\na  c"
