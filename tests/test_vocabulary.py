"""The search vocabulary: the curated file, its refusals, and the vocabulary.json a build ships.

Every refusal is shown on a copy of ``seeds/`` with one targeted edit of
``seeds/curated/vocabulary.toml``, and names the file, the group (as the
record) and the field, like the refusals of the record files.
"""

from __future__ import annotations

import ast
import json
import re
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import babel
import pytest

import binhduong_corpus as bdc
from binhduong_corpus import _store
from binhduong_corpus._iso3166 import ALPHA2
from binhduong_corpus._postings import fold_text as fold
from binhduong_corpus.build import build, read_curated
from binhduong_corpus.build._vocabulary import GROUP_KINDS, read_vocabulary
from binhduong_corpus.build._vocabulary_files import countries, vocabulary_json
from binhduong_corpus.errors import BuildError
from binhduong_corpus.records import TABLES
from binhduong_corpus.schema import columns

from .conftest import PACKAGE, ROOT, Runner

SEEDS = ROOT / "seeds"
VOCABULARY = SEEDS / "curated" / "vocabulary.toml"
SHIPPED = PACKAGE / "data" / "vocabulary.json"

EINDHOVEN_NOTE = "note = \"src-004 spells the city 'Einhoven', src-001 'Eindhoven' (see docs/curation.md, src-004).\""

#: The closed vocabularies a user searches by word; basis, qualifier, translated and language are not among them.
LABELLED = {"events.kind", "events.role", "partners.kind", "partners.relationship", "awards.tier"}


def vocabulary_file(seeds: Path) -> Path:
    return seeds / "curated" / "vocabulary.toml"


def edit(seeds: Path, old: str, new: str) -> None:
    """Replace ``old``, which must occur exactly once, so each test breaks exactly what it says."""
    path = vocabulary_file(seeds)
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    path.write_text(text.replace(old, new), encoding="utf-8")


def refusal(seeds: Path) -> BuildError:
    with pytest.raises(BuildError) as caught:
        read_curated(seeds)
    return caught.value


def shipped() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SHIPPED.read_text(encoding="utf-8"))
    return data


# --- the committed file -------------------------------------------------------------------------


def test_committed_vocabulary_is_accepted() -> None:
    vocabulary = read_vocabulary(SEEDS)
    assert vocabulary == read_curated(SEEDS).vocabulary
    assert set(vocabulary.values) == LABELLED
    assert all(group.kind in GROUP_KINDS for group in vocabulary.groups)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("FDI", "đầu tư trực tiếp nước ngoài"),
        ("WTA", "World Technopolis Association"),
        ("WTA", "Hiệp hội Đô thị Khoa học Thế giới"),
        ("ICF", "Intelligent Community Forum"),
        ("ICF", "Diễn đàn Cộng đồng thông minh thế giới"),
        ("UBND", "Ủy ban nhân dân"),
        ("UBND", "People's Committee"),
        ("TPTM", "thành phố thông minh"),
        ("smart city", "thành phố thông minh"),
        ("sister city", "kết nghĩa"),
        ("twinning", "kết nghĩa"),
        ("sister locality", "kết nghĩa"),
        ("friendship locality", "hữu nghị"),
        ("Hi-tech Fair", "hội chợ công nghệ cao"),
        ("General Assembly", "Đại hội đồng"),
        ("Einhoven", "Eindhoven"),
    ],
)
def test_the_groups_a_user_needs_are_there(one: str, other: str) -> None:
    # Compared folded, as search compares them: "Hi-tech Fair" is the group's "Hi-Tech Fair".
    groups = [{fold(phrase) for phrase in group.phrases} for group in read_vocabulary(SEEDS).groups]
    assert any(fold(one) in group and fold(other) in group for group in groups)


