"""Every Python block in the query guide and the worked examples runs, in order, as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import ROOT

GUIDES = ["docs/query.md", "docs/examples.md"]


def _blocks(path: Path) -> list[str]:
    return re.findall(r"^```python\n(.*?)^```", path.read_text(encoding="utf-8"), re.MULTILINE | re.DOTALL)


@pytest.mark.parametrize("guide", GUIDES)
def test_guide_examples_run(guide: str) -> None:
    blocks = _blocks(ROOT / guide)
    assert len(blocks) >= 5, "the guide lost its examples"
    namespace: dict[str, object] = {}
    for number, block in enumerate(blocks, 1):
        exec(compile(block, f"{guide} block {number}", "exec"), namespace)
