"""Parse each TrueType font once per machine, not once per run.

ReportLab parses a font's tables in Python when it loads it: about 30 ms per face, a quarter
of the work of building one comparison. The parsed state is kept in a cache file, keyed by
the font bytes and the ReportLab and Python versions; a later run restores it in a few
milliseconds. The PDF is byte for byte the same either way (tests/test_fontcache.py).

The cache lives in $GUIDECOMPARE_CACHE_DIR, else $XDG_CACHE_HOME/guidecompare, else
~/.cache/guidecompare. GUIDECOMPARE_CACHE_DIR set to an empty value turns it off. A cache is
verified before it is used, never trusted because it unpickles; one that fails any check is
ignored, the fonts are parsed as without it, and the cache is written afresh:

- it is read only from a directory no other user can write to, and only when it is a regular
  file (opened without blocking, so a FIFO or a device at its path is passed over at once);
- it carries a sha256 digest of its content, the font files' digests and the version of
  guidecompare, ReportLab and Python; a file whose digest does not match (any edit, a file
  from other fonts or another version) is not unpickled;
- it is unpickled by an unpickler that builds only plain values and two ReportLab classes,
  never code, and every restored value must have the type and range a parse gives (glyph maps
  of ints within the font, finite widths, unitsPerEm from 16 to 16384, ...).

What this does not protect against: the digest is a checksum, not a signature. Whoever can
write to your own cache directory and recompute the digest can still change what the PDF shows
with well-typed values (as they could change your installed packages); `check --full`
therefore parses the fonts afresh, ignoring the cache.
"""

from __future__ import annotations

import gc
import hashlib
import hmac
import io
import math
import os
import pickle
import platform
import stat
from array import array
from collections.abc import Callable, Collection, Iterable, Sequence
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final
from weakref import WeakKeyDictionary

from guidecompare.cachedir import ENV_CACHE_DIR, cache_dir
from guidecompare.cachedir import private as _private

if TYPE_CHECKING:
    from reportlab.pdfbase.ttfonts import TTFont

__all__ = ["ENV_CACHE_DIR", "cache_dir", "distrust", "load_fonts"]

# Attributes that are not data: rebuilt on restore (see _restore).
_REBUILT = frozenset({"state", "face", "_ttf_data", "_pdfScale"})
_ALLOWED_CLASSES = frozenset(
    {("reportlab.pdfbase.ttfonts", "TTFNameBytes"), ("reportlab.pdfbase.ttfonts", "TTEncoding")}
)
# A cache file: this line, the hex digest that seals the rest (_seal), a newline, the pickle.
_MAGIC = b"guidecompare font cache 2\n"
# The four DejaVu faces take under 4 MB; anything much larger is not a cache this code wrote.
_MAX_BYTES = 64 << 20
# Not every platform has these flags (Windows has no FIFOs to block on, nor O_NOFOLLOW).
_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_O_BINARY = getattr(os, "O_BINARY", 0)


_trusted = True


def distrust() -> None:
    """Parse fonts from their files from now on, whatever the cache holds (`check --full`)."""
    global _trusted
    _trusted = False


def load_fonts(fonts: Sequence[tuple[str, Path]]) -> list[TTFont]:
    """A ReportLab TTFont for each (registered name, file), from the cache when it holds them."""
    import guidecompare.render.rlsettings  # noqa: F401  # before ReportLab: pins its settings

    data = [path.read_bytes() for _, path in fonts]
    key = _cache_key([name for name, _ in fonts], data)
    directory = cache_dir() if _trusted else None
    cache_file = directory / f"fonts-{key.hex()[:32]}.pickle" if directory else None
    if cache_file is not None and _private(cache_file.parent):
        # Tens of thousands of small lists and tuples, unpickled and checked: with the cyclic
        # garbage collector on, each batch would trigger a collection that walks every object
        # of the process.
        enabled = gc.isenabled()
        gc.disable()
        try:
            restored = _restored(_read(cache_file, key), fonts, data)
        finally:
            if enabled:
                gc.enable()
        if restored is not None:
            return restored
    from reportlab.pdfbase.ttfonts import TTFont

    # asciiReadable is fixed so an RL_ttfAsciiReadable setting cannot change the bytes.
    parsed = [TTFont(name, str(path), asciiReadable=1) for name, path in fonts]
    if cache_file is not None:
        states = [_state(font) for font in parsed]
        # Only what a later run would accept: a ReportLab that keeps other attributes gets no
        # cache rather than one rejected and written again on every run.
        if all(
            _valid(state, name, content)
            for state, (name, _), content in zip(states, fonts, data, strict=True)
        ):
            _write(cache_file, key, states)
    return parsed


