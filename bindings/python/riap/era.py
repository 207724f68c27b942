# SPDX-License-Identifier: MIT
"""Japanese era expressions: parse, find in running text, format (riap-era(7))."""
import ctypes as C
import datetime
from dataclasses import dataclass, replace
from typing import Iterator, NamedTuple, Optional, Tuple

from ._lib import SEVERITY, Date, EraRange, P, lib, take_text, text
from .errors import ArgumentError, EraError, RiapError

STRICT = 1 << 0
LANG_JA = 1 << 1
DROP_COMMENTS = 1 << 2

FORMAT_NUMERIC_YEAR = 1 << 0
FORMAT_FULLWIDTH = 1 << 1
FORMAT_LATIN = 1 << 2
FORMAT_COMPACT = 1 << 3

_ERR_ARG = 2
_WARNING = 1  # RIAP_SEVERITY_WARNING
_APPROXIMATE = 1 << 0
_CONTEXT = 1 << 3


@dataclass(frozen=True)
class Range:
    """An inclusive range of days. An open end is None; granularities are "day", "month",
    "year", "fiscal-year", "dekad", "half", "quarter", "decade" or "open"; eras are the names
    the ends were written in ("令和"), "gregorian", or None for an open end."""
    start: Optional[datetime.date]
    end: Optional[datetime.date]
    granularity: Tuple[str, str]
    eras: Tuple[Optional[str], Optional[str]]
    warnings: Tuple[str, ...] = ()
    label: Optional[str] = None
    remark: Optional[str] = None
    approximate: bool = False
    context: bool = False
    start_time: Optional[datetime.timedelta] = None
    end_time: Optional[datetime.timedelta] = None

    def iso(self) -> str:
        """START/END in ISO 8601, ".." for an open end."""
        return f"{self.start.isoformat() if self.start else '..'}/" \
               f"{self.end.isoformat() if self.end else '..'}"




@dataclass(frozen=True)
class Match:
    """A date found in running text: its span (offsets in characters of the str given, and in
    bytes of its UTF-8), the text, and either the range or the error it raises."""
    start: int
    end: int
    text: str
    range: Optional[Range]
    error: Optional[RiapError]


class _Ctx:
    def __init__(self, options: int = 0):
        self.ptr = P()
        if lib.riap_ctx_new(C.byref(self.ptr)) != 0:
            raise MemoryError("riap_ctx_new")
        lib.riap_ctx_set_options(self.ptr, options)

    def close(self):
        if self.ptr:
            lib.riap_ctx_free(self.ptr)
            self.ptr = P()

    def __del__(self):
        self.close()


def _options(strict: bool, lang: str) -> int:
    if lang not in ("en", "ja"):
        raise ValueError("lang is 'en' or 'ja'")
    return (STRICT if strict else 0) | (LANG_JA if lang == "ja" else 0)


def _era_name(ctx, era: int) -> Optional[str]:
    if era == -1:
        return "gregorian"
    if era < 0:
        return None
    return text(lib.riap_era_name(ctx, era))


def _date(d: Date) -> datetime.date:
    return datetime.date(d.year, d.month, d.day)


def _time(secs: int) -> Optional[datetime.timedelta]:
    return None if secs < 0 else datetime.timedelta(seconds=secs)


def _match_range(ctx, m, label=None) -> Range:
    """The range of a valid match, with what was read beside it."""
    r = EraRange()
    lib.riap_era_match_range(m, C.byref(r))
    flags = lib.riap_era_match_flags(m)
    rng = _range(ctx, r, label, text(lib.riap_era_match_remark(m)), bool(flags & _APPROXIMATE))
    return replace(rng, context=bool(flags & _CONTEXT),
                   start_time=_time(lib.riap_era_match_start_time(m)),
                   end_time=_time(lib.riap_era_match_end_time(m)))


def _range(ctx, r: EraRange, label=None, remark=None, approximate=False) -> Range:
    warnings = []
    for i in range(lib.riap_ctx_diag_count(ctx)):
        d = lib.riap_ctx_diag(ctx, i)
        if lib.riap_diag_severity(d) == _WARNING:
            warnings.append(text(lib.riap_diag_rule(d)))
    return Range(
        start=_date(r.start) if r.start_granularity else None,
        end=_date(r.end) if r.end_granularity else None,
        granularity=(text(lib.riap_granularity_name(r.start_granularity)),
                     text(lib.riap_granularity_name(r.end_granularity))),
        eras=(_era_name(ctx, r.start_era), _era_name(ctx, r.end_era)),
        warnings=tuple(warnings), label=label, remark=remark, approximate=approximate)


def _error(status, ctx) -> RiapError:
    cls = ArgumentError if status == _ERR_ARG else EraError
    return cls.from_ctx(status, ctx)


def parse(expression: str, *, strict: bool = False, lang: str = "en") -> Range:
    """Reads one era expression ("令和４年度～令和６年度", "令和4年4月1日（金）", "R5.4") into a
    Range; raises EraError with the rule id and the position when it is invalid."""
    if not isinstance(expression, str):
        raise TypeError(f"parse_era() takes a str, not {type(expression).__name__}")
    ctx = _Ctx(_options(strict, lang))
    m = P()
    if lib.riap_era_match_new(C.byref(m)) != 0:
        raise MemoryError("riap_era_match_new")
    try:
        data = expression.encode("utf-8")
        st = lib.riap_era_parse_match(m, ctx.ptr, data, len(data))
        if st != 0:
            raise _error(st, ctx.ptr)
        return _match_range(ctx.ptr, m, text(lib.riap_era_match_label(m)))
    finally:
        lib.riap_era_match_free(m)
        ctx.close()


