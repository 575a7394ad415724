"""Import laziness, checked in fresh interpreters so other tests' imports don't interfere."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("pyarrow", "pandas", "cattrs", "polars", "duckdb")


def _modules_after(code: str) -> set[str]:
    script = f"import sys, json\n{code}\nprint(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}})))"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    return set(json.loads(out.splitlines()[-1]))


def test_import_loads_no_data_library() -> None:
    loaded = _modules_after("import binhduong_corpus")
    assert loaded.isdisjoint(HEAVY), loaded & set(HEAVY)


@pytest.mark.parametrize(
    "code",
    [
        "import binhduong_corpus as b; [b.load_table(n) for n in b.table_names()]",
        "import binhduong_corpus as b; [b.load_records(n) for n in b.table_names()]; b.get('pt-icf')",
        "from binhduong_corpus.cli import main; main([])",
    ],
)
def test_loading_tables_and_records_does_not_import_pandas(code: str) -> None:
    loaded = _modules_after(code)
    assert "pyarrow" in loaded
    assert "pandas" not in loaded


def test_loading_a_table_needs_no_attrs_and_records_need_no_cattrs() -> None:
    tables_only = _modules_after("import binhduong_corpus as b; [b.load_table(n) for n in b.table_names()]")
    assert tables_only.isdisjoint({"attr", "attrs", "cattrs"}), tables_only & {"attr", "attrs", "cattrs"}
    typed = _modules_after("import binhduong_corpus as b; [b.load_records(n) for n in b.table_names()]")
    assert "attrs" in typed and "cattrs" not in typed


def test_loading_does_not_import_pyarrow_compute() -> None:
    """pyarrow.compute costs about 25 ms to import; plain loads of tables and records never need it."""
    script = (
        "import sys, binhduong_corpus as b\n"
        "[b.load_records(n) for n in b.table_names()]; b.get('pt-icf'); b.verify()\n"
        "print('pyarrow.compute' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
