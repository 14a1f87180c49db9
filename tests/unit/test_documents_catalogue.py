"""The template catalogue: every kind the product needs, each template well formed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from fut.documents import DEFAULT_TEMPLATES_DIR, TemplateError, list_templates, render_document
from fut.documents.examples import example_context, example_kinds

CONTRACT_KINDS = {
    "kommunicering",
    "beslut_aterkrav",
    "beslut_ingen_atgard",
    "polisanmalan",
    "begaran_overprovning",
    "information_nedlagd_fu",
    "begaran_uppgifter",
    "underrattelse_annan_myndighet",
    "efterkontroll",
    "kommunicering_betalningsformaga",
    "avbetalningsplan",
    "fakturaunderlag",
    "skuld_under_bistand",
    "erbjudande_avbetalningsplan",
    "avbrutna_avbetalningar",
    "begaran_handlingar_ersattningstalan",
    "ansokan_ersattningstalan",
    "beslut_eftergift",
    "kallelse_mote",
    "andrad_avbetalningsplan",
    "skuld_betald",
    "beslutsunderlag",
    "anmalan_fut",
    "underrattelse_lamnat_bistand",
}

GOOD = """+++
kind = "{kind}"
title = "Provbrev"
version = 1

[variables]
amount = "Belopp"
+++
{{% include "blocks/brevhuvud.md" %}}

# Provbrev

Du ska betala {{{{ amount|kr }}}}.
"""


@pytest.fixture()
def templates(tmp_path: Path) -> Path:
    """A private copy of the blocks, so a test can add broken templates."""
    shutil.copytree(DEFAULT_TEMPLATES_DIR / "blocks", tmp_path / "blocks")
    return tmp_path


def test_catalogue_has_exactly_the_contracted_kinds_each_with_an_example():
    kinds = {info.kind for info in list_templates()}
    assert kinds == CONTRACT_KINDS
    assert len(kinds) >= 24
    assert set(example_kinds()) == CONTRACT_KINDS


def test_every_template_has_swedish_title_version_hash_and_declared_common_variables():
    for info in list_templates():
        assert info.title and info.version >= 1
        assert len(info.sha256) == 64
        assert info.path.name == f"{info.kind}.md"
        for common in ("org", "case_number", "today", "officer", "client"):
            assert common in info.variables


def test_decisions_carry_their_remedy_block():
    remedies = {info.kind: info.remedy for info in list_templates()}
    assert remedies["beslut_aterkrav"] == "overklagande_aterkrav"
    assert remedies["beslut_eftergift"] == "overklagande_eftergift"
    assert remedies["kommunicering"] == "ratt_att_yttra_sig"


def test_nested_variables_are_listed_with_their_fields():
    info = next(i for i in list_templates() if i.kind == "beslut_aterkrav")
    assert "total" in info.variables["decision"]
    assert "overpaid" in info.variables["months"]


def test_a_good_template_in_another_folder_renders(templates: Path):
    (templates / "provbrev.md").write_text(GOOD.format(kind="provbrev"), encoding="utf-8")
    context = {**example_context("kommunicering"), "amount": 12500}
    document = render_document("provbrev", context, templates_dir=templates)
    assert document.template_version.startswith("provbrev v1 sha256:")


def test_jinja_syntax_error_names_the_file_and_line(templates: Path):
    broken = GOOD.format(kind="trasig").replace("{{ amount|kr }}", "{{ amount|kr }")
    (templates / "trasig.md").write_text(broken, encoding="utf-8")
    with pytest.raises(TemplateError) as caught:
        list_templates(templates)
    assert "trasig.md" in str(caught.value)
    assert "rad 13" in str(caught.value)


def test_syntax_error_in_render_also_names_the_file(templates: Path):
    broken = GOOD.format(kind="trasig").replace("# Provbrev", "{% if %}")
    (templates / "trasig.md").write_text(broken, encoding="utf-8")
    with pytest.raises(TemplateError, match="trasig.md"):
        render_document("trasig", example_context("kommunicering"), templates_dir=templates)


def test_broken_toml_header_names_the_file(templates: Path):
    (templates / "trasig.md").write_text("+++\nkind = \n+++\n", encoding="utf-8")
    with pytest.raises(TemplateError, match=r"trasig\.md.*TOML"):
        list_templates(templates)


def test_header_kind_must_match_the_file_name(templates: Path):
    (templates / "annat.md").write_text(GOOD.format(kind="provbrev"), encoding="utf-8")
    with pytest.raises(TemplateError, match="filnamnet"):
        list_templates(templates)


def test_a_variable_used_but_not_declared_is_refused(templates: Path):
    text = GOOD.format(kind="provbrev").replace("# Provbrev", "# {{ secret_field }}")
    (templates / "provbrev.md").write_text(text, encoding="utf-8")
    with pytest.raises(TemplateError, match="secret_field"):
        list_templates(templates)


def test_a_missing_block_is_named(templates: Path):
    text = GOOD.format(kind="provbrev").replace("brevhuvud", "finns_inte")
    (templates / "provbrev.md").write_text(text, encoding="utf-8")
    with pytest.raises(TemplateError, match="finns_inte"):
        list_templates(templates)


def test_declared_remedy_must_be_included(templates: Path):
    text = GOOD.format(kind="provbrev").replace("version = 1", 'version = 1\nremedy = "x"')
    (templates / "provbrev.md").write_text(text, encoding="utf-8")
    with pytest.raises(TemplateError, match="remedy_block"):
        list_templates(templates)


def test_readme_in_templates_folder_is_not_a_template(templates: Path):
    (templates / "README.md").write_text("# Mallar\n", encoding="utf-8")
    assert list_templates(templates) == []
