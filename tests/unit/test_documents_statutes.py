"""Every statute paragraph a letter cites is in fut.documents.statutes.CITED_PARAGRAPHS with
its status; a checked one is read again in the public statute text kept in tests/data/law/."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from fut.documents import DEFAULT_TEMPLATES_DIR, document_text, preview
from fut.documents.statutes import (
    CHANGED_TEXT,
    CHECKED,
    CITED_PARAGRAPHS,
    DEFAULT_TEXT,
    UNCHECKED,
    citations_in,
    lagrum_overview,
    listed,
    printed_citation,
    printed_text,
    template_citations,
    unlisted_or_written_out,
)
from fut.municipality import LagrumSettings, load
from fut.rules.applicable_law import (
    NEW_SOL,
    OLD_SOL,
    court_action_citation,
    recovery_citation,
    waiver_citation,
)
from fut.settings import REPO_ROOT

LAW_DIR = Path(__file__).resolve().parents[1] / "data" / "law"


def test_no_template_cites_an_unlisted_paragraph_or_writes_out_an_unchecked_one():
    """A template cites only listed paragraphs, and prints an unchecked one from the settings
    (org.lagrum); the finder itself is tested below."""
    assert unlisted_or_written_out(DEFAULT_TEMPLATES_DIR) == {}
    used = {
        key
        for path in DEFAULT_TEMPLATES_DIR.rglob("*.md")
        for key in re.findall(r"org\.lagrum\.(\w+)", printed_text(path.read_text("utf-8")))
    }
    assert used <= set(LagrumSettings.model_fields), used - set(LagrumSettings.model_fields)


def test_every_unchecked_paragraph_has_a_setting_whose_default_cites_it():
    default = LagrumSettings()
    settings = [entry.setting for entry in CITED_PARAGRAPHS if not entry.checked]
    assert sorted(settings) == sorted(LagrumSettings.model_fields)
    for entry in CITED_PARAGRAPHS:
        if entry.checked:
            assert not entry.setting, entry
        else:
            text = printed_citation(entry, default)
            assert citations_in(text) == {(entry.sfs, entry.paragraph)}, text


def test_the_former_law_is_cited_with_the_settings_texts():
    old = LagrumSettings(
        sol2001_9_1="9 kap. 1 a §", sol2001_9_3="9 kap. 3 a §", sol2001_9_4="9 kap. 4 a §"
    ).old_sol()
    before, after = date(2025, 6, 25), date(2025, 7, 1)
    assert recovery_citation(before, old=old) == (
        "9 kap. 1 a § första stycket socialtjänstlagen (2001:453)"
    )
    assert court_action_citation(before, old) == "9 kap. 3 a § socialtjänstlagen (2001:453)"
    assert waiver_citation(before, old) == "9 kap. 4 a § socialtjänstlagen (2001:453)"
    assert waiver_citation(after, old) == "33 kap. 6 § socialtjänstlagen (2025:400)"
    assert LagrumSettings().old_sol() == OLD_SOL


def test_a_municipality_file_changing_a_citation_changes_the_letters(tmp_path):
    shipped = (REPO_ROOT / "deployments" / "municipality.toml").read_text(encoding="utf-8")
    path = tmp_path / "municipality.toml"
    path.write_text(
        shipped.replace(
            "[lagrum]",
            '[lagrum]\nbbl_6 = "6 § första stycket bidragsbrottslagen (2007:612)"\n'
            'osl_10_28 = "10 kap. 28 § OSL (2009:400)"\n'
            'sol_14_8 = "14 kap. 8 § SoL (2025:400)"',
        ),
        encoding="utf-8",
    )
    lagrum = load(path).lagrum
    written = preview.render_catalogue(tmp_path / "out", lagrum=lagrum)
    text = {p.stem: document_text(p.read_bytes()) for p in written}
    assert "Enligt 6 § första stycket bidragsbrottslagen (2007:612) ska" in text["polisanmalan"]
    assert "(10 kap. 28 § OSL (2009:400))" in text["underrattelse_annan_myndighet"]
    assert "Det står i 14 kap. 8 § SoL (2025:400)." in text["kommunicering"]
    assert "14 kap. 8 § socialtjänstlagen" not in text["kommunicering"]
    default = {p.stem: document_text(p.read_bytes()) for p in preview.render_catalogue(tmp_path)}
    assert "Enligt 6 § bidragsbrottslagen (2007:612) ska" in default["polisanmalan"]


def test_the_overview_marks_default_texts_unchecked_and_changed_ones_changed():
    lines = {line.paragraph.setting: line for line in lagrum_overview(LagrumSettings())}
    assert lines["fl_32"].status == DEFAULT_TEXT == "ej kontrollerad (standardtext)"
    assert lines[""].status == CHECKED
    changed = lagrum_overview(LagrumSettings(fl_32="32 § FL"))
    status = {line.paragraph.setting: (line.status, line.text) for line in changed}
    assert status["fl_32"] == (CHANGED_TEXT, "32 § FL")
    assert status["fl_33"][0] == DEFAULT_TEXT


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
    assert unlisted_or_written_out(tmp_path) == cited


def test_a_template_writing_out_an_unchecked_paragraph_is_caught(tmp_path: Path):
    (tmp_path / "nytt.md").write_text(
        "Det står i 14 kap. 8 § socialtjänstlagen (2025:400) och 33 kap. 6 § samma lag "
        "socialtjänstlagen (2025:400).\n",
        encoding="utf-8",
    )
    assert set(unlisted_or_written_out(tmp_path)) == {("2025:400", "14 kap. 8 §")}


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
        setting = f"`lagrum.{entry.setting}`" if entry.setting else "–"
        row = (
            f"| {entry.paragraph} | {entry.law} ({entry.sfs}) | {entry.status} "
            f"| {entry.source} | {setting} |"
        )
        assert row in readme, row


def test_the_preview_marks_default_texts_unchecked(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert preview.main([str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    overview = (tmp_path / "out" / "lagrum.md").read_text(encoding="utf-8")
    unchecked = [entry for entry in CITED_PARAGRAPHS if not entry.checked]
    assert f"Lagrum ej kontrollerade mot lagtext ({len(unchecked)})" in out
    for entry in unchecked:
        text = printed_citation(entry, LagrumSettings())
        assert f"{text} [ej kontrollerad (standardtext)]" in out
        assert f"`lagrum.{entry.setting}` | {text} | ej kontrollerad (standardtext) |" in overview
    assert "33 kap. 5 § socialtjänstlagen (2025:400) | kontrollerad |" in overview
    assert "33 kap. 5 § socialtjänstlagen (2025:400) [" not in out  # checked


def test_printed_text_drops_the_head_and_comments():
    assert printed_text('+++\nkind = "x"\n+++\na {# b #} c') == "\na  c"