def _cache_key(names: Sequence[str], data: Sequence[bytes]) -> bytes:
    """What the cached state depends on: the font bytes, the code that parsed and saves them."""
    import reportlab

    from guidecompare import __version__

    key = hashlib.sha256(
        f"reportlab {reportlab.Version}\0python {platform.python_version()}\0"
        f"guidecompare {__version__}\0".encode()
    )
    key.update(Path(__file__).read_bytes())
    for name, content in zip(names, data, strict=True):
        key.update(f"{name}\0{hashlib.sha256(content).hexdigest()}\0".encode())
    return key.digest()


def _restored(
    cached: list[Any] | None, fonts: Sequence[tuple[str, Path]], data: Sequence[bytes]
) -> list[TTFont] | None:
    """The fonts restored from `cached`; None unless it holds a valid state for each."""
    if cached is None or len(cached) != len(fonts):
        return None
    if not all(
        _valid(state, name, content)
        for state, (name, _), content in zip(cached, fonts, data, strict=True)
    ):
        return None
    return [
        _restore(state, content, path)
        for state, content, (_, path) in zip(cached, data, fonts, strict=True)
    ]


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


def _seal(key: bytes, payload: bytes) -> bytes:
    """The digest stored with `payload`: binds it to the font files and the code (`key`)."""
    return hashlib.sha256(key + payload).hexdigest().encode()


def _read(path: Path, key: bytes) -> list[Any] | None:
    """The states cached at `path`, if it is a regular file sealed for `key`; else None."""
    try:
        # Never blocks: a FIFO or a device opens at once and is then refused by its type.
        descriptor = os.open(path, os.O_RDONLY | _O_NONBLOCK | _O_NOFOLLOW | _O_BINARY)
    except OSError:
        return None
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode) or status.st_size > _MAX_BYTES:
            return None
        with os.fdopen(descriptor, "rb", closefd=False) as stream:
            content = stream.read(_MAX_BYTES + 1)
    except OSError:
        return None
    finally:
        os.close(descriptor)
    head, newline, payload = content[len(_MAGIC) :].partition(b"\n")
    if (
        not content.startswith(_MAGIC)
        or not newline
        or not hmac.compare_digest(head, _seal(key, payload))
    ):
        return None
    try:
        value = _DataUnpickler(io.BytesIO(payload)).load()
    except Exception:  # unpickling is parsing: whatever fails, this is no cache
        return None
    return value if isinstance(value, list) else None


