"""Where guidecompare keeps what it may reuse between runs: parsed fonts and its proof ledger.

$GUIDECOMPARE_CACHE_DIR, else $XDG_CACHE_HOME/guidecompare, else ~/.cache/guidecompare;
GUIDECOMPARE_CACHE_DIR set to an empty value turns caching off. A cache is used only from a
directory that no other user can write to.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

ENV_CACHE_DIR = "GUIDECOMPARE_CACHE_DIR"


def cache_dir() -> Path | None:
    """Where guidecompare caches; None when caching is turned off (or there is no home)."""
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


def private(directory: Path) -> bool:
    """True when only this user can write `directory`: nobody else can plant a file there."""
    if not hasattr(os, "getuid"):  # Windows: no POSIX owner and modes to go by
        return True
    try:
        status = directory.stat()
    except OSError:
        return False
    return status.st_uid == os.getuid() and not status.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def private_subdir(name: str) -> Path | None:
    """The cache subdirectory `name`, created private if need be; None if it cannot be trusted."""
    base = cache_dir()
    if base is None:
        return None
    directory = base / name
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return None
    return directory if private(base) and private(directory) else None
