"""The parsed-font cache: the same fonts and the same PDF bytes, and never trusted blindly."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from reportlab.pdfbase import ttfonts

from guidecompare.render import fontcache
from guidecompare.render.glyphs import FONT_FILES, FONT_NAMES

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


def _build(out: Path, cache: str, timeout: float | None = None) -> bytes:
    env = {**os.environ, fontcache.ENV_CACHE_DIR: cache}
    subprocess.run(
        [sys.executable, "-m", "guidecompare", "build", str(REAL_SPEC), "--out", str(out)],
        check=True, capture_output=True, env=env, timeout=timeout,
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


def _cache_file(directory: Path) -> Path:
    [found] = directory.glob("fonts-*.pickle")
    return found


def _states(directory: Path) -> Any:
    """What the cache in `directory` holds, unpickled without any check."""
    _magic, _digest, payload = _cache_file(directory).read_bytes().split(b"\n", 2)
    return pickle.loads(payload)


def _rewrite(directory: Path, payload: bytes, *, seal: bool) -> None:
    """Put `payload` in the cache: under a digest recomputed for it (`seal`), or the old one."""
    path = _cache_file(directory)
    magic, digest, _ = path.read_bytes().split(b"\n", 2)
    if seal:
        key = fontcache._cache_key([name for name, _ in FONTS], [p.read_bytes() for _, p in FONTS])
        digest = fontcache._seal(key, payload)
    path.write_bytes(magic + b"\n" + digest + b"\n" + payload)


@pytest.mark.parametrize(
    "content", [b"not a pickle", b"", "payload"], ids=["junk", "empty", "code"]
)
def test_a_bad_cache_file_is_ignored_and_never_runs_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: bytes | str
) -> None:
    monkeypatch.setenv(fontcache.ENV_CACHE_DIR, str(tmp_path))
    monkeypatch.chdir(tmp_path)
    fontcache.load_fonts(FONTS)
    if content == "payload":  # sealed, so that it reaches the unpickler
        _rewrite(tmp_path, pickle.dumps([_Payload()]), seal=True)
    else:
        assert isinstance(content, bytes)
        _cache_file(tmp_path).write_bytes(content)
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
    assert len(fontcache.load_fonts(FONTS)) == len(FONTS) == 3


def test_cache_place_follows_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(fontcache.ENV_CACHE_DIR, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", "/somewhere")
    assert fontcache.cache_dir() == Path("/somewhere/guidecompare")
    monkeypatch.setenv(fontcache.ENV_CACHE_DIR, "")
    assert fontcache.cache_dir() is None


def _tamper(directory: Path, *, seal: bool) -> None:
    """Swap the glyphs of '0' and '5' in the cached regular face: a wrong figure, same text."""
    state = _states(directory)
    glyphs = state[0][1]["charToGlyph"]
    glyphs[ord("0")], glyphs[ord("5")] = glyphs[ord("5")], glyphs[ord("0")]
    _rewrite(directory, pickle.dumps(state), seal=seal)


def _zero_glyph(fonts: list[object]) -> int:
    glyph: int = fonts[0].face.charToGlyph[ord("0")]  # type: ignore[attr-defined]
    return glyph


def test_a_cache_others_can_write_to_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(fontcache.ENV_CACHE_DIR, str(tmp_path / "cache"))
    truth = _zero_glyph(fontcache.load_fonts(FONTS))
    assert (tmp_path / "cache").stat().st_mode & 0o777 == 0o700
    _tamper(tmp_path / "cache", seal=True)
    # What a planted cache could do, digest and all (the module docstring says so).
    assert _zero_glyph(fontcache.load_fonts(FONTS)) != truth
    (tmp_path / "cache").chmod(0o777)
    assert _zero_glyph(fontcache.load_fonts(FONTS)) == truth


def test_check_full_parses_the_fonts_afresh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(fontcache.ENV_CACHE_DIR, str(tmp_path))
    truth = _zero_glyph(fontcache.load_fonts(FONTS))
    _tamper(tmp_path, seal=True)
    fontcache.distrust()
    assert _zero_glyph(fontcache.load_fonts(FONTS)) == truth


def test_no_home_directory_means_no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.delenv(fontcache.ENV_CACHE_DIR, raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setattr(Path, "home", no_home)
    assert fontcache.cache_dir() is None
    assert len(fontcache.load_fonts(FONTS)) == len(FONTS) == 3


def test_a_valid_cache_is_used_without_parsing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(fontcache.ENV_CACHE_DIR, str(tmp_path))
    fontcache.load_fonts(FONTS)

    def no_parsing(*args: object, **kwargs: object) -> None:
        raise AssertionError("the fonts were parsed although the cache holds them")

    monkeypatch.setattr(ttfonts.TTFont, "__init__", no_parsing)
    assert [f.fontName for f in fontcache.load_fonts(FONTS)] == [name for name, _ in FONTS]


def test_an_edited_glyph_map_is_rejected_and_the_cache_rebuilt(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    without = _build(tmp_path / "a", "")
    _build(tmp_path / "b", str(cache))
    truth = _states(cache)[0][1]["charToGlyph"][ord("0")]
    _tamper(cache, seal=False)  # a well-typed edit, the digest left as it was
    assert _build(tmp_path / "c", str(cache)) == without
    assert _states(cache)[0][1]["charToGlyph"][ord("0")] == truth  # written afresh


def _set(face: str, value: object) -> Callable[[list[Any]], None]:
    def edit(states: list[Any]) -> None:
        states[0][1][face] = value

    return edit


def _glyph_of_zero(value: object) -> Callable[[list[Any]], None]:
    def edit(states: list[Any]) -> None:
        states[0][1]["charToGlyph"][ord("0")] = value

    return edit


def _drop(face: str) -> Callable[[list[Any]], None]:
    def edit(states: list[Any]) -> None:
        del states[0][1][face]

    return edit


def _width_of_zero(value: object) -> Callable[[list[Any]], None]:
    def edit(states: list[Any]) -> None:
        states[0][1]["charWidths"][ord("0")] = value

    return edit


def _rename(states: list[Any]) -> None:
    states[0][0]["fontName"] = "Helvetica"


def _swap_faces(states: list[Any]) -> None:
    states[0], states[1] = states[1], states[0]


def _short_positions(states: list[Any]) -> None:
    states[0][1]["glyphPos"].pop()


# Each edit is sealed with a recomputed digest: the values themselves must be refused.
@pytest.mark.parametrize(
    "edit",
    [
        _set("unitsPerEm", 0),
        _set("unitsPerEm", 2048.0),
        _set("ascent", float("nan")),
        _set("numGlyphs", 10**9),
        _set("hmetrics", []),
        _set("bbox", [0, 0, 0]),
        _set("extra", 1),
        _drop("charWidths"),
        _glyph_of_zero(10**6),  # no such glyph
        _glyph_of_zero(-1),
        _glyph_of_zero("17"),
        _width_of_zero(float("inf")),
        _width_of_zero(-600.0),
        _width_of_zero("600"),
        _rename,
        _swap_faces,
        _short_positions,
    ],
    ids=[
        "unitsPerEm=0",
        "unitsPerEm-float",
        "ascent-nan",
        "numGlyphs-huge",
        "hmetrics-empty",
        "bbox-short",
        "unknown-attribute",
        "missing-attribute",
        "glyph-out-of-font",
        "glyph-negative",
        "glyph-str",
        "width-infinite",
        "width-negative",
        "width-str",
        "font-renamed",
        "faces-swapped",
        "positions-short",
    ],
)
def test_a_sealed_cache_with_values_a_parse_never_gives_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edit: Callable[[list[Any]], None]
) -> None:
    monkeypatch.setenv(fontcache.ENV_CACHE_DIR, str(tmp_path))
    truth = _zero_glyph(fontcache.load_fonts(FONTS))
    states = _states(tmp_path)
    edit(states)
    _rewrite(tmp_path, pickle.dumps(states), seal=True)
    fonts = fontcache.load_fonts(FONTS)
    assert fonts[0].face.unitsPerEm == 2048
    assert _zero_glyph(fonts) == truth
    assert fonts[0].stringWidth("0", 10) > 0


def test_units_per_em_zero_in_a_sealed_cache_does_not_break_the_build(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    without = _build(tmp_path / "a", "")
    _build(tmp_path / "b", str(cache))
    states = _states(cache)
    states[0][1]["unitsPerEm"] = 0  # every width is divided by it
    _rewrite(cache, pickle.dumps(states), seal=True)
    assert _build(tmp_path / "c", str(cache)) == without


def test_a_fifo_at_the_cache_path_does_not_hang_the_build(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    without = _build(tmp_path / "a", "")
    _build(tmp_path / "b", str(cache))
    path = _cache_file(cache)
    path.unlink()
    os.mkfifo(path)
    # Opened for reading, a FIFO with no writer blocks: the timeout turns a hang into a failure.
    assert _build(tmp_path / "c", str(cache), timeout=120) == without