def _write(path: Path, key: bytes, value: list[tuple[dict[str, Any], dict[str, Any]]]) -> None:
    """Write the cache whole or not at all (another process may be writing it too)."""
    import tempfile  # only when writing: a run that reads the cache does not need it

    try:
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(path.parent):
            return
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".fonts-")
        try:
            with os.fdopen(descriptor, "wb") as stream:
                stream.write(_MAGIC + _seal(key, payload) + b"\n" + payload)
            Path(temporary).replace(path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        return


# ---------------------------------------------------------------------------------------------
# What a restored state must look like. The digest proves a cache file is one this code wrote
# for these fonts; these checks make sure that, whoever wrote it, every value the renderer
# reads has the type and range a parse gives, so a bad cache can only mean "no cache".


def _number(value: Any) -> bool:
    return type(value) in (int, float) and math.isfinite(value)


def _flag(value: object) -> bool:
    return type(value) in (int, bool) and value in (0, 1)


def _typed(values: Iterable[object], *types: type) -> bool:
    """True when every value is exactly of one of `types` (a bool is not an int here)."""
    return set(map(type, values)) <= set(types)


def _ints(values: Collection[Any], high: int) -> bool:
    """Every value an int from 0 to `high` (a bool counts as the int it equals)."""
    values = values if type(values) is list else list(values)
    try:
        # An unsigned array takes ints and bools only, none negative: one pass in C, where
        # checking each value's type and then its least would be two in Python objects.
        array("Q", values)
    except (TypeError, OverflowError):
        return False
    return max(values, default=0) <= high


def _widths(values: Collection[Any]) -> bool:
    """Every value a finite number, none negative."""
    # One infinite or NaN value makes the sum so; a sum too large to be finite is no width.
    return _typed(values, int, float) and math.isfinite(sum(values)) and min(values, default=0) >= 0


def _name(value: Any) -> bool:
    from reportlab.pdfbase.ttfonts import TTFNameBytes

    if not (type(value) is TTFNameBytes and vars(value).keys() == {"ustr"}):
        return False
    try:  # as TTFNameBytes makes it: the bytes are its text in UTF-8
        return type(value.ustr) is str and value.ustr.encode("utf8") == value
    except UnicodeEncodeError:  # a lone surrogate
        return False


def _table_entry(entry: object, size: int) -> bool:
    return (
        type(entry) is dict
        and entry.keys() == {"tag", "checksum", "offset", "length"}
        and type(entry["tag"]) is str
        and _typed((entry["checksum"], entry["offset"], entry["length"]), int)
        and entry["checksum"] >= 0
        and entry["offset"] >= 0
        and entry["length"] >= 0
        and entry["offset"] + entry["length"] <= size
    )


def _font_valid(font: dict[str, Any], name: str) -> bool:
    from reportlab.pdfbase.ttfonts import TTEncoding

    encoding = font.get("encoding")
    return (
        font.keys() == {"fontName", "encoding", "_asciiReadable", "_shapable"}
        and font["fontName"] == name
        and type(encoding) is TTEncoding
        and vars(encoding) == {"name": "UTF-8"}
        and type(font["_asciiReadable"]) is int
        and font["_asciiReadable"] == 1  # as load_fonts parses them
        and type(font["_shapable"]) is bool
    )


_FACE_SCALARS: Final[dict[str, Callable[[Any], bool]]] = {
    **dict.fromkeys(("name", "familyName", "styleName", "fullName", "uniqueFontID"), _name),
    **dict.fromkeys(("ascent", "descent", "capHeight", "italicAngle", "defaultWidth"), _number),
    **dict.fromkeys(("bold", "italic", "builtIn", "validate"), _flag),
    **dict.fromkeys(
        ("version", "numTables", "searchRange", "entrySelector", "rangeShift", "flags", "stemV"),
        lambda value: type(value) is int and value >= 0,
    ),
    **dict.fromkeys(("underlinePosition", "underlineThickness"), lambda v: type(v) is int),
    "requiredEncoding": lambda value: value is None,
    "filename": lambda value: type(value) is str,
    "subfontNameX": lambda value: type(value) is bytes,
    "_full_font": lambda value: type(value) is bool,
    # The OpenType range: every width is divided by it.
    "unitsPerEm": lambda value: type(value) is int and 16 <= value <= 16384,
    "numGlyphs": lambda value: type(value) is int and 1 <= value <= 0xFFFF,
    "fontRevision": lambda value: type(value) is tuple and len(value) == 2 and _typed(value, int),
    "bbox": lambda value: type(value) is list and len(value) == 4 and all(map(_number, value)),
}
_FACE_KEYS: Final = frozenset(
    {*_FACE_SCALARS, "_pos", "table", "tables", "glyphNames", "glyphWidths"}
    | {"charToGlyph", "glyphToChar", "charWidths", "hmetrics", "glyphPos"}
)


def _face_valid(face: dict[str, Any], size: int) -> bool:
    """`face` has every attribute a parse of a `size`-byte font gives, each as a parse sets it."""
    if face.keys() != _FACE_KEYS:
        return False
    if not all(check(face[key]) for key, check in _FACE_SCALARS.items()):
        return False
    glyphs: int = face["numGlyphs"]
    table, tables = face["table"], face["tables"]
    if not (
        type(face["_pos"]) is int
        and 0 <= face["_pos"] <= size
        and type(table) is dict
        and type(tables) is list
        and all(type(tag) is str and _table_entry(entry, size) for tag, entry in table.items())
        and all(_table_entry(entry, size) for entry in tables)
        and "glyf" in table
        and all(entry["tag"] == tag for tag, entry in table.items())
    ):
        return False
    names, widths = face["glyphNames"], face["glyphWidths"]
    # The maps the renderer reads for every character: code point -> glyph -> width, position.
    char_to_glyph, glyph_to_char = face["charToGlyph"], face["glyphToChar"]
    char_widths, hmetrics, positions = face["charWidths"], face["hmetrics"], face["glyphPos"]
    return (
        type(names) is list
        and _typed(names, str)
        and type(widths) is dict
        and _typed(widths, int)
        and _widths(widths.values())
        and type(char_to_glyph) is dict
        and _ints(char_to_glyph.keys(), 0x10FFFF)
        and _ints(char_to_glyph.values(), glyphs - 1)
        and type(glyph_to_char) is dict
        and _ints(glyph_to_char.keys(), glyphs - 1)
        and _typed(glyph_to_char.values(), list)
        and _ints(list(chain.from_iterable(glyph_to_char.values())), 0x10FFFF)
        and type(char_widths) is dict
        and _ints(char_widths.keys(), 0x10FFFF)
        and _widths(char_widths.values())
        and type(hmetrics) is list
        and len(hmetrics) == glyphs
        and _typed(hmetrics, tuple)
        and set(map(len, hmetrics)) == {2}
        and _metrics(list(chain.from_iterable(hmetrics)))
        and type(positions) is list
        and len(positions) == glyphs + 1
        and _ints(positions, table["glyf"]["length"])
        and positions == sorted(positions)  # each glyph's data ends where the next one's starts
    )


def _metrics(pairs: list[Any]) -> bool:
    """hmtx's (advance width, left side bearing) pairs, flattened: numbers and ints."""
    return _widths(pairs[0::2]) and _ints(pairs[1::2], 0xFFFF)


def _valid(state: object, name: str, content: bytes) -> bool:
    """True when `state` is what _state saves for the font `name` parsed from `content`."""
    return (
        type(state) is tuple
        and len(state) == 2
        and type(state[0]) is dict
        and type(state[1]) is dict
        and _font_valid(state[0], name)
        and _face_valid(state[1], len(content))
    )
