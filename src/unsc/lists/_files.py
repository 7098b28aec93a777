"""Reading a list file from disk without trusting what the path points at.

``Path.read_bytes()`` on ``/dev/zero`` reads until memory runs out, and on a FIFO it blocks
until a writer appears (forever, if none does). So a path must name a regular file before
it is opened for reading, the descriptor is opened non-blocking and checked again with
``fstat`` (the path could be swapped between the two), and the bytes are read in chunks
against ``max_list_bytes`` so the bound holds while streaming, not after the fact.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from unsc import settings
from unsc.errors import ListFormatError, Problem

__all__ = ["open_list_file", "read_head", "read_list_bytes"]

_CHUNK = 1 << 20


def _refuse(source: str, message: str) -> ListFormatError:
    return ListFormatError(f"{source}: {message}", [Problem(source, None, None, message)])


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISDIR, "a directory")):
        if test(mode):
            return name
    return "not a regular file"


@contextmanager
def open_list_file(path: str | Path, limit: int | None) -> Iterator[tuple[IO[bytes], int]]:
    """The regular file at ``path`` opened for binary reading, with its size; the same
    refusals as :func:`read_list_bytes`. ``limit`` bounds the stated size (None: no bound,
    for readers that stream in constant memory)."""
    source = str(path)
    try:
        info = os.stat(path)
    except OSError as exc:
        raise _refuse(source, f"cannot read file: {exc.strerror}") from None
    if not stat.S_ISREG(info.st_mode):
        raise _refuse(source, f"refused: {_kind(info.st_mode)}, not a regular file")
    if limit is not None and info.st_size > limit:
        raise _refuse(source, f"{info.st_size} bytes exceeds max_list_bytes={limit}")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise _refuse(source, f"cannot read file: {exc.strerror}") from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):  # swapped after the stat above
            raise _refuse(source, f"refused: {_kind(mode)}, not a regular file")
        handle = os.fdopen(fd, "rb", buffering=1 << 20)
    except BaseException:
        os.close(fd)
        raise
    with handle:
        yield handle, info.st_size


def read_head(path: str | Path, size: int = 4096) -> bytes:
    """The first ``size`` bytes of the regular file at ``path`` (format detection)."""
    with open_list_file(path, None) as (handle, _):
        return handle.read(size)


def read_list_bytes(path: str | Path, limit: int | None = None) -> bytes:
    """The bytes of the regular file at ``path``, at most ``limit`` (default: the
    ``max_list_bytes`` setting); ListFormatError for anything else."""
    source = str(path)
    bound = int(settings.get("max_list_bytes")) if limit is None else limit
    chunks: list[bytes] = []
    size = 0
    with open_list_file(path, bound) as (handle, _):
        try:
            while True:
                chunk = handle.read(_CHUNK)
                if not chunk:
                    break
                size += len(chunk)
                if size > bound:  # the file grew while being read
                    raise _refuse(source, f"more than max_list_bytes={bound} bytes")
                chunks.append(chunk)
        except OSError as exc:
            raise _refuse(source, f"cannot read file: {exc.strerror}") from None
    return b"".join(chunks)
