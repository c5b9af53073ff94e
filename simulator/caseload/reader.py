"""Reading a caseload CSV: a columnar parse (pyarrow) and vectorised validation that keeps row-level messages.

`read_caseload(source)` validates every row and keeps the good ones; each bad row is reported as
`line N, column: problem` and the good rows still run. A file that cannot be used at all (too big, not
UTF-8 text, no header, missing or unknown columns, no valid row) raises one `CaseloadError`.

Two parses give the same table of text cells: pyarrow's multi-threaded reader for plain files (no quote
character, no bare CR, one row per line: each row's line is then its position), and Python's csv module
for the rest (quoted cells, line breaks inside cells, ragged rows), which counts lines as it goes.
Validation (validate.py) then works on each column's distinct texts (a caseload repeats a few hours, wages and codes
many times), so a million rows need a few thousand conversions, not millions.
"""
from __future__ import annotations

import codecs
import csv
import re
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from ..errors import Joined, Said, said
from ..untrusted import quote
from .schema import COLUMN_NAMES, MAX_BYTES, MAX_CELL, MAX_ERRORS_KEPT, REQUIRED, Caseload, CaseloadError, RowError
from .validate import POOL, TextTable, validate

READ_BLOCK = 1 << 22              # bytes pyarrow parses per block (a row must fit in one)
EXACT_CHUNK = 100_000             # rows the csv module hands on at a time
EXACT_BLOCK = 1 << 20             # bytes the exact parse decodes at a time: its memory is a few of these
_TEXT = pa.string()
_CODED = pa.dictionary(pa.int32(), pa.string())
# The csv module's own cell limit (128 KiB) would make a whole file unreadable for one long cell; the
# reader bounds cells itself (MAX_CELL) and names the line, so the module only needs the file's bound.
csv.field_size_limit(max(csv.field_size_limit(), MAX_BYTES))


def read_caseload(source: str | Path | bytes | IO, *, name: str | None = None) -> Caseload:
    """Read and validate a caseload CSV: a path, the file's bytes, or an open file (text or binary).

    Bad rows are skipped and reported in `Caseload.errors` (`line N, column: problem`); a file that cannot
    be used at all raises `CaseloadError`. A path is read by pyarrow itself, block by block, never held
    whole in memory (unless it needs the exact parse).
    """
    src = _source(source, name)
    head = src.head(HEADER_BYTES)
    start = 3 if head.startswith(b"\xef\xbb\xbf") else 0
    names, delimiter, header_line, body = _header(head, start, src.label, src.size)
    scan = _scan(src, body, header_line + 1)
    table = None if scan.needs_exact else _fast_parse(src, body, names, delimiter, header_line + 1, scan.records)
    if table is None:
        table = _exact_parse(src, body, names, delimiter, header_line + 1, src.label)
    return validate(table, src.label)


HEADER_BYTES = 4 * 2**20          # the header line must end within the file's first 4 MiB
SCAN_BLOCK = 1 << 23


@dataclass
class _Source:
    """A caseload's bytes: held in memory (an upload, an open file) or on disk (a path)."""

    label: str
    data: bytes | None = None
    path: Path | None = None

    @property
    def size(self) -> int:
        return len(self.data) if self.data is not None else self.path.stat().st_size

    def head(self, n: int) -> bytes:
        if self.data is not None:
            return self.data[:n]
        with open(self.path, "rb") as fh:
            return fh.read(n)

    def blocks(self, start: int, size: int = SCAN_BLOCK) -> Iterator[bytes]:
        if self.data is not None:
            for at in range(start, len(self.data), size):
                yield self.data[at:at + size]
            return
        with open(self.path, "rb") as fh:
            fh.seek(start)
            while block := fh.read(size):
                yield block

    def whole(self) -> bytes:
        return self.data if self.data is not None else self.path.read_bytes()

    def arrow(self, start: int) -> pa.NativeFile:
        if self.data is not None:
            return pa.BufferReader(pa.py_buffer(self.data).slice(start))
        stream = pa.OSFile(str(self.path))
        stream.seek(start)
        return stream


