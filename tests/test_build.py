"""`build` as a library call: it leaves the caller's process as it found it."""

from __future__ import annotations

import gc
from pathlib import Path

from guidecompare.builder import build

from .conftest import REAL_SPEC


def test_build_thaws_what_it_froze_for_the_garbage_collector(tmp_path: Path) -> None:
    assert gc.get_freeze_count() == 0
    enabled = gc.isenabled()
    [built] = build([REAL_SPEC], tmp_path / "output", force=True)
    assert built.written
    assert gc.get_freeze_count() == 0
    assert gc.isenabled() == enabled
