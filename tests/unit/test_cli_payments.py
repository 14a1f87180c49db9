"""`fut payments import FILE` on the embedded defaults (SQLite): a summary and exit 0, the
same file again says so, a malformed file names the line and exits 2."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from fut import cli
from tests.testdata import DATA

EXAMPLE = "rickardlindgren_exempelfil_ocr-kontroll_checksiffra_langd.txt"


@pytest.fixture
def instance(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    from fut.db import get_engine
    from fut.municipality import get_municipality
    from fut.settings import get_settings

    monkeypatch.setenv("FUT_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.delenv("FUT_DATABASE_URL", raising=False)
    for cached in (get_settings, get_municipality, get_engine):
        cached.cache_clear()
    yield tmp_path
    get_engine().dispose()
    for cached in (get_settings, get_municipality, get_engine):
        cached.cache_clear()


def test_import_prints_a_summary_and_the_same_file_again_adds_nothing(instance, capsys):
    path = shutil.copy(DATA / "bgmax" / EXAMPLE, instance / "bgmax.txt")
    assert cli.main(["payments", "import", str(path)]) == 0
    first = capsys.readouterr()
    assert first.out.strip() == (
        "bgmax.txt: 9 payments, 0 registered on debts, 9 to the unmatched queue, "
        "0 already read before"
    )
    assert first.err == ""  # no progress bar when standard error is no terminal
    assert cli.main(["payments", "import", str(path)]) == 0
    assert "already imported on" in capsys.readouterr().out


def test_malformed_file_is_refused_naming_the_line(instance, capsys):
    path = DATA / "bgmax" / "zimpler_BgMaxfil4_broken.txt"
    assert cli.main(["payments", "import", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.strip() == (
        "fut payments import: Filen avvisas och inget har ändrats: rad 10: posten är 82 tecken "
        "lång, en BgMax-post är 80"
    )
