"""The parsed-font cache: the same fonts and the same PDF bytes, and never trusted blindly."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from guidecompare import fontcache
from guidecompare.glyphs import FONT_FILES, FONT_NAMES

from .conftest import REAL_SPEC

FONTS = [
    (name, Path(fontcache.__file__).parent / "fonts" / FONT_FILES[face])
    for face, name in FONT_NAMES.items()
]


@pytest.fixture(autouse=True)
def trusted_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts trusting the cache (an earlier `check --full` in this process may not)."""
    monkeypatch.setattr(fontcache, "_trusted", True)


def test_restored_fonts_equal_parsed_fonts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(fontcache.ENV_CACHE_DIR, str(tmp_path))
    parsed = fontcache.load_fonts(FONTS)  # parses and writes the cache
    assert len(list(tmp_path.glob("fonts-*.pickle"))) == 1
    restored = fontcache.load_fonts(FONTS)
    for old, new in zip(parsed, restored, strict=True):
        assert new is not old
        assert set(vars(new)) == set(vars(old))
        assert set(vars(new.face)) == set(vars(old.face))
        for key, value in vars(old.face).items():
            if key != "_pdfScale":
                assert getattr(new.face, key) == value, key
        assert new.face._pdfScale(1234) == old.face._pdfScale(1234)
        assert new.face.name.ustr == old.face.name.ustr
        text = "Ketamine 0.35 mg/kg/h \u2013 \u2265 4 h"
        assert new.stringWidth(text, 9) == old.stringWidth(text, 9)


def _build(out: Path, cache: str) -> bytes:
    env = {**os.environ, fontcache.ENV_CACHE_DIR: cache}
    subprocess.run(
        [sys.executable, "-m", "guidecompare", "build", str(REAL_SPEC), "--out", str(out)],
        check=True, capture_output=True, env=env,
    )  # fmt: skip
    return (out / "ketamine-crps" / "comparison.pdf").read_bytes()


def test_the_pdf_is_the_same_with_or_without_the_cache(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    without = _build(tmp_path / "a", "")
    assert not cache.exists()
    first = _build(tmp_path / "b", str(cache))  # parses, writes the cache
    assert list(cache.glob("fonts-*.pickle"))
    second = _build(tmp_path / "c", str(cache))  # restores from the cache
    assert without == first == second


class _Payload:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, ("touch PWNED",))


@pytest.mark.parametrize(
    "content", [b"not a pickle", b"", "payload"], ids=["junk", "empty", "code"]
)
def test_a_bad_cache_file_is_ignored_and_never_runs_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: bytes | str
) -> None:
    monkeypatch.setenv(fontcache.ENV_CACHE_DIR, str(tmp_path))
    monkeypatch.chdir(tmp_path)
    fontcache.load_fonts(FONTS)
    [cache_file] = tmp_path.glob("fonts-*.pickle")
    data = pickle.dumps([_Payload()]) if content == "payload" else content
    assert isinstance(data, bytes)
    cache_file.write_bytes(data)
    fonts = fontcache.load_fonts(FONTS)
    assert not (tmp_path / "PWNED").exists()
    assert [f.fontName for f in fonts] == [name for name, _ in FONTS]
    assert fonts[0].face.numGlyphs > 5000


def test_an_unwritable_cache_place_is_no_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache directory would go", encoding="utf-8")
    monkeypatch.setenv(fontcache.ENV_CACHE_DIR, str(blocker / "cache"))
    assert len(fontcache.load_fonts(FONTS)) == 4


def test_cache_place_follows_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(fontcache.ENV_CACHE_DIR, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", "/somewhere")
    assert fontcache.cache_dir() == Path("/somewhere/guidecompare")
    monkeypatch.setenv(fontcache.ENV_CACHE_DIR, "")
    assert fontcache.cache_dir() is None


def _tamper(directory: Path) -> None:
    """Swap the glyphs of '0' and '5' in the cached regular face: a wrong figure, same text."""
    [cache_file] = directory.glob("fonts-*.pickle")
    state = pickle.loads(cache_file.read_bytes())
    glyphs = state[0][1]["charToGlyph"]
    glyphs[ord("0")], glyphs[ord("5")] = glyphs[ord("5")], glyphs[ord("0")]
    cache_file.write_bytes(pickle.dumps(state))


def _zero_glyph(fonts: list[object]) -> int:
    glyph: int = fonts[0].face.charToGlyph[ord("0")]  # type: ignore[attr-defined]
    return glyph


def test_a_cache_others_can_write_to_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(fontcache.ENV_CACHE_DIR, str(tmp_path / "cache"))
    truth = _zero_glyph(fontcache.load_fonts(FONTS))
    assert (tmp_path / "cache").stat().st_mode & 0o777 == 0o700
    _tamper(tmp_path / "cache")
    assert _zero_glyph(fontcache.load_fonts(FONTS)) != truth  # what a planted cache could do
    (tmp_path / "cache").chmod(0o777)
    assert _zero_glyph(fontcache.load_fonts(FONTS)) == truth


def test_check_full_parses_the_fonts_afresh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(fontcache.ENV_CACHE_DIR, str(tmp_path))
    truth = _zero_glyph(fontcache.load_fonts(FONTS))
    _tamper(tmp_path)
    fontcache.distrust()
    assert _zero_glyph(fontcache.load_fonts(FONTS)) == truth


def test_no_home_directory_means_no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.delenv(fontcache.ENV_CACHE_DIR, raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setattr(Path, "home", no_home)
    assert fontcache.cache_dir() is None
    assert len(fontcache.load_fonts(FONTS)) == 4
