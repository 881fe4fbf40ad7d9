"""A folder of outputs written beside its target and switched into place, deleting nothing
that ctocgraph did not write.

``ctocgraph site DIR`` used to empty DIR first: a user's notes in it were gone. Now the folder
is written beside DIR and records the files it holds (``.ctocgraph-files``). It takes DIR's
place only when DIR is new, empty, or a folder written this way that holds nothing else; any
other DIR is refused before anything is written. The old folder is swapped out in one atomic
exchange where the system has one (Linux ``renameat2``), and then only the files it lists are
deleted: anything added since is left, and said so. A write that fails (a full disk, no
permission) leaves DIR as it was and removes what it had written.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import sys
import uuid
from collections.abc import Callable
from pathlib import Path

from .errors import CtocError, naming
from .files import alive

MANIFEST = ".ctocgraph-files"  # one relative path a line: every file the folder was written with
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


class OutputError(CtocError):
    """The output folder cannot be written or replaced without losing someone's files."""


def _listed(folder: Path) -> set[str] | None:
    try:
        return set((folder / MANIFEST).read_text(encoding="utf-8").splitlines()) | {MANIFEST}
    except (FileNotFoundError, NotADirectoryError, UnicodeDecodeError):
        return None


def _files(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)).replace(os.sep, "/") for p in folder.rglob("*")
            if not p.is_dir() or p.is_symlink()}


def check_target(out: Path) -> None:
    """Refuse a target that holds anything ctocgraph did not write there."""
    if not out.exists() and not out.is_symlink():
        return
    if out.is_symlink() or not out.is_dir():
        raise OutputError("exists and is not a folder; choose a new or empty folder", file=out)
    if not any(out.iterdir()):
        return
    listed = _listed(out)
    if listed is None:
        raise OutputError("is not empty and was not written by ctocgraph; nothing was changed "
                          "(choose a new or empty folder)", file=out)
    others = sorted(_files(out) - listed)
    if others:
        shown = ", ".join(others[:3]) + (" …" if len(others) > 3 else "")
        raise OutputError(f"holds files ctocgraph did not write ({shown}); nothing was changed "
                          "(move them, or choose another folder)", file=out)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux); ``False`` where the system cannot."""
    if sys.platform != "linux":
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return False
    return fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0


def _remove_listed(folder: Path, listed: set[str]) -> list[str]:
    """Delete the listed files of a folder and the folders left empty; returns what is left."""
    root = os.path.realpath(folder)
    for rel in sorted(listed, reverse=True):
        target = folder / rel
        if Path(rel).is_absolute() or ".." in Path(rel).parts or \
                os.path.commonpath([root, os.path.realpath(target.parent)]) != root:
            continue  # a list edited to name something outside the folder: not ours
        with contextlib.suppress(FileNotFoundError, IsADirectoryError, NotADirectoryError):
            target.unlink()
    for sub in sorted((p for p in folder.rglob("*") if p.is_dir() and not p.is_symlink()),
                      key=lambda p: -len(p.parts)):
        with contextlib.suppress(OSError):  # not empty: something no list holds
            sub.rmdir()
    try:
        folder.rmdir()
        return []
    except OSError:
        return sorted(_files(folder))


def _sweep(out: Path) -> None:
    """Remove the folders that writers of ``out`` killed before they finished left behind."""
    for entry in out.parent.glob(f".{out.name}.tmp-*"):
        pid = entry.name.rsplit(".tmp-", 1)[1].split("-")[0]
        if pid.isdigit() and not alive(int(pid)):
            shutil.rmtree(entry, ignore_errors=True)



def write_folder(out: Path, fill: Callable[[Path], None],
                 notice: Callable[[str], None] | None = None) -> None:
    """Write a folder with ``fill`` beside ``out`` and switch it into place (see the module)."""
    check_target(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    _sweep(out)
    tmp = out.parent / f".{out.name}.tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    old: Path | None = None
    try:
        tmp.mkdir()
        fill(tmp)
        files = sorted(_files(tmp))
        (tmp / MANIFEST).write_text("".join(f + "\n" for f in files), encoding="utf-8")
        check_target(out)  # again: a user may have put a file there meanwhile
        if out.is_dir() and any(out.iterdir()):
            listed = _listed(out) or set()
            if _exchange(tmp, out):
                old, tmp = tmp, out
            else:  # two renames: DIR is missing for a moment
                old = out.parent / f".{out.name}.old-{uuid.uuid4().hex[:8]}"
                os.rename(out, old)
                os.rename(tmp, out)
                tmp = out
        else:
            if out.is_dir():
                out.rmdir()  # empty
            os.rename(tmp, out)
            tmp = out
    except BaseException as exc:
        if tmp != out:
            shutil.rmtree(tmp, ignore_errors=True)
        if isinstance(exc, OSError):  # a full disk: the folder as it was, no temporary left
            raise naming(exc, out) from exc
        raise
    if old is not None and _remove_listed(old, listed):
        kept = out.parent / f"{out.name}.kept-{uuid.uuid4().hex[:8]}"
        os.rename(old, kept)
        if notice is not None:
            notice(f"{out}: the previous folder held files ctocgraph did not write; they are "
                   f"kept in {kept}")
