"""The export file: written as a stream, read as a stream, checked on the way.

Layout (UTF-8 JSON, one row per line so that ``jq``, ``grep`` and ``diff`` work on it)::

    {"format": "officer-tui-export", "format_version": 1, "schema": "0005",
     "app_version": "0.1.0", "exported_at": "2026-03-02T09:00:00+00:00",
     "tables": {"orgunit": [{...}, ...], ...},
     "counts": {"orgunit": 15, ...}}

``counts`` comes last: a file cut short cannot pass for a complete one. A name ending in
``.gz`` is written gzip-compressed; the reader recognises compressed files by their content.
The reader accepts any JSON layout (a file pretty-printed by ``jq`` reads the same), walks the
file without loading it whole, and says where it broke (line and column).
"""

from __future__ import annotations

import codecs
import gzip
import io
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from officer_tui.i18n import _

FORMAT = "officer-tui-export"
FORMAT_VERSION = 1
CHUNK = 1 << 20  # characters read at a time
TAIL = 1 << 16  # bytes read from the end for the counts
_WHITESPACE = " \t\n\r"


class FileProblem(Exception):
    """The file cannot be imported; the message says why, for people."""


# --- writing --------------------------------------------------------------------------------


class ExportWriter:
    """Writes the export beside ``path`` under a temporary name; ``commit`` renames it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.temporary = path.with_name(f".{path.name}.{os.getpid()}.part")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(self.temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        except OSError as exc:
            raise FileProblem(
                _("cannot write {path}: {reason}").format(path=path, reason=exc.strerror)
            ) from None
        raw: BinaryIO = os.fdopen(descriptor, "wb")
        self._raw = raw
        self._gzip = None
        if path.name.lower().endswith(".gz"):
            self._gzip = gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=6, mtime=0)
            binary: Any = self._gzip
        else:
            binary = raw
        self.handle = io.TextIOWrapper(binary, encoding="utf-8", newline="\n", write_through=False)
        self._tables = 0
        self._rows = 0

    def header(self, fields: dict[str, Any]) -> None:
        items = ", ".join(f"{json.dumps(key)}: {json.dumps(value)}" for key, value in fields.items())
        self.handle.write("{" + items + ",\n\"tables\": {")

    def begin_table(self, name: str) -> None:
        self.handle.write(("\n" if self._tables == 0 else ",\n") + json.dumps(name) + ": [")
        self._tables += 1
        self._rows = 0

    def rows(self, lines: list[str]) -> None:
        """Rows already encoded as JSON objects, one string each."""
        if not lines:
            return
        self.handle.write(("\n" if self._rows == 0 else ",\n") + ",\n".join(lines))
        self._rows += len(lines)

    def end_table(self) -> None:
        self.handle.write("\n]" if self._rows else "]")

    def finish(self, counts: dict[str, int]) -> None:
        self.handle.write("\n},\n\"counts\": " + json.dumps(counts) + "}\n")

    def commit(self) -> None:
        """Flush to disk and give the file its real name (atomic on one file system)."""
        self.handle.flush()
        if self._gzip is not None:
            self._gzip.close()
        self._raw.flush()
        os.fsync(self._raw.fileno())
        self.handle.close()
        try:
            os.replace(self.temporary, self.path)
        except OSError as exc:
            self.temporary.unlink(missing_ok=True)
            raise FileProblem(
                _("cannot write {path}: {reason}").format(path=self.path, reason=exc.strerror)
            ) from None

    def abandon(self) -> None:
        try:
            self.handle.close()
        except Exception:  # noqa: BLE001 - cleaning up after an error that is reported already
            pass
        self.temporary.unlink(missing_ok=True)


def encoder() -> Callable[[Any], str]:
    """JSON for one row: umlauts as they are, no NaN. The C encoder made once, not per row."""
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:
        return json.JSONEncoder(ensure_ascii=False, allow_nan=False).encode
    chunks = make(None, _refuse, json.encoder.encode_basestring, None, ": ", ", ", False, False,
                  False)

    def encode(value: Any) -> str:
        return "".join(chunks(value, 0))

    return encode


def _refuse(value: Any) -> Any:
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


# --- reading --------------------------------------------------------------------------------


def _open_text(path: Path) -> io.TextIOBase:
    try:
        raw = open(path, "rb")  # noqa: SIM115 - closed by the reader
    except FileNotFoundError:
        raise FileProblem(_("there is no such file")) from None
    except IsADirectoryError:
        raise FileProblem(_("is a folder, not a file")) from None
    except OSError as exc:
        raise FileProblem(
            _("cannot be read: {reason}").format(reason=exc.strerror)
        ) from None
    magic = raw.read(16)
    raw.seek(0)
    if magic == b"SQLite format 3\x00":
        raw.close()
        raise FileProblem(
            _("is a database file, not an export (a backup? restore it with 'officer restore')")
        )
    magic = magic[:2]
    binary: Any = gzip.GzipFile(fileobj=raw, mode="rb") if magic == b"\x1f\x8b" else raw
    return io.TextIOWrapper(binary, encoding="utf-8-sig", errors="strict")


class ExportReader:
    """Walks an export: ``header()``, then ``tables()`` (each with its rows), then ``trailer()``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.handle = _open_text(path)
        self.buffer = ""
        self.pos = 0
        self.eof = False
        self.line_base = 1  # line number of buffer[0]
        self.column_base = 1  # its column
        self.decoder = json.JSONDecoder()
        self.fields: dict[str, Any] = {}

    def close(self) -> None:
        self.handle.close()

    def __enter__(self) -> ExportReader:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- low level

    def _fill(self) -> bool:
        if self.eof:
            return False
        try:
            chunk = self.handle.read(CHUNK)
        except UnicodeDecodeError:
            raise FileProblem(_("is not a JSON export: it is not UTF-8 text")) from None
        except (OSError, EOFError, gzip.BadGzipFile) as exc:
            raise FileProblem(_("cannot be read: {reason}").format(reason=exc)) from None
        if not chunk:
            self.eof = True
            return False
        self._drop_consumed()
        self.buffer += chunk
        return True

    def _drop_consumed(self) -> None:
        if self.pos < CHUNK:
            return
        consumed = self.buffer[: self.pos]
        lines = consumed.count("\n")
        if lines:
            self.line_base += lines
            self.column_base = self.pos - consumed.rfind("\n")
        else:
            self.column_base += self.pos
        self.buffer = self.buffer[self.pos :]
        self.pos = 0

    def where(self, pos: int | None = None) -> tuple[int, int]:
        pos = self.pos if pos is None else pos
        lines = self.buffer.count("\n", 0, pos)
        if lines:
            return self.line_base + lines, pos - self.buffer.rfind("\n", 0, pos)
        return self.line_base, self.column_base + pos

    def _truncated(self) -> FileProblem:
        line, _column = self.where(len(self.buffer))
        return FileProblem(
            _("is truncated: it ends at line {line} in the middle of the data; "
              "export it again").format(line=line)
        )

    def _syntax(self, reason: str, pos: int | None = None) -> FileProblem:
        line, column = self.where(pos)
        return FileProblem(
            _("is not valid JSON (line {line}, column {column}: {reason})").format(
                line=line, column=column, reason=reason
            )
        )

    def peek(self) -> str:
        """The next character that is not white space ('' at the end of the file)."""
        while True:
            while self.pos < len(self.buffer) and self.buffer[self.pos] in _WHITESPACE:
                self.pos += 1
            if self.pos < len(self.buffer):
                return self.buffer[self.pos]
            if not self._fill():
                return ""

    def expect(self, char: str) -> None:
        found = self.peek()
        if found == char:
            self.pos += 1
            return
        if not found:
            raise self._truncated()
        raise self._syntax(_("expected {char!r}, found {found!r}").format(char=char, found=found))

    def value(self) -> Any:
        """The next JSON value (an object, a string, a number ...)."""
        if not self.peek():
            raise self._truncated()
        while True:
            try:
                value, end = self.decoder.raw_decode(self.buffer, self.pos)
            except json.JSONDecodeError as exc:
                # An error well before the end of what was read is in the file, not in the cut.
                genuine = exc.pos < len(self.buffer) - 64 and not exc.msg.startswith("Unterminated")
                if not genuine and self._fill():
                    continue
                rest = self.buffer[exc.pos :].rstrip()
                cut = exc.msg.startswith("Unterminated") or ("\n" not in rest and len(rest) < 64)
                if not genuine and cut:  # the file ends inside this value
                    raise self._truncated() from None
                raise self._syntax(exc.msg, exc.pos) from None
            # A number or word at the very end of the buffer may go on in the next chunk.
            if end >= len(self.buffer) and not self.eof and self._fill():
                continue
            self.pos = end
            return value

    def string(self) -> str:
        if self.peek() != '"':
            if not self.peek():
                raise self._truncated()
            raise self._syntax(_("expected a name in double quotes"))
        return self.value()

    # -- structure

    def header(self) -> dict[str, Any]:
        """The fields before ``tables`` (and ``counts``, if it comes first)."""
        first = self.peek()
        if first != "{":
            if not first:
                raise FileProblem(_("is empty"))
            head = self.buffer[self.pos : self.pos + 5]
            words = ("true", "false", "null")
            if first not in '["-0123456789tfn' or (  # no JSON value starts like this
                first in "tfn" and not any(word.startswith(head[: len(word)]) for word in words)
            ):
                raise FileProblem(_("is not JSON (an officer export starts with {brace})").format(brace="'{'"))
            self.value()  # says where the JSON breaks, if it does
            raise FileProblem(_("is not an officer-tui export (JSON, but not an object)"))
        self.pos += 1
        while True:
            if self.peek() == "}":
                self.pos += 1
                self.fields["__end__"] = True
                return self.fields
            key = self.string()
            self.expect(":")
            if key == "tables":
                return self.fields
            self.fields[key] = self.value()
            self._after_member()

    def _after_member(self) -> None:
        if self.peek() == ",":
            self.pos += 1
        elif self.peek() != "}":
            if not self.peek():
                raise self._truncated()
            raise self._syntax(_("expected {comma} or {brace}").format(comma="','", brace="'}'"))

    def tables(self) -> Iterator[tuple[str, Iterator[dict]]]:
        """Each table's name with an iterator over its rows (read each to its end)."""
        self.expect("{")
        if self.peek() == "}":
            self.pos += 1
            self._after_member()
            return
        while True:
            name = self.string()
            self.expect(":")
            self.expect("[")
            yield name, self._rows(name)
            following = self.peek()
            if following == ",":
                self.pos += 1
                continue
            if following == "}":
                self.pos += 1
                self._after_member()
                return
            if not following:
                raise self._truncated()
            raise self._syntax(_("expected {comma} or {brace}").format(comma="','", brace="'}'"))

    def _rows(self, name: str) -> Iterator[dict]:
        if self.peek() == "]":
            self.pos += 1
            return
        while True:
            row = self.value()
            if not isinstance(row, dict):
                line = self.where()[0]
                raise FileProblem(
                    _("table {table}, line {line}: a row must be an object {{...}}").format(
                        table=name, line=line
                    )
                )
            yield row
            following = self.peek()
            if following == ",":
                self.pos += 1
            elif following == "]":
                self.pos += 1
                return
            elif not following:
                raise self._truncated()
            else:
                raise self._syntax(_("expected ',' or ']'"))

    def trailer(self) -> dict[str, Any]:
        """The fields after ``tables`` (``counts``); checks that the file ends there."""
        while not self.fields.get("__end__"):
            if self.peek() == "}":
                self.pos += 1
                break
            key = self.string()
            self.expect(":")
            if key == "tables":
                raise self._syntax(_("a second 'tables'"))
            self.fields[key] = self.value()
            self._after_member()
        if self.peek():
            raise self._syntax(_("more data after the end of the export"))
        self.fields.pop("__end__", None)
        return self.fields


def tail_fields(path: Path) -> dict[str, Any] | None:
    """``counts`` read from the end of an uncompressed file, if it sits there as we write it.

    Saves walking a large file just to show its header. None when the tail does not look like
    ours (compressed, reformatted, truncated): then the caller walks the file.
    """
    try:
        with open(path, "rb") as raw:
            if raw.read(2) == b"\x1f\x8b":
                return None
            size = raw.seek(0, os.SEEK_END)
            raw.seek(max(0, size - TAIL))
            data = raw.read()
    except OSError:
        return None
    text = codecs.decode(data, "utf-8", errors="replace")
    start = text.rfind('"counts"')
    if start < 0:
        return None
    rest = text[start + len('"counts"') :].lstrip()
    if not rest.startswith(":"):
        return None
    try:
        counts, end = json.JSONDecoder().raw_decode(rest, len(rest) - len(rest[1:].lstrip()))
    except json.JSONDecodeError:
        return None
    if rest[end:].strip() != "}" or not isinstance(counts, dict):
        return None
    return {"counts": counts}
