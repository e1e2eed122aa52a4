"""The build manifest: what `build` read and wrote, so `check` can prove currency without rendering.

`output/<id>/manifest.json` records a fingerprint of the inputs (every spec file's bytes, the
package's own files that can change an output, the versions of the libraries that write bytes)
and the sha256 of each output. When the fingerprint and every output's hash still match, the
outputs are what `build` would write now; otherwise `check` renders and compares bytes.
"""

from __future__ import annotations

import functools
import hashlib
import json
import platform
import zlib
from collections.abc import Mapping
from importlib import metadata
from pathlib import Path

from guidecompare import __version__
from guidecompare.loader import LoadedComparison
from guidecompare.renderers import RENDERERS

MANIFEST = "manifest.json"

# Package files that cannot change an output's bytes. Every other file counts, so a new
# module is safe by default: at worst it makes `check` render when it need not.
_NOT_RENDERING = frozenset(
    {"cli.py", "checker.py", "reports.py", "errors.py", "schema.py", "__main__.py", "manifest.py"}
)
_LIBRARIES = ("reportlab", "pydantic", "pydantic-core", "PyYAML")


PACKAGE = Path(__file__).resolve().parent


@functools.cache
def tool_fingerprint(package: Path = PACKAGE) -> str:
    """sha256 over the package files and library versions that decide an output's bytes."""
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.suffix not in {".py", ".ttf"} or path.name in _NOT_RENDERING:
            continue
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    for library in _LIBRARIES:
        digest.update(f"{library}=={metadata.version(library)}\0".encode())
    digest.update(f"python {'.'.join(platform.python_version_tuple()[:2])}\0".encode())
    # The PDF's streams are zlib-compressed: another zlib may compress to other bytes.
    digest.update(f"zlib {zlib.ZLIB_RUNTIME_VERSION}".encode())
    return digest.hexdigest()


def input_fingerprint(loaded: LoadedComparison) -> str:
    """sha256 over the tool fingerprint and every spec file of the comparison, by name."""
    digest = hashlib.sha256(tool_fingerprint().encode())
    for source in loaded.sources:
        digest.update(f"\0{source.path.name}\0{source.digest}".encode())
    return digest.hexdigest()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def manifest_bytes(comparison_id: str, fingerprint: str, hashes: Mapping[str, str]) -> bytes:
    """The manifest's exact bytes: sorted keys, LF line endings, no dates."""
    document = {
        "comparison": comparison_id,
        "generator": f"guidecompare {__version__}",
        "inputs": fingerprint,
        "outputs": dict(sorted(hashes.items())),
    }
    return (json.dumps(document, indent=2, sort_keys=True) + "\n").encode("utf-8")


def with_manifest(loaded: LoadedComparison, outputs: Mapping[str, bytes]) -> dict[str, bytes]:
    """`outputs` plus the manifest that records them."""
    hashes = {name: sha256(data) for name, data in outputs.items()}
    manifest = manifest_bytes(loaded.spec.id, input_fingerprint(loaded), hashes)
    return {**outputs, MANIFEST: manifest}


def current_by_manifest(loaded: LoadedComparison, directory: Path) -> bool:
    """True when the manifest proves every output in `directory` is what build writes now."""
    try:
        recorded = json.loads((directory / MANIFEST).read_bytes())
        hashes = recorded["outputs"]
        if not isinstance(hashes, dict) or recorded.get("inputs") != input_fingerprint(loaded):
            return False
        on_disk = {name: sha256((directory / name).read_bytes()) for name in hashes}
    except (OSError, ValueError, KeyError, TypeError):
        return False
    if set(hashes) != set(RENDERERS) or on_disk != hashes:
        return False
    expected = manifest_bytes(loaded.spec.id, recorded["inputs"], on_disk)
    return (directory / MANIFEST).read_bytes() == expected
