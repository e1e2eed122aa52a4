"""The build manifest: what `build` read and wrote, so `check` can prove currency without rendering.

`output/<id>/manifest.json` records a fingerprint of the inputs (every spec file's bytes, the
package's own files that can change an output, the versions of the libraries that write bytes),
the sha256 of each output, the currency facts of the specs (currency.py), and last a digest of
the manifest's own bytes. Two proofs use it:

- `Manifests(out).proof(directory)` reads only bytes: when the spec files on disk still have the
  recorded fingerprint and every output its recorded hash, the outputs are what `build` writes
  now, and the specs are ones this same tool accepted (build records a manifest only for specs
  it validated). `check` and `build` then need neither YAML, pydantic nor ReportLab.
- `current_by_manifest(loaded, directory)` is the same proof for a comparison already loaded.

Both hold only for a manifest that this user's guidecompare wrote or verified itself
(ledger.py): a manifest is a record, and whoever forges an output can recompute it. A hand edit
of an output, a spec or the manifest, or outputs this machine never rendered, break the proof;
`check` then loads the specs, renders and compares bytes, and reports what differs.
"""

from __future__ import annotations

import functools
import hashlib
import json
import platform
import re
import sys
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from guidecompare import __version__
from guidecompare.engine.currency import CurrencyFacts, currency_facts
from guidecompare.pipeline.ledger import vouches
from guidecompare.render import RENDERERS
from guidecompare.spec.files import file_digest, inside, read_regular, spec_files

if TYPE_CHECKING:
    from guidecompare.spec.loaded import LoadedComparison

MANIFEST = "manifest.json"
OUTPUT_NAMES = (*RENDERERS, MANIFEST)  # every file build writes for a comparison

# Package files that cannot change an output's bytes. Every other file counts (this one too:
# it writes manifest.json), so a new module is safe by default: at worst it makes `check`
# render when it need not.
_NOT_RENDERING = frozenset(
    {
        "cli.py",
        "errors.py",
        "__main__.py",
        "cachedir.py",
        "spec/schema.py",
        "pipeline/check.py",
        "pipeline/formats.py",
        "pipeline/write.py",
        "pipeline/ledger.py",
    }
)
_LIBRARIES = ("reportlab", "pydantic", "pydantic-core", "PyYAML", "XlsxWriter")


PACKAGE = Path(__file__).resolve().parent.parent  # the guidecompare package


