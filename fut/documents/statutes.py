"""Every statute paragraph a letter cites, with whether it has been checked against public
statute text (issue 8, point 6).

Checked means: the paragraph's words were read in a public statute text kept byte for byte
in ``tests/data/law/`` (origin in ``tests/data/SOURCES.md``) and ``phrase`` is found there
after the paragraph's number — ``tests/unit/test_documents_statutes.py`` reads it again on
every run. The only such text today is 33 kap. socialtjänstlagen (2025:400) from
Regeringskansliets rättsdatabaser (se-lex/sfs-processor @ 401412aa,
``data/testdocs/rkrattsbaser/sfs-2025-400.json``); checked paragraphs stay in code and in
the templates. Every other paragraph is "ej kontrollerad" and its citation text is a
municipality setting (``setting``: a key of ``[lagrum]`` in the municipality file,
``fut.municipality.LagrumSettings``), which letters print via ``org.lagrum``; the preview
(``make documents``) lists each one with its text, marking a default text
"ej kontrollerad (standardtext)" (``lagrum_overview``). The municipality reads it against SFS
before sending letters.

``citations_in(text)`` finds the citations in a template ("33 kap. 4 och 5 §§
socialtjänstlagen (2025:400)" gives two); the tests fail when a template cites a paragraph
that is not in ``CITED_PARAGRAPHS`` or writes out an unchecked one instead of its setting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from fut.municipality import LagrumSettings
from fut.rules.applicable_law import OLD_SOL

CHECKED = "kontrollerad"
UNCHECKED = "ej kontrollerad"
SOL_33_SOURCE = "tests/data/law/SFS2025-400_socialtjanstlag_33kap_aterkrav.txt (rkrattsbaser)"


@dataclass(frozen=True)
class CitedParagraph:
    sfs: str
    """The law's SFS number, e.g. "2025:400"."""
    paragraph: str
    """As cited, e.g. "33 kap. 5 §" or "25 §"."""
    law: str
    """The law's name, for the list."""
    status: str
    source: str
    phrase: str = ""
    """For a checked paragraph: words of it, found in the stored text after its number."""
    law_file: str = ""
    """For a checked paragraph: the file in tests/data/law/ it was checked against."""
    setting: str = ""
    """For an unchecked paragraph: its key in the municipality settings' ``[lagrum]``."""

    @property
    def checked(self) -> bool:
        return self.status == CHECKED


_SOL33 = "SFS2025-400_socialtjanstlag_33kap_aterkrav.txt"


def _checked(paragraph: str, phrase: str) -> CitedParagraph:
    return CitedParagraph(
        "2025:400",
        paragraph,
        "socialtjänstlagen",
        CHECKED,
        SOL_33_SOURCE,
        phrase=phrase,
        law_file=_SOL33,
    )


def _unchecked(setting: str, sfs: str, paragraph: str, law: str, note: str = "") -> CitedParagraph:
    source = "ingen lagtext i tests/data/law/" + (f"; {note}" if note else "")
    return CitedParagraph(sfs, paragraph, law, UNCHECKED, source, setting=setting)


CITED_PARAGRAPHS: tuple[CitedParagraph, ...] = (
    # socialtjänstlagen (2025:400) 33 kap.: read in the stored public text
    _checked("33 kap. 1 §", "kräva tillbaka det som har betalats ut för mycket"),
    _checked("33 kap. 4 §", "väcka talan hos förvaltningsrätten"),
    _checked("33 kap. 5 §", "inom tre år från det att kommunens kostnader uppkom"),
    _checked("33 kap. 6 §", "helt eller delvis avstå från ett krav"),
    # socialtjänstlagen (2025:400), other chapters: no stored text
    _unchecked(
        "sol_14_8",
        "2025:400",
        "14 kap. 8 §",
        "socialtjänstlagen",
        "muntliga uppgifter inför nämnden",
    ),
    _unchecked(
        "sol_15_10",
        "2025:400",
        "15 kap. 10 §",
        "socialtjänstlagen",
        "bilaga till begäran om uppgifter",
    ),
    _unchecked("sol_15_11", "2025:400", "15 kap. 11 §", "socialtjänstlagen", "Arbetsförmedlingen"),
    _unchecked("sol_15_12", "2025:400", "15 kap. 12 §", "socialtjänstlagen", "Skatteverket"),
    # the former socialtjänstlag (2001:453), for assistance granted before 1 July 2025
    _unchecked(
        "sol2001_9_1", "2001:453", "9 kap. 1 §", "den tidigare socialtjänstlagen", "återkrav"
    ),
    _unchecked(
        "sol2001_9_3", "2001:453", "9 kap. 3 §", "den tidigare socialtjänstlagen", "talan, tre år"
    ),
    _unchecked(
        "sol2001_9_4", "2001:453", "9 kap. 4 §", "den tidigare socialtjänstlagen", "eftergift"
    ),
    # other laws
    _unchecked("fl_25", "2017:900", "25 §", "förvaltningslagen", "kommunicering"),
    _unchecked("fl_32", "2017:900", "32 §", "förvaltningslagen", "motivering"),
    _unchecked("fl_33", "2017:900", "33 §", "förvaltningslagen", "underrättelse om beslut"),
    _unchecked("bbl_6", "2007:612", "6 §", "bidragsbrottslagen", "kommunens anmälningsskyldighet"),
    _unchecked(
        "lag_2008_206_3",
        "2008:206",
        "3 §",
        "lagen om underrättelseskyldighet",
        "numret ej kontrollerat",
    ),
    _unchecked("osl_10_28", "2009:400", "10 kap. 28 §", "offentlighets- och sekretesslagen"),
)

