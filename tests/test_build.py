"""`build` as a library call: it leaves the caller's process as it found it."""

from __future__ import annotations

import gc
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from guidecompare.errors import SpecError
from guidecompare.pipeline.build import _outputs_of_directory, build

from .conftest import REAL_SPEC


def test_build_thaws_what_it_froze_for_the_garbage_collector(tmp_path: Path) -> None:
    assert gc.get_freeze_count() == 0
    enabled = gc.isenabled()
    [built] = build([REAL_SPEC], tmp_path / "output", force=True)
    assert built.written
    assert gc.get_freeze_count() == 0
    assert gc.isenabled() == enabled


def test_build_leaves_objects_its_caller_froze_frozen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("one comparison is built in this process, without workers")

    monkeypatch.setattr("concurrent.futures.ProcessPoolExecutor", no_pool)
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        build([REAL_SPEC], tmp_path / "output", force=True)
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()


# Modules a build of one comparison never needs: the process pool's (one comparison is built
# in this process), and the network's (xml.sax.saxutils would bring urllib.request, http.client
# and ssl along), and the DataFrame API's.
UNNEEDED = ("multiprocessing", "concurrent.futures", "urllib.request", "ssl", "pandas")


def test_a_build_of_one_comparison_imports_nothing_it_does_not_need(tmp_path: Path) -> None:
    """Start-up (issue 16): the pool's, the network's and pandas' modules are never imported."""
    script = (
        "import sys; from guidecompare.pipeline.build import build; "
        f"build([{str(REAL_SPEC)!r}], {str(tmp_path / 'out')!r}, force=True); "
        f"print(sorted(m for m in {UNNEEDED!r} if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
    assert (tmp_path / "out" / "ketamine-crps" / "comparison.pdf").is_file()


def test_a_spec_changed_while_building_is_reported_from_a_worker(tmp_path: Path) -> None:
    """A worker finds the spec no longer what was validated: a clear error crosses processes."""
    spec = tmp_path / "ketamine-crps"
    shutil.copytree(REAL_SPEC, spec)
    with pytest.raises(SpecError) as raised:
        _outputs_of_directory(spec, "the fingerprint validation saw")
    error = pickle.loads(pickle.dumps(raised.value))  # as a process pool sends it
    assert isinstance(error, SpecError)
    assert error.lines() == [
        f"{(spec / 'comparison.yaml').as_posix()}: a spec file of this comparison changed while "
        "build was running: run build again",
        "1 problem in the specs; comparisons written before it was found are complete, "
        "the others untouched.",
    ]