def test_every_abbreviation_the_sources_print_has_a_group() -> None:
    texts = " ".join(path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt")))
    printed = set(re.findall(r"\b[A-Z]{2,}\b", texts))
    phrases = {fold(phrase) for group in read_vocabulary(SEEDS).groups for phrase in group.phrases}
    # Neither source spells out BEGIC or BDO (the publishers of src-003 and src-002): a group would
    # need an expansion nobody printed. SK is a company's name, not an abbreviation the texts expand.
    unexpanded = {"BEGIC", "BDO", "SK"}
    assert {word for word in printed if fold(word) not in phrases} == unexpanded
    assert unexpanded <= printed, "a source no longer prints one of these; drop it from the list"


def test_every_value_of_the_labelled_columns_has_english_and_vietnamese_labels() -> None:
    values = read_vocabulary(SEEDS).values
    for key in LABELLED:
        table, column = key.split(".")
        (col,) = (c for c in columns(TABLES[table]) if c.name == column)
        assert list(values[key]) == list(col.values)
        assert all(labels["en"] and labels["vi"] for labels in values[key].values())


def test_a_missing_file_is_refused(seeds: Path) -> None:
    vocabulary_file(seeds).unlink()
    err = refusal(seeds)
    assert err.file == str(vocabulary_file(seeds)) and "curated file is missing" in str(err)


def test_an_empty_file_is_a_vocabulary_without_entries(seeds: Path) -> None:
    # Nothing requires a group or a labelled column: search then adds country names only.
    vocabulary_file(seeds).write_text("", encoding="utf-8")
    vocabulary = read_vocabulary(seeds)
    assert vocabulary.groups == () and vocabulary.values == {}


# --- vocabulary.json ----------------------------------------------------------------------------


def test_shipped_file_is_the_committed_vocabulary_as_json() -> None:
    data = shipped()
    assert SHIPPED.read_bytes() == vocabulary_json(read_vocabulary(SEEDS), countries())
    assert list(data) == ["cldr", "countries", "groups", "values"]  # keys sorted, at every level
    raw = SHIPPED.read_text(encoding="utf-8")
    assert raw == json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    assert "Hàn Quốc" in raw  # UTF-8, not \u escapes


def test_groups_keep_the_file_order_and_say_what_the_file_says() -> None:
    curated = tomllib.loads(VOCABULARY.read_text(encoding="utf-8"))["group"]
    groups = shipped()["groups"]
    assert isinstance(groups, list)
    assert [g["id"] for g in groups] == [g["id"] for g in curated]
    assert groups == [dict(sorted(g.items())) for g in curated]
    assert groups[0] == {
        "id": "voc-fdi",
        "kind": "abbreviation",
        "note": groups[0]["note"],
        "phrases": ["FDI", "foreign direct investment", "đầu tư trực tiếp nước ngoài"],
    }


def test_labels_are_given_by_column_value_and_language() -> None:
    values = shipped()["values"]
    assert isinstance(values, dict) and set(values) == LABELLED
    assert values["events.kind"]["fair"] == {"en": ["fair", "trade fair"], "vi": ["hội chợ"]}
    assert "host" in values["events.role"]["host"]["en"] and "đăng cai" in values["events.role"]["host"]["vi"]
    # "tổ chức" (organise, and organisation) is in too much text to stand for hosting.
    assert "tổ chức" not in values["events.role"]["host"]["vi"]


def test_every_country_code_has_its_cldr_names() -> None:
    data = shipped()
    names = data["countries"]
    assert isinstance(names, dict) and set(names) == ALPHA2
    assert all(set(by_lang) == {"en", "vi"} and all(by_lang.values()) for by_lang in names.values())
    assert names["KR"] == {"en": ["South Korea"], "vi": ["Hàn Quốc"]}
    assert names["NL"] == {"en": ["Netherlands"], "vi": ["Hà Lan"]}
    assert names["VN"] == {"en": ["Vietnam"], "vi": ["Việt Nam"]}
    assert data["cldr"] == f"Babel {babel.__version__} (CLDR {babel.core.get_cldr_version()})"


def test_babel_is_pinned_to_the_release_that_wrote_the_shipped_names() -> None:
    extra = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    pins = [d for d in extra["test"] if d.lower().startswith("babel")]
    assert pins == [f"babel=={babel.__version__}"]
    assert shipped()["cldr"].startswith(f"Babel {babel.__version__} ")


def test_a_group_without_a_note_has_no_note_key(seeds: Path, tmp_path: Path) -> None:
    edit(seeds, EINDHOVEN_NOTE + "\n", "")
    build(seeds, tmp_path / "data")
    groups = json.loads((tmp_path / "data" / "vocabulary.json").read_text(encoding="utf-8"))["groups"]
    assert next(g for g in groups if g["id"] == "voc-eindhoven") == {
        "id": "voc-eindhoven",
        "kind": "variant",
        "phrases": ["Eindhoven", "Einhoven"],
    }


def test_moving_labels_or_columns_changes_no_byte(seeds: Path) -> None:
    fair = 'fair = { en = ["fair", "trade fair"], vi = ["hội chợ"] }\n'
    edit(seeds, fair, "")
    edit(seeds, "milestone = {", fair + "milestone = {")
    text = vocabulary_file(seeds).read_text(encoding="utf-8")
    tier = text[text.index("[values.awards.tier]") :]
    vocabulary_file(seeds).write_text(
        text.replace(tier, "").replace("[values.events.kind]", tier + "\n[values.events.kind]"), encoding="utf-8"
    )
    assert vocabulary_json(read_vocabulary(seeds), countries()) == SHIPPED.read_bytes()


def test_the_manifest_vouches_for_the_vocabulary_and_verify_checks_it(
    damaged_install: Callable[[Callable[[Path], object]], Path], run_python: Runner
) -> None:
    assert "vocabulary.json" in bdc.manifest()["metadata"]
    site = damaged_install(lambda data: (data / "vocabulary.json").write_bytes(SHIPPED.read_bytes() + b" "))
    code = "import binhduong_corpus as b; print([c.file for c in b.verify() if not c.ok])"
    result = run_python(code, pythonpath=site)
    assert result.returncode == 0 and result.stdout.strip() == "['vocabulary.json']", result.stderr


def test_docs_list_every_group_and_the_cldr_release() -> None:
    text = (ROOT / "docs" / "vocabulary.md").read_text(encoding="utf-8")
    for group in read_vocabulary(SEEDS).groups:
        assert f"| `{group.id}` | {group.kind} |" in text
    assert countries().cldr in text
    assert "| `KR` | South Korea | Hàn Quốc |" in text


# --- Babel is the build's, never the runtime's ------------------------------------------------------


def _imports_babel(path: Path) -> bool:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
        if isinstance(node, ast.ImportFrom) and node.level == 0:
            names = [node.module or ""]
        if any(name == "babel" or name.startswith("babel.") for name in names):
            return True
    return False


def test_only_the_build_imports_babel() -> None:
    importers = {p.relative_to(PACKAGE).as_posix() for p in sorted(PACKAGE.rglob("*.py")) if _imports_babel(p)}
    assert importers == {"build/_vocabulary_files.py"}


def test_everyday_paths_and_the_build_package_load_no_babel(run_python: Runner) -> None:
    code = (
        "import sys, binhduong_corpus as b, binhduong_corpus.build\n"
        "b.search('FDI'); b.verify(); b.events(country_code='KR')\n"
        "print('babel' in sys.modules)"
    )
    result = run_python(code)
    assert result.returncode == 0 and result.stdout.strip() == "False", result.stderr


def test_every_spelling_of_a_name_finds_every_record_that_prints_one() -> None:
    # Spelling as printed and the canonical spelling are both kept: searching either finds them all.
    groups = [g for g in _store.vocabulary()["groups"] if g["kind"] == "variant"]
    assert groups
    for group in groups:
        folded = [fold(phrase) for phrase in group["phrases"]]
        holders = {
            record.id
            for name in bdc.table_names()
            if name not in ("evidence", "sources")  # a source's text is the document, not a name it holds
            for record in bdc.load_records(name)
            if any(f" {p} " in f" {fold(str(attrs.asdict(record)))} " for p in folded)
        }
        assert holders, group["id"]
        for phrase in group["phrases"]:
            assert holders <= {hit.record_id for hit in bdc.search(phrase, limit=None)}, (group["id"], phrase)
