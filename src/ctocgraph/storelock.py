"""Who may change a store, and which versions of it are in use.

Two builds on one store would each keep "the current and the previous" version as each saw
them, and delete the other's (6 of 20 racing pairs left the store pointing at a deleted
folder): builds on one store are serialised by an exclusive lock on a file beside it, and the
second waits. A reader (a query, a server and its workers) holds a shared lock on the version
folder it opened for as long as it reads it, and a build's prune moves a version aside only
while it holds that version's lock exclusively, so a version in use is never deleted. Locks
are ``flock`` locks: the kernel drops them when their process ends, however it ends.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # not POSIX: no locks (builds and readers of one store must take turns)
    fcntl = None  # type: ignore[assignment]

_EX, _SH, _NB = (fcntl.LOCK_EX, fcntl.LOCK_SH, fcntl.LOCK_NB) if fcntl else (2, 1, 4)


def _flock(fd: int, how: int) -> None:
    if fcntl is not None:
        fcntl.flock(fd, how)


IN_USE = ".in-use"  # in every version folder: the file readers lock shared
_held: dict[str, tuple[int, int]] = {}  # build locks this process holds: path -> (fd, depth)
_guard = threading.Lock()


def lock_file(store: Path) -> Path:
    """The file whose exclusive lock a build of ``store`` holds (beside it, never in it)."""
    return store.parent / f".{store.name}.lock"


@contextmanager
def build_lock(store: Path, notice: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the build lock of ``store``: a second build waits here until the first is done
    (saying so through ``notice``). Re-entrant within a process."""
    path = lock_file(store)
    key = str(path.absolute())
    with _guard:
        if key in _held:
            fd, depth = _held[key]
            _held[key] = (fd, depth + 1)
            mine = False
        else:
            mine = True
    if mine:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
        try:
            try:
                _flock(fd, _EX | _NB)
            except BlockingIOError:
                if notice is not None:
                    notice(f"waiting for another build of {store} to finish")
                _flock(fd, _EX)
        except BaseException:
            os.close(fd)
            raise
        with _guard:
            _held[key] = (fd, 1)
    try:
        yield
    finally:
        with _guard:
            fd, depth = _held[key]
            if depth > 1:
                _held[key] = (fd, depth - 1)
            else:
                del _held[key]
                os.close(fd)  # closing the last descriptor releases the lock


class VersionUse:
    """A shared lock on a store version folder: while it is held, no build deletes the
    version. ``close`` releases it (so does the end of the process)."""

    def __init__(self, version: Path, fd: int):
        self.version, self._fd = version, fd

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1

    def __enter__(self) -> VersionUse:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        self.close()


def use(version: Path) -> VersionUse | None:
    """A shared lock on ``version``, or ``None`` when the folder is gone (pruned meanwhile)."""
    try:
        fd = os.open(version / IN_USE, os.O_RDONLY | os.O_CREAT, 0o666)
    except FileNotFoundError:
        return None
    except OSError:  # a store someone else built, or on a read-only file system
        try:
            fd = os.open(version / IN_USE, os.O_RDONLY)
        except FileNotFoundError:
            return VersionUse(version, -1) if version.is_dir() else None  # no build can run here
    _flock(fd, _SH)  # waits only while a prune is moving this very folder
    # a prune that took the folder between our open and our lock moved it aside: the file we
    # locked is no longer at its name
    try:
        same = os.stat(version / IN_USE).st_ino == os.fstat(fd).st_ino
    except FileNotFoundError:
        same = False
    if not same:
        os.close(fd)
        return None
    return VersionUse(version, fd)


def use_current(store: Path) -> VersionUse | None:
    """A shared lock on the version ``store`` points at now; ``None`` without one."""
    for _ in range(100):
        if not store.is_symlink():
            return None
        version = store.resolve()
        held = use(version)
        if held is not None:
            return held
    raise OSError(f"{store}: the store changed a hundred times while being opened")


def claim(version: Path) -> int | None:
    """For a prune: an exclusive lock on ``version``'s in-use file if no reader holds it
    (keep the descriptor open while the folder is moved, then close it); ``None`` if some
    reader does. A folder without the file has never been opened by a reader of this kind."""
    try:
        fd = os.open(version / IN_USE, os.O_RDONLY | os.O_CREAT, 0o666)
    except OSError:
        return -1  # cannot tell (no such folder, or not ours to write): nothing to hold
    try:
        _flock(fd, _EX | _NB)
    except BlockingIOError:
        os.close(fd)
        return None
    return fd

