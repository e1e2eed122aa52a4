"""Parse each TrueType font once per machine, not once per run.

ReportLab parses a font's tables in Python when it loads it: about 30 ms per face, a quarter
of the work of building one comparison. The parsed state is kept in a cache file, keyed by
the font bytes and the ReportLab and Python versions; a later run restores it in about a
millisecond. The PDF is byte for byte the same either way (tests/test_fontcache.py).

The cache lives in $GUIDECOMPARE_CACHE_DIR, else $XDG_CACHE_HOME/guidecompare, else
~/.cache/guidecompare. GUIDECOMPARE_CACHE_DIR set to an empty value turns it off. A cache that
cannot be read, written or trusted is ignored: the fonts are parsed as without it. It is used
only from a directory that no other user can write to, and read with an unpickler that builds
only plain values and two ReportLab classes, never code. Whoever can write to your own cache
can change what the PDF shows (as they could change your installed packages); `check --full`
therefore parses the fonts afresh, ignoring the cache.
"""

from __future__ import annotations

import gc
import hashlib
import io
import os
import pickle
import platform
import stat
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

if TYPE_CHECKING:
    from reportlab.pdfbase.ttfonts import TTFont

ENV_CACHE_DIR = "GUIDECOMPARE_CACHE_DIR"
# Attributes that are not data: rebuilt on restore (see _restore).
_REBUILT = frozenset({"state", "face", "_ttf_data", "_pdfScale"})
_ALLOWED_CLASSES = frozenset(
    {("reportlab.pdfbase.ttfonts", "TTFNameBytes"), ("reportlab.pdfbase.ttfonts", "TTEncoding")}
)


_trusted = True


def distrust() -> None:
    """Parse fonts from their files from now on, whatever the cache holds (`check --full`)."""
    global _trusted
    _trusted = False


def cache_dir() -> Path | None:
    """Where parsed fonts are cached; None when caching is turned off (or there is no home)."""
    configured = os.environ.get(ENV_CACHE_DIR)
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = str(Path.home() / ".cache")
        except RuntimeError:  # no HOME and no password entry, as in some containers
            return None
    return Path(base) / "guidecompare"


def _private(directory: Path) -> bool:
    """True when only this user can write `directory`: nobody else can plant a cache there."""
    if not hasattr(os, "getuid"):  # Windows: no POSIX owner and modes to go by
        return True
    try:
        status = directory.stat()
    except OSError:
        return False
    return status.st_uid == os.getuid() and not status.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def load_fonts(fonts: Sequence[tuple[str, Path]]) -> list[TTFont]:
    """A ReportLab TTFont for each (registered name, file), from the cache when it holds them."""
    import guidecompare.rlsettings  # noqa: F401  # before ReportLab: pins its settings

    # isort: split
    import reportlab

    data = [path.read_bytes() for _, path in fonts]
    from guidecompare import __version__

    # What the cached state depends on: the font bytes, the code that parsed and saves them.
    key = hashlib.sha256(
        f"reportlab {reportlab.Version}\0python {platform.python_version()}\0"
        f"guidecompare {__version__}\0".encode()
    )
    key.update(Path(__file__).read_bytes())
    for (name, _), content in zip(fonts, data, strict=True):
        key.update(f"{name}\0{hashlib.sha256(content).hexdigest()}\0".encode())
    directory = cache_dir() if _trusted else None
    cache_file = directory / f"fonts-{key.hexdigest()[:32]}.pickle" if directory else None
    cached = _read(cache_file) if cache_file and _private(cache_file.parent) else None
    if cached is not None and len(cached) == len(fonts):
        try:
            return [
                _restore(state, content, path)
                for state, content, (_, path) in zip(cached, data, fonts, strict=True)
            ]
        except (TypeError, ValueError, KeyError, AttributeError):
            pass  # not what this version saves: parse as without a cache
    from reportlab.pdfbase.ttfonts import TTFont

    # asciiReadable is fixed so an RL_ttfAsciiReadable setting cannot change the bytes.
    parsed = [TTFont(name, str(path), asciiReadable=1) for name, path in fonts]
    if cache_file is not None:
        _write(cache_file, [_state(font) for font in parsed])
    return parsed


def _state(font: TTFont) -> tuple[dict[str, Any], dict[str, Any]]:
    """What restoring `font` needs: its attributes and its face's, without the rebuilt ones."""
    return (
        {k: v for k, v in vars(font).items() if k not in _REBUILT},
        {k: v for k, v in vars(font.face).items() if k not in _REBUILT},
    )


def _restore(state: tuple[dict[str, Any], dict[str, Any]], content: bytes, path: Path) -> TTFont:
    from reportlab.pdfbase.ttfonts import TTFont, TTFontFace

    font_state, face_state = state
    face = TTFontFace.__new__(TTFontFace)
    vars(face).update(face_state)
    face._ttf_data = content
    face.filename = str(path)
    units = face.unitsPerEm
    # As TTFontFile.extractInfo sets it: font units to the PDF's 1000 per em.
    face._pdfScale = (lambda x: x) if units == 1000 else _Scale(1000 / units)
    font = TTFont.__new__(TTFont)
    vars(font).update(font_state)
    font.face = face
    font.state = WeakKeyDictionary()
    return font


class _Scale:
    def __init__(self, factor: float) -> None:
        self.factor = factor

    def __call__(self, x: float) -> float:
        return x * self.factor


class _DataUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _ALLOWED_CLASSES:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the font cache")


def _read(path: Path) -> list[tuple[dict[str, Any], dict[str, Any]]] | None:
    # Tens of thousands of small lists and tuples: with the cyclic garbage collector on, each
    # batch of them would trigger a collection that walks every object of the process.
    enabled = gc.isenabled()
    gc.disable()
    try:
        value = _DataUnpickler(io.BytesIO(path.read_bytes())).load()
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
        return None
    finally:
        if enabled:
            gc.enable()
    return value if isinstance(value, list) else None


def _write(path: Path, value: list[tuple[dict[str, Any], dict[str, Any]]]) -> None:
    """Write the cache whole or not at all (another process may be writing it too)."""
    import tempfile  # only when writing: a run that reads the cache does not need it

    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(path.parent):
            return
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".fonts-")
        try:
            with os.fdopen(descriptor, "wb") as stream:
                pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL)
            Path(temporary).replace(path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        return
