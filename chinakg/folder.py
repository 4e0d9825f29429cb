"""The embedded store's folder: its lock, the check that it holds a store, and the list of
graphs a bulk load is writing (`UNFINISHED_LOAD`).  Nothing but
the standard library, so that a command that only reads kept answers (chinakg.answers)
need not load the RDF libraries."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from chinakg.errors import StoreError

#: in a store folder while the bulk loader writes new graphs, which it does not do in one
#: transaction: the names of those graphs (JSON), removed once they are all on disk.  A
#: store opened for writing with this file drops those graphs first; one opened for
#: reading is refused, since a graph in it may be cut short.
UNFINISHED_LOAD = "unfinished-load.json"


def unfinished_load(path: str | Path) -> str:
    """The message for a store whose last bulk load was cut short."""
    return (f"the store at {path} holds documents a build was writing when it was stopped, some perhaps "
            f"cut short ({UNFINISHED_LOAD}); any build or other writing command undoes that load first "
            f"(chinakg build … --store {path}), and nothing else stored is lost")


class FolderLock:
    """An advisory lock (flock) on a store folder.  A writer holds it exclusively; a server
    holds it shared while its workers read, so that no build writes under them.  RocksDB
    readers opened read-only must not run beside a writer."""

    def __init__(self, path: str | Path, shared: bool) -> None:
        self._fd = os.open(path, os.O_RDONLY)
        try:
            fcntl.flock(self._fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(self._fd)
            raise StoreError(f"the store at {path} is in use by `chinakg serve`, a build, or a command reading it; "
                             "wait for it or stop it first, or use another folder") from None

    def release(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)  # closing the descriptor releases the lock
            self._fd = -1


def check_folder(path: str | Path, must_exist: bool) -> None:
    """Refuse a folder that holds no store when one must exist, and a folder that is not
    empty but has no RocksDB `CURRENT` file (damaged, or not a store at all): opening it for
    writing would start a new, empty store over the old files."""
    folder = Path(path)
    has_files = folder.is_dir() and any(folder.iterdir())
    if must_exist and not has_files:
        raise StoreError(f"there is no store at {path}: build one first (chinakg build … --store {path})")
    if has_files and not (folder / "CURRENT").is_file():
        raise StoreError(damaged(path, "its RocksDB CURRENT file is missing"))


def damaged(path: str | Path, why: str) -> str:
    """The message for a folder that holds no intact store."""
    return (f"the store at {path} is damaged or is not a chinakg store ({why}); nothing was changed. "
            f"Restore the folder from a copy, or build the store again into a new folder "
            f"(chinakg build … --store NEW-FOLDER)")