def _source(source: str | Path | bytes | IO, name: str | None) -> _Source:
    if isinstance(source, bytes | bytearray | memoryview):
        src = _Source(name or "caseload", data=bytes(source))
    elif hasattr(source, "read"):
        data = source.read(MAX_BYTES + 1)
        if isinstance(data, str):
            data = data.encode("utf-8", "surrogatepass")
        src = _Source(name or str(getattr(source, "name", "caseload")), data=data)
    else:
        src = _Source(name or str(source), path=Path(source))
        try:
            if not src.path.is_file():
                raise CaseloadError.of(src.label, "caseload.not_a_file")
            src.size  # noqa: B018 - stat now: a missing file is a clear error here, not later
        except OSError as exc:
            code = {FileNotFoundError: "caseload.not_found", PermissionError: "caseload.denied"}.get(
                type(exc), "caseload.unreadable")
            raise CaseloadError.of(src.label, code, reason=exc.strerror or exc.__class__.__name__) from None
    if src.size > MAX_BYTES:
        raise CaseloadError.of(src.label, "caseload.too_big", limit=MAX_BYTES // 2**20)
    if src.head(2) == GZIP_MAGIC:
        src = _Source(src.label, data=_gunzip(src.whole(), src.label))
    return src


GZIP_MAGIC = b"\x1f\x8b"
GUNZIP_BLOCK = 1 << 20


def _gunzip(data: bytes, label: str) -> bytes:
    """A gzip-compressed caseload (`.csv.gz`: a million households in about a sixth of the upload limit),
    decompressed a block at a time and refused as soon as it would pass MAX_BYTES: a "zip bomb" of a few
    kilobytes that would unpack to gigabytes costs at most MAX_BYTES."""
    inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)      # gzip framing
    out = bytearray()
    pending = data
    try:
        while pending and not inflate.eof:
            out += inflate.decompress(pending, GUNZIP_BLOCK)
            pending = inflate.unconsumed_tail
            if len(out) > MAX_BYTES:
                raise CaseloadError.of(label, "caseload.unpacks_to", limit=MAX_BYTES // 2**20)
        out += inflate.flush()
    except zlib.error:
        raise CaseloadError.of(label, "caseload.not_gzip") from None
    if not inflate.eof:
        raise CaseloadError.of(label, "caseload.gzip_cut")
    if len(out) > MAX_BYTES:
        raise CaseloadError.of(label, "caseload.unpacked", limit=MAX_BYTES // 2**20)
    return bytes(out)


@dataclass(frozen=True)
class _Scan:
    """What one pass over the rows' bytes tells: how many records, and whether pyarrow can parse them."""

    records: int
    needs_exact: bool                   # a quote or a bare CR: the csv module parses and counts lines


def _scan(src: _Source, body: int, first_line: int) -> _Scan:
    """Count the rows' line ends and refuse NUL bytes or bytes that are not UTF-8, naming the line."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    newlines = cr = crlf = 0
    quote_seen = False
    last = b""
    for block in src.blocks(body):
        if block.find(b"\x00") >= 0:
            line = first_line + newlines + block.count(b"\n", 0, block.find(b"\x00"))
            raise CaseloadError.of(src.label, "caseload.nul", line=line)
        try:
            decoder.decode(block)
        except UnicodeDecodeError as exc:
            line = first_line + newlines + block.count(b"\n", 0, max(0, exc.start))
            raise CaseloadError.of(src.label, "caseload.not_utf8", line=line) from None
        quote_seen = quote_seen or block.find(b'"') >= 0
        if block.find(b"\r") >= 0:
            cr += block.count(b"\r")
            crlf += block.count(b"\r\n") + (last == b"\r" and block[:1] == b"\n")
        newlines += block.count(b"\n")
        last = block[-1:]
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise CaseloadError.of(src.label, "caseload.not_utf8", line=first_line + newlines) from None
    records = newlines + (1 if last not in (b"", b"\n") else 0)
    return _Scan(records, quote_seen or cr != crlf)


def _listed(code: str, names: list[str], shown: int = 3) -> Said:
    """A header's problem `code` ('missing column weight'; `code`_many for several) with the first few names
    and how many more: a header's problems fit one short line (ScenarioError caps it)."""
    listed: str | Said = ", ".join(names[:shown])
    if len(names) > shown:
        listed = said("header.more", names=listed, count=len(names) - shown)
    return said(f"{code}_many" if len(names) > 1 else code, names=listed)


def _header(data: bytes, pos: int, label: str, size: int) -> tuple[list[str], str, int, int]:
    """The header's column names, the separator, the header's line number and where the rows start
    (`data` is the file's beginning, `size` the whole file's)."""
    line = 0
    while pos < len(data):
        end = _line_end(data, pos)
        if end < 0 and len(data) < size:
            raise CaseloadError.of(label, "caseload.no_line_end", limit=HEADER_BYTES // 2**20)
        end = len(data) if end < 0 else end
        line += 1
        raw, pos = data[pos:end], end + (2 if data[end:end + 2] == b"\r\n" else 1)
        if raw.strip():
            break
    else:
        raise CaseloadError.of(label, "caseload.empty", codes=", ".join(REQUIRED))
    try:
        text = raw.decode("utf-8").rstrip("\r")
    except UnicodeDecodeError:
        raise CaseloadError.of(label, "caseload.not_utf8", line=line) from None
    delimiter = ","
    if "," not in text:
        delimiter = ";" if ";" in text else ("\t" if "\t" in text else ",")
    try:
        names = [h.strip().lower() for h in next(csv.reader([text], delimiter=delimiter))]
    except (csv.Error, StopIteration):
        raise CaseloadError.of(label, "caseload.header_csv", line=line) from None
    counts = Counter(names)           # one pass: a header of 40,000 names is checked in milliseconds
    missing = [c for c in REQUIRED if c not in counts]
    unknown = [h for h in counts if h not in COLUMN_NAMES]
    dupes = sorted(h for h, k in counts.items() if k > 1 and h in COLUMN_NAMES)
    problems = []
    if missing:
        problems.append(_listed("header.missing", missing))
    if unknown:
        problems.append(_listed("header.unknown", [quote(u, 30) for u in unknown]))
    if dupes:
        problems.append(said("header.twice_many" if len(dupes) > 1 else "header.twice", names=", ".join(dupes)))
    if problems:
        raise CaseloadError.of(label, "caseload.header", line=line, problems=Joined(tuple(problems)))
    return names, delimiter, line, min(pos, len(data))


def _line_end(data: bytes, pos: int) -> int:
    """Where the line starting at `pos` ends: its LF, CRLF or bare CR (old Excel for Mac), or -1."""
    lf, cr = data.find(b"\n", pos), data.find(b"\r", pos)
    return cr if cr >= 0 and (lf < 0 or cr < lf) else lf


_LINE_END = re.compile(r"\r\n|\r|\n")   # the line ends the csv module knows (newline="")


def _lines(src: _Source, body: int, longest: int, too_long: list[int]) -> Iterator[str]:
    """The rows' text line by line (LF, CRLF or a bare CR kept), decoded a block at a time, so the csv module
    never sees the whole file: its memory is a few blocks, not the file. A line longer than `longest`
    characters (more than any valid row) is not assembled: it is passed on empty and its number kept in
    `too_long`, so a 64 MB row of commas or one huge cell costs a block, not gigabytes of cells."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    pending, number, skipping = "", 0, False
    for block in src.blocks(body, EXACT_BLOCK):
        text = pending + decoder.decode(block)
        ends = [m.end() for m in _LINE_END.finditer(text)]
        lines = [text[a:b] for a, b in zip([0, *ends], ends, strict=False)]
        pending = text[ends[-1]:] if ends else text
        # "\r" at the block's end may be half of "\r\n": keep it until the next block says
        if lines and not pending and lines[-1].endswith("\r"):
            pending = lines.pop()
        for line in lines:
            number += 1
            if skipping or len(line) > longest:
                too_long.append(number)
                skipping = False
                yield line[-1:] if line[-1:] in ("\n", "\r") else "\n"
            else:
                yield line
        if len(pending) > longest:
            pending, skipping = "", True
    pending += decoder.decode(b"", final=True)
    if pending or skipping:
        number += 1
        if skipping or len(pending) > longest:
            too_long.append(number)
        else:
            yield pending


def _fast_parse(src: _Source, body: int, names: list[str], delimiter: str, first_line: int,
                records: int) -> TextTable | None:
    """pyarrow's parse of a plain file (no quote, no bare CR), or None when it needs the exact parse after
    all: blank or ragged lines (whose lines pyarrow does not tell), or a row longer than a block."""
    invalid: list[int] = []

    def skip(row: pacsv.InvalidRow) -> str:
        invalid.append(1)
        return "skip"

    try:
        table = pacsv.read_csv(
            src.arrow(body),
            read_options=pacsv.ReadOptions(column_names=names, block_size=READ_BLOCK),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, quote_char=False, invalid_row_handler=skip),
            convert_options=pacsv.ConvertOptions(
                column_types={n: _TEXT if n == "household_id" else _CODED for n in names},
                strings_can_be_null=False, null_values=[]), memory_pool=POOL)
    except (pa.ArrowException, ValueError):
        return None
    if invalid or table.num_rows != records:
        return None
    lines = np.arange(first_line, first_line + table.num_rows, dtype=np.int64)
    return TextTable({n: table.column(n) for n in names}, lines, [], 0)


def _exact_parse(src: _Source, body: int, names: list[str], delimiter: str, first_line: int,
                 label: str) -> TextTable:
    """The csv module's parse: quoted cells with separators, quotes and line breaks (LF, CRLF or a bare CR),
    fed line by line (`_lines`), in memory bounded by a block and the rows kept."""
    width = len(names)
    # No valid row is longer than its cells at their limit, each quoted with every quote doubled.
    longest = width * (2 * MAX_CELL + 3) + 2
    too_long: list[int] = []
    reader = csv.reader(_lines(src, body, longest, too_long), delimiter=delimiter)
    parts: dict[str, list[pa.Array]] = {n: [] for n in names}
    lines: list[int] = []
    ragged: list[RowError] = []
    ragged_count = 0
    rows: list[list[str]] = []

    def flush() -> None:
        for n, cells in zip(names, zip(*rows, strict=True), strict=True):
            parts[n].append(pa.array(cells, _TEXT, memory_pool=POOL))
        rows.clear()

    done = 0
    try:
        for row in reader:
            line, done = first_line + done, reader.line_num
            if len(row) == width:
                rows.append(row)
                lines.append(line)
                if len(rows) == EXACT_CHUNK:
                    flush()
            elif "".join(row).strip():
                ragged_count += 1
                if len(ragged) < MAX_ERRORS_KEPT:
                    ragged.append(RowError.of(line, "", "cells", cells=len(row), columns=width))
    except csv.Error as exc:
        raise CaseloadError.of(label, "caseload.csv", line=first_line + done, detail=str(exc)) from None
    if rows:
        flush()
    for number in too_long:
        ragged_count += 1
        if len(ragged) < MAX_ERRORS_KEPT:
            ragged.append(RowError.of(first_line + number - 1, "", "row_too_long", limit=longest))
    columns = {n: pa.chunked_array(p, _TEXT) for n, p in parts.items()}
    return TextTable(columns, np.asarray(lines, dtype=np.int64), ragged, ragged_count)
