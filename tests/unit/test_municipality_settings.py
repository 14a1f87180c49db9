"""The municipality's settings file is validated when the system starts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from fut.municipality import MunicipalitySettingsError, load
from fut.settings import REPO_ROOT

GOOD = (REPO_ROOT / "deployments" / "municipality.toml").read_text(encoding="utf-8")


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "municipality.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_settings_file_is_valid():
    municipality = load(REPO_ROOT / "deployments" / "municipality.toml")
    assert municipality.reply_days == 14
    assert municipality.unit("sodermalm").name.startswith("Enheten")
    assert municipality.unit("okand").name == "Socialnämnden, okand"


def test_a_file_without_lagrum_keeps_the_default_citation_texts(tmp_path):
    without = GOOD.split("\n# Lagrum that have not been checked")[0]
    assert "[lagrum]" not in without
    lagrum = load(write(tmp_path, without)).lagrum
    assert lagrum.fl_32 == "32 § förvaltningslagen (2017:900)"
    assert lagrum.sol2001_9_1 == "9 kap. 1 §" and not lagrum.changed()


def test_a_changed_citation_text_is_kept_trimmed(tmp_path):
    text = GOOD.replace("[lagrum]", '[lagrum]\nfl_32 = " 32 § förvaltningslagen (2017:900) "')
    lagrum = load(write(tmp_path, text.replace("# fl_32 =", "# x ="))).lagrum
    assert lagrum.fl_32 == "32 § förvaltningslagen (2017:900)"
    assert not lagrum.changed()


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (('bankgiro = "991-2346"', 'bankgiro = "99-1"'), "bankgiro"),
        (("reply_days = 14", "reply_days = 3"), "reply_days"),
        (("high_amount = 50000", "high_amount = 5000"), "low_amount"),
        (('municipality = "Exempelby kommun"', 'municipality = ""'), "municipality"),
        (("reply_days = 14", "reply_days = 14\nfarg = 1"), "farg"),
        (("reply_days = 14", 'reply_days = 14\nlogo = "saknas.png"'), "logo"),
        (("reply_days = 14", "reply_days = "), "not valid TOML"),
        (("[lagrum]", '[lagrum]\nfl_32 = "  "'), "lagrum.fl_32"),
        (("[lagrum]", '[lagrum]\nsol2001_9_1 = ""'), "lagrum.sol2001_9_1"),
        (("[lagrum]", '[lagrum]\nfl_99 = "99 § förvaltningslagen (2017:900)"'), "lagrum.fl_99"),
    ],
)
def test_bad_value_is_refused_naming_it(tmp_path, change, named):
    with pytest.raises(MunicipalitySettingsError, match=named):
        load(write(tmp_path, GOOD.replace(*change)))


def test_system_does_not_start_with_a_bad_settings_file(tmp_path):
    path = write(tmp_path, GOOD.replace("reply_days = 14", "reply_days = 400"))
    env = {**os.environ, "FUT_VAR_DIR": str(tmp_path / "var"), "FUT_MUNICIPALITY_FILE": str(path)}
    run = subprocess.run(
        [sys.executable, "-m", "fut.cli", "up"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 2
    assert "reply_days" in run.stderr and str(path) in run.stderr
    assert not (tmp_path / "var" / "futflow.db").exists()