def find(text_: str, *, strict: bool = False, lang: str = "en") -> Iterator[Match]:
    """Yields every date in running text, leftmost first, each whole (with its notes and
    words); a date that looks complete but is wrong comes with its error instead of a range."""
    if not isinstance(text_, str):
        raise TypeError(f"find_dates() takes a str, not {type(text_).__name__}")
    ctx = _Ctx(_options(strict, lang))
    m = P()
    if lib.riap_era_match_new(C.byref(m)) != 0:
        raise MemoryError("riap_era_match_new")
    data = text_.encode("utf-8")
    try:
        at = 0
        byte_at = char_at = 0  # characters counted forward from the last match: linear
        while lib.riap_era_find(m, ctx.ptr, data, len(data), at) == 0 and \
                lib.riap_era_match_found(m):
            off, n = lib.riap_era_match_offset(m), lib.riap_era_match_length(m)
            char_at += len(data[byte_at:off].decode("utf-8"))
            byte_at = off
            start = char_at
            span = data[off:off + n].decode("utf-8")
            st = lib.riap_era_match_status(m)
            if st == 0:
                yield Match(start, start + len(span), span, _match_range(ctx.ptr, m), None)
            else:
                yield Match(start, start + len(span), span, None, _error(st, ctx.ptr))
            at = off + n
    finally:
        lib.riap_era_match_free(m)
        ctx.close()


def decode(data: bytes, encoding: Optional[str] = None) -> str:
    """Decodes a document's bytes as riap_era_decode_text() does: UTF-8 with or without a BOM,
    UTF-16 with one, Shift_JIS (CP932) or EUC-JP, detected (encoding None) or named. Raises
    EraError (rule invalid-encoding, its offset the first bad byte's) rather than guess."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError("decode() takes bytes")
    if encoding is not None and (not isinstance(encoding, str) or "\0" in encoding):
        raise TypeError("encoding is a str without NUL, or None")
    raw = bytes(data)
    ctx = _Ctx()
    try:
        out, n = P(), C.c_size_t()
        st = lib.riap_era_decode_text(C.byref(out), C.byref(n), ctx.ptr, raw, len(raw),
                                      encoding.encode() if encoding is not None else None, None)
        if st != 0:
            raise _error(st, ctx.ptr)
        try:
            return C.string_at(out, n.value).decode("utf-8")
        finally:
            lib.riap_free(out)
    finally:
        ctx.close()


def _format(call) -> str:
    """Runs call(out, ctx) for a function that writes text; returns the text or raises."""
    ctx = _Ctx()
    try:
        out = P()
        st = call(C.byref(out), ctx.ptr)
        if st != 0:
            raise _error(st, ctx.ptr)
        return take_text(out)
    finally:
        ctx.close()


def format_day(day: datetime.date, flags: int = 0) -> str:
    """A day as era text: 2019-05-01 → 令和元年5月1日 (FORMAT_NUMERIC_YEAR: 令和1年5月1日)."""
    d = Date(day.year, day.month, day.day)
    return _format(lambda out, ctx: lib.riap_era_format_day(out, ctx, C.byref(d), flags))


def format_fiscal_year(year: int, flags: int = 0) -> str:
    """The fiscal year starting on April 1 of `year` as era text: 2019 → 令和元年度."""
    return _format(lambda out, ctx: lib.riap_era_format_fiscal_year(out, ctx, year, flags))


_GRANULARITY = {"open": 0, "day": 1, "month": 2, "year": 3, "fiscal-year": 4, "dekad": 5,
                "half": 6, "quarter": 7, "decade": 8}


def format_range(rng: Range, flags: int = 0) -> str:
    """A range as era text at its granularities (令和4年度～令和6年度; FORMAT_COMPACT: 令和4～6年度)."""
    r = EraRange()
    if rng.start:
        r.start = Date(rng.start.year, rng.start.month, rng.start.day)
    if rng.end:
        r.end = Date(rng.end.year, rng.end.month, rng.end.day)
    r.start_granularity = _GRANULARITY[rng.granularity[0]] if rng.start else 0
    r.end_granularity = _GRANULARITY[rng.granularity[1]] if rng.end else 0
    r.start_era = r.end_era = -3  # no hint: the era in force
    return _format(lambda out, ctx: lib.riap_era_format_range(out, ctx, C.byref(r), flags))


class Rule(NamedTuple):
    """A rule the library reports: its id, area ("era", "plan" ...), severity ("error",
    "warning" -- an error when strict -- or "note") and a one-line description."""
    id: str
    area: str
    severity: str
    description: str


def rules(*, lang: str = "en") -> Iterator[Rule]:
    """Every rule the library reports, in the library's order."""
    o = _options(False, lang)
    for i in range(lib.riap_rule_count()):
        yield Rule(text(lib.riap_rule_id(i)), text(lib.riap_rule_area(i)),
                   SEVERITY[lib.riap_rule_severity(i)],
                   text(lib.riap_rule_description(i, o)))


@dataclass(frozen=True)
class Era:
    """A row of the era table: kanji name, Latin letter, first day."""
    name: str
    latin: str
    first_day: datetime.date


def eras() -> Tuple[Era, ...]:
    """The era table, 明治 to the current era (with any RIAP_SUPPLEMENTAL_ERA)."""
    ctx = _Ctx()
    try:
        out = []
        for i in range(lib.riap_era_count(ctx.ptr)):
            d = Date()
            lib.riap_era_first_day(C.byref(d), ctx.ptr, i)
            out.append(Era(text(lib.riap_era_name(ctx.ptr, i)), text(lib.riap_era_latin(ctx.ptr, i)),
                           _date(d)))
        return tuple(out)
    finally:
        ctx.close()
