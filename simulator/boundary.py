"""The one way text from outside becomes data: size first, then UTF-8, then a strict, bounded YAML reader.

Scenario files, uploads, reform files and `--reform FILE` all come through here, so each is refused the
same way, quickly and in one line naming the field: a file too large is not read, bytes that are not
UTF-8 are not decoded, and the YAML reader works on the parser's event stream, never on expanded data:

- anchors and aliases (`&a`, `*a`) are refused where they appear: the 502-byte "billion laughs" bomb, which
  expands to gigabytes, is refused at its first anchor;
- nesting deeper than `MAX_DEPTH` and more than `MAX_VALUES` values are refused while reading, without
  recursion;
- plain scalars are read as in YAML 1.2 (the JSON-compatible core schema): `true`/`false` are the only
  booleans (`yes`, `no`, `on`, `off` stay text), `1:30` is text, not 90 (YAML 1.1's base 60), only
  decimal numbers are numbers and none longer than `MAX_NUMBER_CHARS` (Python refuses to read integers of
  over 4,300 digits, with a message that names no field); `YYYY-MM-DD` is a date when it is a real one;
- a key may appear once per mapping, and explicit tags other than `!!str` are refused.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import stat
from pathlib import Path
from typing import Any

import yaml

from .errors import ScenarioError
from .untrusted import one_line, quote

MAX_FILE_BYTES = 256 * 1024   # a scenario or reform file (the largest example is under 2 kB)
MAX_DEPTH = 20                # mappings and lists inside each other (a scenario file uses 5)
MAX_VALUES = 20_000           # keys, values and list items in one file
MAX_NUMBER_CHARS = 30         # characters of a number (a krone amount needs under 15)

_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser when PyYAML was built with it

_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_INT = re.compile(r"[-+]?[0-9]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_SPECIAL_FLOAT = {".inf": float("inf"), "+.inf": float("inf"), "-.inf": float("-inf"), ".nan": float("nan")}
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_STR_TAGS = {"tag:yaml.org,2002:str", "!"}


def decode_text(data: bytes, name: str = "file", limit: int = MAX_FILE_BYTES) -> str:
    """`data` as text: at most `limit` bytes of UTF-8 (a leading byte-order mark is dropped)."""
    if len(data) > limit:
        raise ScenarioError.of(name, "file.too_big", size=len(data), limit=limit)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ScenarioError.of(name, "file.not_utf8", byte=exc.start + 1) from None


_UNREADABLE = {FileNotFoundError: "file.not_found", PermissionError: "file.denied",
               IsADirectoryError: "file.directory"}


def _unreadable(name: str, exc: OSError) -> ScenarioError:
    """A file that cannot be opened: the common reasons said in words, any other by its kind."""
    code = _UNREADABLE.get(type(exc))
    return ScenarioError.of(name, code) if code else ScenarioError.of(name, "file.unreadable",
                                                                     reason=exc.__class__.__name__)


def read_file_text(path: str | Path, limit: int = MAX_FILE_BYTES) -> str:
    """The text of the file at `path`, refused unread when larger than `limit` bytes."""
    name = one_line(str(path), 200)
    try:
        # A FIFO, a device or a directory is refused before it is opened: opening a FIFO waits for a writer
        # forever, reading /dev/zero never ends.
        if os.path.exists(path) and not stat.S_ISREG(os.stat(path).st_mode):
            raise ScenarioError.of(name, "file.not_regular")
        with open(path, "rb") as f:
            data = f.read(limit + 1)  # never more than the limit and one byte, whatever the file is
    except OSError as exc:
        raise _unreadable(name, exc) from None
    if len(data) > limit:
        raise ScenarioError.of(name, "file.larger", limit=limit)
    return decode_text(data, name, limit)


def read_yaml(text: str | bytes, what: str = "file", limit: int = MAX_FILE_BYTES) -> Any:
    """The data of one YAML (or JSON) document, read strictly (see the module's docstring).

    Problems with the document as a whole are named by `what` (a file name); problems at a value, by the
    dotted path of keys that leads to it (`household.children`).
    """
    what = one_line(what, 200)
    if isinstance(text, bytes | bytearray):
        text = decode_text(bytes(text), what, limit)
    elif len(text) > limit or len(text.encode("utf-8", "surrogatepass")) > limit:
        raise ScenarioError.of(what, "file.larger", limit=limit)
    text = _join_surrogate_escapes(text)
    try:
        return _Builder(what).build(yaml.parse(text, Loader=_Parser))
    except yaml.reader.ReaderError as exc:
        raise ScenarioError.of(what, "yaml.control", character=exc.position + 1) from None
    except yaml.YAMLError as exc:
        if "nesting depth" in str(getattr(exc, "problem", "")):  # libyaml's own limit, met before ours
            raise ScenarioError.of(what, "yaml.too_deep", depth=MAX_DEPTH) from None
        mark = getattr(exc, "problem_mark", None)
        # the parser's own words stay in English (libyaml's); another language says the line and column
        problem = one_line(getattr(exc, "problem", None) or "cannot be read", 80)
        if mark:
            raise ScenarioError.of(what, "yaml.invalid_at", line=mark.line + 1, column=mark.column + 1,
                                   detail=problem) from None
        raise ScenarioError.of(what, "yaml.invalid", detail=problem) from None
    except RecursionError:  # the C parser is iterative; this guards the pure-Python fallback
        raise ScenarioError.of(what, "yaml.too_deep", depth=MAX_DEPTH) from None


# JSON writes a character beyond U+FFFF as an escaped surrogate pair ("\ud83d\ude00", what json.dumps
# writes for an emoji); YAML's parser takes each half alone and refuses it. A pair (after an even number of
# backslashes, so an escaped backslash is left alone) is joined into the one escape YAML reads ("\U0001f600");
# a lone half is still refused.
_SURROGATE_PAIR = re.compile(r"(?<!\\)((?:\\\\)*)\\u([dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2})")


def _join_surrogate_escapes(text: str) -> str:
    if "\\u" not in text:
        return text

    def joined(m: re.Match) -> str:
        high, low = int(m[2], 16), int(m[3], 16)
        return f"{m[1]}\\U{0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00):08x}"

    return _SURROGATE_PAIR.sub(joined, text)


class _Builder:
    """Python data from a YAML event stream, with a stack instead of recursion."""

    def __init__(self, what: str):
        self.what = what
        self.values = 0

    def build(self, events) -> Any:
        stack: list[tuple[Any, list]] = []  # (the mapping or list being read, [its key waiting for a value])
        result: Any = None
        documents = 0
        for event in events:
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise ScenarioError.of(self.what, "yaml.documents")
                continue
            if isinstance(event, yaml.StreamStartEvent | yaml.StreamEndEvent | yaml.DocumentEndEvent):
                continue
            if isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                value, _ = stack.pop()
                if not stack:
                    result = value
                else:
                    self._add(stack, value)
                continue
            path = self._path(stack)
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
                raise ScenarioError.of(path or self.what, "yaml.alias", line=event.start_mark.line + 1)
            self.values += 1
            if self.values > MAX_VALUES:
                raise ScenarioError.of(self.what, "yaml.too_many", limit=MAX_VALUES)
            if isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
                self._check_tag(event, path, ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"))
                if len(stack) >= MAX_DEPTH:
                    raise ScenarioError.of(path or self.what, "yaml.too_deep", depth=MAX_DEPTH)
                container: dict | list = {} if isinstance(event, yaml.MappingStartEvent) else []
                stack.append((container, [_NO_KEY]))
                continue
            value = self._scalar(event, path)
            if not stack:
                result = value
            else:
                self._add(stack, value)
        return result

    def _add(self, stack: list, value: Any) -> None:
        container, pending = stack[-1]
        if isinstance(container, list):
            container.append(value)
        elif pending[0] is _NO_KEY:
            if isinstance(value, dict | list):
                raise ScenarioError.of(self._path(stack) or self.what, "yaml.key_not_text")
            if value in container:
                raise ScenarioError.of(self._path(stack) or self.what, "yaml.key_twice", key=quote(value))
            pending[0] = value
        else:
            container[pending[0]] = value
            pending[0] = _NO_KEY

    @staticmethod
    def _path(stack: list) -> str:
        """The dotted path to the value being read (`options.0.work.1.hours_per_week`)."""
        parts = []
        for container, pending in stack:
            if isinstance(container, list):
                parts.append(str(len(container)))
            elif pending[0] is not _NO_KEY:
                parts.append(one_line(str(pending[0]), 40))
        return ".".join(parts)

    def _check_tag(self, event, path: str, allowed: tuple[str, ...]) -> None:
        tag = getattr(event, "tag", None)
        if tag is not None and tag not in allowed:
            raise ScenarioError.of(path or self.what, "yaml.tag", tag=quote(tag, 30))

    def _scalar(self, event: yaml.ScalarEvent, path: str) -> Any:
        text = event.value
        tag = event.tag
        if tag is not None and tag not in _STR_TAGS:
            raise ScenarioError.of(path or self.what, "yaml.tag", tag=quote(tag, 30))
        if event.style or tag is not None:  # quoted, block or tagged !!str: text as written
            return text
        return _plain(text, path or self.what)


_NO_KEY = object()


class _Dumper(yaml.SafeDumper):
    """YAML that this reader reads back as written: text that would read as something else is quoted."""

    def represent_str(self, data: str) -> yaml.ScalarNode:
        try:
            quoted = _plain(data, "") != data or not isinstance(_plain(data, ""), str)
        except ScenarioError:
            quoted = True
        if quoted:
            return self.represent_scalar("tag:yaml.org,2002:str", data, style="'")
        return super().represent_str(data)


_Dumper.add_representer(str, _Dumper.represent_str)


def dump_yaml(data: Any) -> str:
    """`data` as YAML text that `read_yaml` reads back to equal data (keys in their order, Unicode kept)."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True)


def _plain(text: str, where: str) -> Any:
    """A plain (unquoted) scalar as YAML 1.2's core schema reads it, numbers bounded in length."""
    if text in _NULL:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if text.lower() in _SPECIAL_FLOAT:
        return _SPECIAL_FLOAT[text.lower()]
    if _INT.fullmatch(text) or _FLOAT.fullmatch(text):
        if len(text) > MAX_NUMBER_CHARS:
            raise ScenarioError.of(where, "yaml.number_long", number=quote(text, 24), length=len(text),
                                   limit=MAX_NUMBER_CHARS)
        return int(text) if _INT.fullmatch(text) else float(text)
    if _DATE.fullmatch(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return text  # the field's own check says it is not a real date, naming the field
    return text
