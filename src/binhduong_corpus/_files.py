"""The one way the package writes files: all of them or none of them.

:func:`write_files` first writes every file to a hidden temporary file
beside its target (``.<name>.<random>.tmp``, same folder, so the final move
is a rename within one file system), flushed and fsynced. Only when every
one is written are they moved into place with :func:`os.replace`, which
swaps a file whole: a reader sees the old bytes or the new, never a mix.
Any failure before that point removes the temporary files and leaves every
target as it was.

One limit remains: the moves are one system call each, not one for all.
A process killed between two ``os.replace`` calls (or, far rarer, a move
that fails after others succeeded, which the error then says) leaves the
files moved so far new and the rest old. The build therefore moves the
manifest last, as its commit point: until the new manifest is in place the
old one vouches for the data, and the store refuses any file whose bytes or
schema differ from it with ``IntegrityError`` rather than loading it.
Running the build again finishes the job.

A killed process also leaves its temporary files. They are known by their
name, and :func:`remove_stale`, which every writer calls before it starts,
removes them.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import secrets
import stat
from collections.abc import Iterable, Mapping
from pathlib import Path

from .errors import WriteError

__all__ = ["json_bytes", "remove_stale", "same_bytes", "write_files"]

# Our temporary files and nobody else's: a hidden name, the target's name, 12 random hex digits.
_TEMP = re.compile(r"\.(?P<name>.+)\.[0-9a-f]{12}\.tmp")
# A file name may hold 255 bytes on common file systems; ours adds 19 to the target's.
_LONGEST_NAME = 255 - 19
_UNTOUCHED = "no file was replaced; the previous files were left as they were"


def json_bytes(value: object, *, sort_keys: bool = False) -> bytes:
    """JSON as the package writes it: indented, UTF-8, with a final newline (keys sorted when asked)."""
    return (json.dumps(value, indent=2, ensure_ascii=False, sort_keys=sort_keys) + "\n").encode("utf-8")


def same_bytes(path: Path, data: bytes) -> bool:
    """Whether ``path`` is a file holding exactly ``data``."""
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:  # missing, a folder, unreadable: not the same, so it gets written
        return False


def _stem(target: Path) -> str:
    """What a temporary file of ``target`` is named after: its name, or a hash of a name too long to extend."""
    if len(target.name.encode("utf-8", "surrogateescape")) <= _LONGEST_NAME:
        return target.name
    return hashlib.sha256(target.name.encode("utf-8", "surrogateescape")).hexdigest()[:32]


def remove_stale(targets: Iterable[Path]) -> list[Path]:
    """Remove the temporary files a killed write left beside ``targets``; return them."""
    by_folder: dict[Path, set[str]] = {}
    for target in targets:
        by_folder.setdefault(target.parent, set()).add(_stem(target))
    removed = []
    for folder, names in by_folder.items():
        if not folder.is_dir():
            continue
        for path in folder.iterdir():
            match = _TEMP.fullmatch(path.name)
            if match and match["name"] in names and path.is_file():
                path.unlink(missing_ok=True)
                removed.append(path)
    return removed


def write_files(files: Mapping[Path, bytes], *, last: Path | None = None) -> list[Path]:
    """Write every file or none; return the targets that changed.

    Each file is staged beside its target, then all are moved into place,
    ``last`` after all the others. A target already holding the same bytes
    is left alone. On any failure every temporary file is removed and
    :class:`WriteError` names the file and says what was left; see the
    module docstring for the one case (a process killed between two moves)
    that can leave some targets new and some old.
    """
    staged: list[tuple[Path, Path]] = []  # (temporary file, target)
    try:
        for target, data in files.items():
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                staged.append((_stage(target, data), target))
            except Exception as exc:
                raise WriteError(target, _reason(exc), _UNTOUCHED) from exc
        return _commit(staged, files, last)
    finally:
        for temp, _ in staged:  # after a commit none is left; after a failure, all of ours go
            _remove(temp)


def _stage(target: Path, data: bytes) -> Path:
    """Write ``data`` to a new temporary file beside ``target``, on disk; return its path."""
    fd, temp = _create_beside(target)
    try:
        try:
            _write_all(fd, data)
            os.fsync(fd)  # the bytes must be on disk before a rename can make them the target
        finally:
            os.close(fd)
        _keep_mode(target, temp)
    except BaseException:
        _remove(temp)
        raise
    return temp


def _create_beside(target: Path) -> tuple[int, Path]:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        temp = target.with_name(f".{_stem(target)}.{secrets.token_hex(6)}.tmp")
        try:
            # 0o666 under the umask: the permissions a plain write would have given a new file.
            return os.open(temp, flags, 0o666), temp
        except FileExistsError:
            continue


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]  # a write may take only part of the buffer


def _keep_mode(target: Path, temp: Path) -> None:
    """Give the replacement the target's permissions, so rewriting a file changes its bytes only."""
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        return
    os.chmod(temp, mode)


def _commit(staged: list[tuple[Path, Path]], files: Mapping[Path, bytes], last: Path | None) -> list[Path]:
    changed = [(temp, target) for temp, target in staged if not same_bytes(target, files[target])]
    changed.sort(key=lambda pair: pair[1] == last)  # stable: the commit point moves after everything else
    replaced: list[Path] = []
    for temp, target in changed:
        try:
            if target == last:
                _sync_folders(replaced)  # the earlier moves must be durable before the commit point is
            _replace(temp, target)
        except Exception as exc:
            raise WriteError(target, _reason(exc), _left(replaced, len(changed), last)) from exc
        replaced.append(target)
    try:
        _sync_folders(replaced)
    except Exception as exc:
        where = replaced[-1] if replaced else next(iter(files))
        raise WriteError(where, _reason(exc), "every file was replaced, but the moves may not be on disk yet") from exc
    return replaced


def _replace(temp: Path, target: Path) -> None:
    os.replace(temp, target)


def _sync_folders(paths: Iterable[Path]) -> None:
    """fsync the folders of ``paths``, so the renames in them survive a power cut."""
    if not hasattr(os, "O_DIRECTORY"):  # Windows cannot open a folder; its renames are journaled
        return
    for folder in dict.fromkeys(path.parent for path in paths):
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _left(replaced: list[Path], total: int, last: Path | None) -> str:
    if not replaced:
        return _UNTOUCHED
    done = f"{len(replaced)} of {total} changed files were already replaced"
    if last is not None and last not in replaced:
        return f"{done}, but not {last.name}, which still vouches for the previous data; run the build again"
    return f"{done}; run the command again"


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return f"{type(exc).__name__}: {exc}"


def _remove(path: Path) -> None:
    # Cleanup must not hide the error that caused it; a file left behind goes at the next write.
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)
