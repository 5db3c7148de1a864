"""A zip file written entry by entry with memory that does not grow with the entries.

Python's ``zipfile`` keeps a ``ZipInfo`` per entry until it writes the central directory at
the end (a few hundred bytes a letter: 514 letters doubled the job's peak memory). This writer
writes each entry's directory record to a spool file on disk as the entry is written, and copies
the spool after the last entry, so what it holds is one entry and two counters. It writes only
what the letters need: stored entries (PDFs are compressed already), UTF-8 names, and no ZIP64
(it refuses more than 65,535 entries or 4 GiB, far above a round's 514 letters). ``zipfile``
reads what it writes (the tests check it with ``testzip``).
"""

from __future__ import annotations

import datetime as dt
import struct
import tempfile
import zlib
from types import TracebackType
from typing import IO

_LOCAL = struct.Struct("<IHHHHHIIIHH")
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")
_END = struct.Struct("<IHHHHIIH")
_UTF8_NAMES = 0x0800
_VERSION = 20  # 2.0: stored entries and folders
_MADE_ON_UNIX = 3 << 8
_FILE_MODE = 0o100644 << 16
_LIMIT = 0xFFFFFFFF
_MAX_ENTRIES = 0xFFFF
_CHUNK = 8 * 1024  # the directory is copied in small pieces: held at once whatever its size


class ZipLimitError(ValueError):
    """The archive would need ZIP64 (more than 65,535 entries or 4 GiB)."""


def _dos_time(moment: dt.datetime) -> tuple[int, int]:
    year = max(moment.year, 1980)
    return (
        (moment.hour << 11) | (moment.minute << 5) | (moment.second // 2),
        ((year - 1980) << 9) | (moment.month << 5) | moment.day,
    )


class ZipStream:
    """``with ZipStream(target, moment) as archive: archive.add(name, data)``; ``target`` is a
    binary file opened for writing, positioned where the zip starts."""

    def __init__(self, target: IO[bytes], moment: dt.datetime) -> None:
        self._target = target
        self._time, self._date = _dos_time(moment)
        # closed by close() or __exit__; the spool lives as long as the archive is written
        self._directory: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115
        self._offset = 0
        self._entries = 0

    def add(self, name: str, data: bytes) -> None:
        """Write one stored entry named ``name`` (a plain relative path) holding ``data``."""
        if self._entries >= _MAX_ENTRIES or self._offset + len(data) + 30 + len(name.encode()) > _LIMIT:
            raise ZipLimitError("the archive would need ZIP64")
        encoded = name.encode("utf-8")
        crc = zlib.crc32(data) & 0xFFFFFFFF
        size = len(data)
        header = _LOCAL.pack(
            0x04034B50, _VERSION, _UTF8_NAMES, 0, self._time, self._date, crc, size, size, len(encoded), 0
        )
        self._target.write(header)
        self._target.write(encoded)
        self._target.write(data)
        self._directory.write(
            _CENTRAL.pack(
                0x02014B50,
                _MADE_ON_UNIX | _VERSION,
                _VERSION,
                _UTF8_NAMES,
                0,
                self._time,
                self._date,
                crc,
                size,
                size,
                len(encoded),
                0,
                0,
                0,
                0,
                _FILE_MODE,
                self._offset,
            )
        )
        self._directory.write(encoded)
        self._offset += len(header) + len(encoded) + size
        self._entries += 1

    def close(self) -> None:
        """Copy the directory after the entries and end the archive."""
        directory_size = self._directory.tell()
        if self._offset > _LIMIT or directory_size > _LIMIT:
            raise ZipLimitError("the archive would need ZIP64")
        self._directory.seek(0)
        while chunk := self._directory.read(_CHUNK):
            self._target.write(chunk)
        self._directory.close()
        self._target.write(
            _END.pack(0x06054B50, 0, 0, self._entries, self._entries, directory_size, self._offset, 0)
        )

    @property
    def entries(self) -> int:
        return self._entries

    def __enter__(self) -> ZipStream:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if kind is None:
            self.close()
        else:
            self._directory.close()
