"""Which output directories this user's guidecompare rendered itself, and to which manifest.

A build manifest is a record, not a signature: whoever edits an output by hand can recompute its
hash and the manifest's digest. So the fast path (manifest.py) believes a manifest only when
this ledger vouches that this user's guidecompare wrote exactly that manifest into that
directory, in a `build`, or found every output identical to what it rendered, in a `build` or
`check`. A fresh clone, a CI runner or outputs pulled from a colleague have no entry: they are
rendered and compared byte for byte once before anything is skipped.

The ledger lives in the cache directory (cachedir.py), one small file per output directory,
named by the sha256 of the directory's resolved path and holding the sha256 of its manifest's
bytes; a later build replaces it, so it never grows beyond one entry per output directory.
Whoever can write to your cache can make `check` skip rendering, as they could change your
installed packages; `check --full` ignores the ledger. With caching turned off there is no
ledger, and every run renders.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from guidecompare.cachedir import private_subdir
from guidecompare.spec.files import file_digest, read_regular

_SUBDIR = "proven"


def _entry(directory: Path) -> Path | None:
    base = private_subdir(_SUBDIR)
    if base is None:
        return None
    key = hashlib.sha256(os.fsencode(directory.resolve())).hexdigest()
    return base / key


def vouches(directory: Path, manifest: bytes) -> bool:
    """True when this user's guidecompare wrote or verified `manifest` in output `directory`."""
    entry = _entry(directory)
    if entry is None:
        return False
    try:
        recorded = read_regular(entry)
    except OSError:
        return False
    return recorded == file_digest(manifest).encode("ascii")


def record(directory: Path, manifest: bytes) -> None:
    """Note that `manifest` in output `directory` describes outputs rendered here and now."""
    entry = _entry(directory)
    if entry is None:
        return
    import tempfile  # only when writing: the fast path of `check` does not need it

    try:
        descriptor, temporary = tempfile.mkstemp(dir=entry.parent, prefix=".entry-")
        try:
            with os.fdopen(descriptor, "wb") as stream:
                stream.write(file_digest(manifest).encode("ascii"))
            Path(temporary).replace(entry)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError:
        return  # an unwritable cache costs a render next time, nothing more
