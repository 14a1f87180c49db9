"""Every statute paragraph a letter cites, with whether it has been checked against public
statute text (issue 8, point 6).

Checked means: the paragraph's words were read in a public statute text kept byte for byte
in ``tests/data/law/`` (origin in ``tests/data/SOURCES.md``) and ``phrase`` is found there
after the paragraph's number — ``tests/unit/test_documents_statutes.py`` reads it again on
every run. The only such text today is 33 kap. socialtjänstlagen (2025:400) from
Regeringskansliets rättsdatabaser (se-lex/sfs-processor @ 401412aa,
``data/testdocs/rkrattsbaser/sfs-2025-400.json``). Every other paragraph is listed as
"ej kontrollerad": the preview (``make documents``) names them, and the text citing them is
to be read against SFS before a municipality sends the letter.

``citations_in(text)`` finds the citations in a template ("33 kap. 4 och 5 §§
socialtjänstlagen (2025:400)" gives two); the test fails when a template cites a paragraph
that is not in ``CITED_PARAGRAPHS``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

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


def _unchecked(sfs: str, paragraph: str, law: str, note: str = "") -> CitedParagraph:
    source = "ingen lagtext i tests/data/law/" + (f"; {note}" if note else "")
    return CitedParagraph(sfs, paragraph, law, UNCHECKED, source)


CITED_PARAGRAPHS: tuple[CitedParagraph, ...] = (
    # socialtjänstlagen (2025:400) 33 kap.: read in the stored public text
    _checked("33 kap. 1 §", "kräva tillbaka det som har betalats ut för mycket"),
    _checked("33 kap. 4 §", "väcka talan hos förvaltningsrätten"),
    _checked("33 kap. 5 §", "inom tre år från det att kommunens kostnader uppkom"),
    _checked("33 kap. 6 §", "helt eller delvis avstå från ett krav"),
    # socialtjänstlagen (2025:400), other chapters: no stored text
    _unchecked("2025:400", "14 kap. 8 §", "socialtjänstlagen", "muntliga uppgifter inför nämnden"),
    _unchecked("2025:400", "15 kap. 10 §", "socialtjänstlagen", "bilaga till begäran om uppgifter"),
    _unchecked("2025:400", "15 kap. 11 §", "socialtjänstlagen", "Arbetsförmedlingen"),
    _unchecked("2025:400", "15 kap. 12 §", "socialtjänstlagen", "Skatteverket"),
    # the former socialtjänstlag (2001:453), for assistance granted before 1 July 2025
    _unchecked("2001:453", "9 kap. 1 §", "den tidigare socialtjänstlagen", "återkrav"),
    _unchecked("2001:453", "9 kap. 3 §", "den tidigare socialtjänstlagen", "talan, tre år"),
    _unchecked("2001:453", "9 kap. 4 §", "den tidigare socialtjänstlagen", "eftergift"),
    # other laws
    _unchecked("2017:900", "25 §", "förvaltningslagen", "kommunicering"),
    _unchecked("2017:900", "32 §", "förvaltningslagen", "motivering"),
    _unchecked("2017:900", "33 §", "förvaltningslagen", "underrättelse om beslut"),
    _unchecked("2007:612", "6 §", "bidragsbrottslagen", "kommunens anmälningsskyldighet"),
    _unchecked("2008:206", "3 §", "lagen om underrättelseskyldighet", "numret ej kontrollerat"),
    _unchecked("2009:400", "10 kap. 28 §", "offentlighets- och sekretesslagen"),
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


def unchecked_cited(templates_dir: Path) -> list[str]:
    """The paragraphs the templates cite that are not checked, as "33 kap. 5 § (2025:400)"."""
    keys = sorted(template_citations(templates_dir))
    return [
        f"{paragraph} ({sfs})"
        for sfs, paragraph in keys
        if (entry := listed(sfs, paragraph)) is None or not entry.checked
    ]