@functools.cache
def tool_fingerprint(package: Path = PACKAGE) -> str:
    """sha256 over the package files and library versions that decide an output's bytes."""
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        relative = path.relative_to(package).as_posix()
        if path.suffix not in {".py", ".ttf", ".json"} or relative in _NOT_RENDERING:
            continue
        digest.update(relative.encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    for library in _LIBRARIES:
        digest.update(f"{library}=={library_version(library)}\0".encode())
    digest.update(f"python {'.'.join(platform.python_version_tuple()[:2])}\0".encode())
    # The PDF's streams are zlib-compressed: another zlib may compress to other bytes.
    digest.update(f"zlib {zlib.ZLIB_RUNTIME_VERSION}".encode())
    return digest.hexdigest()


def library_version(name: str) -> str:
    """The installed version of distribution `name`, read from its `.dist-info` directory name
    (`pyyaml-6.0.4.dist-info`), as `importlib.metadata.version` would give it.

    Every build and check needs the versions; importing importlib.metadata (and the email
    package it reads METADATA with) costs about 20 ms a process, reading a directory far less.
    """
    wanted = re.sub(r"[-_.]+", "_", name).lower()
    for entry in sys.path:
        try:
            names = [child.name for child in Path(entry or ".").iterdir()]
        except OSError:
            continue
        for found in sorted(names):
            stem, _, rest = found.partition("-")
            if rest.endswith(".dist-info") and re.sub(r"[-_.]+", "_", stem).lower() == wanted:
                return rest.removesuffix(".dist-info")
    from importlib import metadata  # an egg or another layout: the standard way

    return metadata.version(name)


def input_fingerprint(files: Iterable[tuple[str, str]]) -> str:
    """sha256 over the tool fingerprint and the spec files (name, sha256 of bytes), by name."""
    digest = hashlib.sha256(tool_fingerprint().encode())
    for name, file_sha in sorted(files):
        digest.update(f"\0{name}\0{file_sha}".encode())
    return digest.hexdigest()


def loaded_fingerprint(loaded: LoadedComparison) -> str:
    """The input fingerprint of the spec files as they were read when `loaded` was loaded."""
    return input_fingerprint((source.path.name, source.digest) for source in loaded.sources)


def disk_fingerprint(directory: Path) -> str | None:
    """The input fingerprint of the spec files in `directory` now.

    None when one cannot be read, or is one the loader would refuse to read (a link out of the
    directory, a FIFO): the fast path never accepts what `build` rejects.
    """
    try:
        files = spec_files(directory)
        if not all(inside(directory, path) for path in files):
            return None
        return input_fingerprint((path.name, file_digest(read_regular(path))) for path in files)
    except OSError:
        return None


_DIGEST_TAIL = b',\n  "digest": "'


def manifest_bytes(
    comparison_id: str,
    fingerprint: str,
    hashes: Mapping[str, str],
    facts: Mapping[str, Any],
    specs: str | None = None,
) -> bytes:
    """The manifest's exact bytes: fixed key order, LF line endings, no dates, digest last.

    The digest is the sha256 of every byte before it (with the closing brace): a hand edit
    anywhere in the file that does not recompute it is caught without re-encoding anything.
    """
    document = {
        "comparison": comparison_id,
        "generator": f"guidecompare {__version__}",
        "inputs": fingerprint,
        # The spec files alone (the inputs fingerprint covers the tool too): `check` tells a
        # change of the specs from a change of the rendering with it.
        **({"specs": specs} if specs is not None else {}),
        "outputs": dict(sorted(hashes.items())),
        "currency": facts,
    }
    body = json.dumps(document, indent=2).encode("utf-8")  # ends with "\n}"
    return body[:-2] + _DIGEST_TAIL + file_digest(body).encode("ascii") + b'"\n}\n'


def _verified(raw: bytes) -> dict[str, Any] | None:
    """The manifest's content when its digest matches its bytes, else None."""
    cut = raw.rfind(_DIGEST_TAIL)
    if cut < 0:
        return None
    body = raw[:cut] + b"\n}"
    if raw[cut:] != _DIGEST_TAIL + file_digest(body).encode("ascii") + b'"\n}\n':
        return None
    document = json.loads(raw)
    return document if isinstance(document, dict) else None


def with_manifest(
    loaded: LoadedComparison, outputs: Mapping[str, bytes], also: str = ""
) -> dict[str, bytes]:
    """`outputs` plus the manifest that records them. `also` is what else they were made from
    (a baseline's commit): it joins the inputs fingerprint, which the specs alone then never
    match, so such outputs are always rendered to be proved current."""
    hashes = {name: file_digest(data) for name, data in outputs.items()}
    fingerprint = loaded_fingerprint(loaded)
    if also:
        fingerprint = hashlib.sha256(f"{fingerprint}\0{also}".encode()).hexdigest()
    manifest = manifest_bytes(
        loaded.spec.id,
        fingerprint,
        hashes,
        currency_facts(loaded).to_json(),
        loaded_specs_digest(loaded),
    )
    return {**outputs, MANIFEST: manifest}


def loaded_specs_digest(loaded: LoadedComparison) -> str:
    """`specs_digest` of a loaded comparison's spec files."""
    return specs_digest((source.path.name, source.digest) for source in loaded.sources)


def specs_digest(files: Iterable[tuple[str, str]]) -> str:
    """sha256 over the spec files (name, sha256 of bytes), by name: what the specs say, alone."""
    digest = hashlib.sha256()
    for name, file_sha in sorted(files):
        digest.update(f"{name}\0{file_sha}\0".encode())
    return digest.hexdigest()


def recorded_specs(raw: bytes) -> str | None:
    """The spec digest a manifest records, when its own digest holds; else None."""
    try:
        recorded = _verified(raw)
    except ValueError:
        return None
    specs = recorded.get("specs") if recorded else None
    return specs if isinstance(specs, str) else None


@dataclass(frozen=True)
class Proof:
    """What a manifest proves about a comparison it matched: its id, its currency facts, and
    the outputs it declares (its `formats:`), manifest included."""

    comparison_id: str
    facts: CurrencyFacts
    outputs: tuple[str, ...]


def _proof(fingerprint: str, directory: Path) -> Proof | None:
    """The proof the manifest in output `directory` gives for inputs with `fingerprint`."""
    try:
        raw = read_regular(directory / MANIFEST)
        recorded = _verified(raw)
        if recorded is None:
            return None  # edited by hand
        if not vouches(directory, raw):
            return None  # not rendered by this user's guidecompare: render and compare first
        hashes = recorded["outputs"]
        if recorded["inputs"] != fingerprint or recorded["comparison"] != directory.name:
            return None
        if recorded["generator"] != f"guidecompare {__version__}":
            return None
        # The outputs the comparison declares: the inputs fingerprint covers its `formats:`.
        if not isinstance(hashes, dict) or not hashes or not set(hashes) <= set(RENDERERS):
            return None
        for name, expected in hashes.items():
            if file_digest(read_regular(directory / name)) != expected:
                return None
        outputs = (*(name for name in RENDERERS if name in hashes), MANIFEST)
        return Proof(directory.name, CurrencyFacts.from_json(recorded["currency"]), outputs)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


class Manifests:
    """The manifests under one output directory, for proving comparisons current (one run)."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self._index: dict[str, list[Path]] | None = None

    def proof(self, directory: Path) -> Proof | None:
        """A proof that the outputs of the comparison in spec `directory` are current.

        Reads the spec files' bytes and manifests, never the YAML. Looks first in the output
        directory named like the spec directory (the usual layout), then in any other whose
        manifest records the same inputs.
        """
        fingerprint = disk_fingerprint(directory)
        if fingerprint is None:
            return None
        usual = self.out / directory.name
        proof = _proof(fingerprint, usual)
        if proof is not None:
            return proof
        for candidate in self._by_fingerprint().get(fingerprint, ()):
            if candidate != usual and (proof := _proof(fingerprint, candidate)) is not None:
                return proof
        return None

    def _by_fingerprint(self) -> dict[str, list[Path]]:
        """Output directories by the input fingerprint their manifest records (read once)."""
        if self._index is None:
            self._index = {}
            try:
                candidates = sorted(path for path in self.out.iterdir() if path.is_dir())
            except OSError:
                candidates = []
            for candidate in candidates:
                try:
                    recorded = json.loads(read_regular(candidate / MANIFEST))
                    self._index.setdefault(str(recorded["inputs"]), []).append(candidate)
                except (OSError, ValueError, KeyError, TypeError):
                    continue
        return self._index


def current_by_manifest(loaded: LoadedComparison, directory: Path) -> bool:
    """True when the manifest proves every output in `directory` is what build writes now."""
    from guidecompare.render import output_names

    proof = _proof(loaded_fingerprint(loaded), directory)
    return (
        proof is not None
        and proof.facts == currency_facts(loaded)
        and proof.outputs == (*output_names(loaded.spec.formats), MANIFEST)
    )