_BY_KEY = {(p.sfs, p.paragraph): p for p in CITED_PARAGRAPHS}

_REFERENCE = re.compile(
    r"(?:(?P<chapter>\d+) kap\. )?"
    r"(?P<first>\d+(?: [a-z])?)(?P<more>(?:(?:,| och| respektive) \d+(?: [a-z])?)*) §§?"
)
_SFS = re.compile(r"\((\d{4}:\d+)\)")
_SAME_LAW = re.compile(r"^\s*i (?:den|samma) lagen")
_LOOK_AHEAD = 90


def _sfs_for(text: str, start: int, end: int) -> str:
    """The SFS number the citation ending at ``end`` refers to: the next one in the same
    sentence, or for "... § i den lagen" the last one before the citation."""
    after = text[end:]
    if _SAME_LAW.match(after):
        before = _SFS.findall(text[:start])
        return before[-1] if before else "?"
    found = _SFS.search(after[:_LOOK_AHEAD])
    return found.group(1) if found else "?"


def citations_in(text: str) -> set[tuple[str, str]]:
    """(SFS number, paragraph) of every citation in the text; "?" when no law is named."""
    found: set[tuple[str, str]] = set()
    for match in _REFERENCE.finditer(text):
        sfs = _sfs_for(text, match.start(), match.end())
        chapter = f"{match['chapter']} kap. " if match["chapter"] else ""
        numbers = [match["first"], *re.findall(r"\d+(?: [a-z])?", match["more"] or "")]
        for number in numbers:
            found.add((sfs, f"{chapter}{number} §"))
    return found


def printed_text(template_text: str) -> str:
    """What of a template file can reach a letter: the body without its TOML head and
    without jinja comments."""
    text = template_text.replace("\r\n", "\n")
    if text.startswith("+++"):
        parts = text.split("+++", 2)
        text = parts[2] if len(parts) == 3 else ""
    return re.sub(r"\{#.*?#\}", "", text, flags=re.S)


def template_citations(templates_dir: Path) -> dict[tuple[str, str], list[str]]:
    """Every citation in the templates and blocks: (SFS, paragraph) -> files citing it."""
    cited: dict[tuple[str, str], list[str]] = {}
    for path in sorted(templates_dir.rglob("*.md")):
        if path.name == "README.md":
            continue
        text = printed_text(path.read_text(encoding="utf-8"))
        for key in citations_in(text):
            cited.setdefault(key, []).append(path.relative_to(templates_dir).as_posix())
    return cited


def listed(sfs: str, paragraph: str) -> CitedParagraph | None:
    return _BY_KEY.get((sfs, paragraph))


def unlisted_or_written_out(templates_dir: Path) -> dict[tuple[str, str], list[str]]:
    """Citations in the templates that are not listed, or that write out an unchecked
    paragraph instead of printing its setting (``org.lagrum``); should be empty."""
    return {
        key: files
        for key, files in template_citations(templates_dir).items()
        if (entry := listed(*key)) is None or not entry.checked
    }


DEFAULT_TEXT = "ej kontrollerad (standardtext)"
CHANGED_TEXT = "ändrad av kommunen"


@dataclass(frozen=True)
class LagrumLine:
    """One line of the preview's overview of the cited paragraphs."""

    paragraph: CitedParagraph
    text: str
    """What letters print: the setting's text, or the paragraph and law for a checked one."""
    status: str
    """"kontrollerad", "ej kontrollerad (standardtext)" or "ändrad av kommunen"."""


def printed_citation(entry: CitedParagraph, lagrum: LagrumSettings) -> str:
    """The citation of a paragraph as the letters print it with these settings."""
    if not entry.setting:
        return f"{entry.paragraph} {entry.law} ({entry.sfs})"
    text = str(getattr(lagrum, entry.setting))
    return f"{text} {OLD_SOL.law}" if entry.sfs == "2001:453" else text


def lagrum_overview(lagrum: LagrumSettings) -> list[LagrumLine]:
    """Every cited paragraph with the text letters print and its status: a checked one
    "kontrollerad", an unchecked one "ej kontrollerad (standardtext)" while the municipality
    keeps the default text, "ändrad av kommunen" when it has set its own."""
    changed = lagrum.changed()
    return [
        LagrumLine(
            entry,
            printed_citation(entry, lagrum),
            CHECKED
            if entry.checked
            else CHANGED_TEXT
            if entry.setting in changed
            else DEFAULT_TEXT,
        )
        for entry in CITED_PARAGRAPHS
    ]


def lagrum_markdown(lines: list[LagrumLine]) -> str:
    """The overview written to the preview folder as lagrum.md."""
    rows = [
        "# Lagrum i breven",
        "",
        "Ej kontrollerade lagrum är inställningar i kommunfilens `[lagrum]`: läs dem mot SFS"
        " och ändra texten där. Kontrollerade lagrum är lästa mot offentlig lagtext.",
        "",
        "| Lagrum | Inställning | Text i breven | Status | Källa |",
        "|---|---|---|---|---|",
    ]
    for line in lines:
        entry = line.paragraph
        setting = f"`lagrum.{entry.setting}`" if entry.setting else "–"
        rows.append(
            f"| {entry.paragraph} {entry.law} ({entry.sfs}) | {setting} | {line.text} "
            f"| {line.status} | {entry.source} |"
        )
    return "\n".join(rows) + "\n"
