# SPDX-License-Identifier: MIT
"""Plan documents: loading, reading the model, validating, normalizing, saving.

A Document owns its C handle; every Plan, Category, Project and Figure keeps a reference to the
Document it came from, so the handle lives as long as anything read from it, whatever order the
collector finds them in."""
import ctypes as C
import os
from dataclasses import dataclass
from typing import Iterator, List, Optional, Tuple, Union

from ._lib import SEVERITY, EraRange, P, lib, text
from .era import DROP_COMMENTS, Range, _Ctx, _error, _options, _range
from .errors import ArgumentError, RiapError

_EXPORT = {"json": 1, "csv": 2, "csv-plans": 3}
_META = {"source_title": 1, "publisher": 2, "url": 3, "program": 4, "approver": 5,
         "approver_code": 6, "published": 7, "approved": 8}


class LoadError(RiapError):
    """A plan file that cannot be read, is not well-formed, or breaks the schema."""


class SaveError(RiapError):
    """A document that cannot be written: a plan it lacks a part of, or the file system."""


@dataclass(frozen=True)
class Diagnostic:
    """One finding: rule id, severity ("error", "warning", "note"), message, file, line,
    column (in code points), offset (in bytes, or None) and path to the item."""
    rule: str
    severity: str
    message: str
    file: Optional[str]
    line: int
    column: int
    offset: Optional[int]
    path: Optional[str]


@dataclass(frozen=True)
class Report:
    """What validation or normalization found, sorted by position."""
    diagnostics: Tuple[Diagnostic, ...]
    errors: int
    warnings: int

    @property
    def valid(self) -> bool:
        return self.errors == 0

    def __iter__(self):
        return iter(self.diagnostics)

    def __len__(self):
        return len(self.diagnostics)


def _report(ptr) -> Report:
    try:
        diags = []
        for i in range(lib.riap_report_count(ptr)):
            d = lib.riap_report_get(ptr, i)
            off = lib.riap_diag_offset(d)
            diags.append(Diagnostic(
                text(lib.riap_diag_rule(d)), SEVERITY.get(lib.riap_diag_severity(d), "?"),
                text(lib.riap_diag_message(d)), text(lib.riap_diag_file(d)),
                lib.riap_diag_line(d), lib.riap_diag_column(d), None if off < 0 else off,
                text(lib.riap_diag_path(d))))
        return Report(tuple(diags), lib.riap_report_error_count(ptr),
                      lib.riap_report_warning_count(ptr))
    finally:
        lib.riap_report_free(ptr)


def _enc(value: Optional[str]):
    """A str for the library: TypeError for another type, ValueError for a NUL character
    (which C would take for the end of the text) or a lone surrogate."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError(f"expected a str, not {type(value).__name__}")
    if "\0" in value:
        raise ValueError(f"the text holds a NUL character at {value.index(chr(0))}")
    return value.encode("utf-8")


def _path(path) -> bytes:
    """A file name for the library: ValueError for a NUL byte, as open() gives, never a shorter
    name."""
    raw = os.fsencode(path)
    if b"\0" in raw:
        raise ValueError("embedded null byte in the file name")
    return raw


def _check(status: int, what: str, doc=None):
    """A builder's status; the reason is the document's (riap_doc_last_error)."""
    if status != 0:
        cls = ArgumentError if status == 2 else RiapError
        d = lib.riap_doc_last_error(doc._ptr) if doc is not None and doc._ptr else None
        if not d:
            raise cls(status, None, f"{what}: {text(lib.riap_status_name(status))}")
        raise cls(status, text(lib.riap_diag_rule(d)), f"{what}: {text(lib.riap_diag_message(d))}")


class _Node:
    __slots__ = ("_doc", "_ptr")

    def __init__(self, doc, ptr):
        self._doc = doc  # keeps the document's handle alive
        self._ptr = ptr

    def _live(self):
        """The handle, while the document it belongs to is open (ValueError after close())."""
        if not self._doc._ptr:
            raise ValueError("the document this part belongs to is closed")
        return self._ptr


class Project(_Node):
    @property
    def name(self) -> str:
        return text(lib.riap_project_name(self._live()))

    @property
    def also(self) -> List[str]:
        """The other categories this project also belongs to (☆ links)."""
        return [text(lib.riap_project_also(self._live(), i))
                for i in range(lib.riap_project_also_count(self._live()))]

    def add_also(self, category: str) -> None:
        """Links the project to another category of its plan (a ☆ link)."""
        _check(lib.riap_project_add_also(self._live(), _enc(category)), "add_also", self._doc)

    def __repr__(self):
        return f"Project({self.name!r})"


class Category(_Node):
    @property
    def id(self) -> str:
        return text(lib.riap_category_id(self._live()))

    @property
    def heading(self) -> Optional[str]:
        return text(lib.riap_category_heading(self._live()))

    @property
    def description(self) -> Optional[str]:
        return text(lib.riap_category_description(self._live()))

    @property
    def projects(self) -> List[Project]:
        return [Project(self._doc, lib.riap_category_project(self._live(), i))
                for i in range(lib.riap_category_project_count(self._live()))]

    def set_description(self, description: Optional[str]) -> None:
        _check(lib.riap_category_set_description(self._live(), _enc(description)),
               "set_description", self._doc)

    def add_project(self, name: str) -> Project:
        out = P()
        _check(lib.riap_category_add_project(C.byref(out), self._live(), _enc(name)), "add_project",
               self._doc)
        return Project(self._doc, out)

    def __repr__(self):
        return f"Category({self.id!r})"


class Figure(_Node):
    @property
    def caption(self) -> str:
        return text(lib.riap_figure_caption(self._live()))

    @property
    def category(self) -> Optional[str]:
        return text(lib.riap_figure_category(self._live()))


class Plan(_Node):
    @property
    def id(self) -> str:
        return text(lib.riap_plan_id(self._live()))

    @property
    def title(self) -> Optional[str]:
        return text(lib.riap_plan_title(self._live()))

    @property
    def municipality(self) -> Optional[str]:
        return text(lib.riap_plan_municipality(self._live()))

    @property
    def municipality_kind(self) -> str:
        return text(lib.riap_municipality_kind_name(lib.riap_plan_municipality_kind(self._live())))

    @property
    def prefecture(self) -> Optional[str]:
        return text(lib.riap_plan_prefecture(self._live()))

    @property
    def municipality_code(self) -> Optional[str]:
        return text(lib.riap_plan_municipality_code(self._live()))

    @property
    def period_text(self) -> Optional[str]:
        return text(lib.riap_plan_period_text(self._live()))

    @property
    def period(self) -> Optional[Range]:
        """The period text read by the era engine (None when the plan has none)."""
        if self.period_text is None:
            return None
        ctx = _Ctx()
        try:
            r = EraRange()
            st = lib.riap_plan_period_range(C.byref(r), ctx.ptr, self._live())
            if st != 0:
                raise _error(st, ctx.ptr)
            return _range(ctx.ptr, r)
        finally:
            ctx.close()

    @property
    def overview(self) -> List[str]:
        return [text(lib.riap_plan_overview(self._live(), i))
                for i in range(lib.riap_plan_overview_count(self._live()))]

    @property
    def vision(self) -> List[str]:
        return [text(lib.riap_plan_vision(self._live(), i))
                for i in range(lib.riap_plan_vision_count(self._live()))]

    @property
    def scheme(self) -> Optional[str]:
        return text(lib.riap_plan_scheme(self._live()))

    @property
    def categories(self) -> List[Category]:
        return [Category(self._doc, lib.riap_plan_category(self._live(), i))
                for i in range(lib.riap_plan_category_count(self._live()))]

    def find_category(self, id: str) -> Optional[Category]:
        ptr = lib.riap_plan_find_category(self._live(), _enc(id))
        return Category(self._doc, ptr) if ptr else None

    @property
    def figures(self) -> List[Figure]:
        return [Figure(self._doc, lib.riap_plan_figure(self._live(), i))
                for i in range(lib.riap_plan_figure_count(self._live()))]

    def set_title(self, title: str) -> None:
        _check(lib.riap_plan_set_title(self._live(), _enc(title)), "set_title", self._doc)

    def set_municipality(self, name: str, kind: str, prefecture: str,
                         code: Optional[str] = None) -> None:
        """kind as written: 市, 区, 町, 村 or 都道府県."""
        k = lib.riap_municipality_kind_from_name(_enc(kind))
        if k == 0:
            raise ArgumentError(2, None, f"unknown municipality kind {kind!r}")
        _check(lib.riap_plan_set_municipality(self._live(), _enc(name), k, _enc(prefecture),
                                              _enc(code)), "set_municipality", self._doc)

    def set_period(self, period: str) -> None:
        """Sets the period as written; its days come from the era engine (EraError if it
        cannot read it)."""
        ctx = _Ctx()
        try:
            st = lib.riap_plan_set_period(self._live(), ctx.ptr, _enc(period))
            if st != 0:
                raise _error(st, ctx.ptr)
        finally:
            ctx.close()

    def add_overview(self, paragraph: str) -> None:
        _check(lib.riap_plan_add_overview(self._live(), _enc(paragraph)), "add_overview",
               self._doc)

    def add_vision(self, vision: str) -> None:
        _check(lib.riap_plan_add_vision(self._live(), _enc(vision)), "add_vision", self._doc)

    def set_scheme(self, scheme: str) -> None:
        _check(lib.riap_plan_set_scheme(self._live(), _enc(scheme)), "set_scheme", self._doc)

    def add_category(self, id: str, heading: str) -> Category:
        out = P()
        _check(lib.riap_plan_add_category(C.byref(out), self._live(), _enc(id), _enc(heading)),
               "add_category", self._doc)
        return Category(self._doc, out)

    def add_figure(self, caption: str, category: Optional[str] = None) -> Figure:
        out = P()
        _check(lib.riap_plan_add_figure(C.byref(out), self._live(), _enc(caption),
                                        _enc(category)), "add_figure", self._doc)
        return Figure(self._doc, out)

    def __repr__(self):
        return f"Plan({self.id!r}, {self.municipality!r})"


class Document:
    """A plan document. Load one with Document.load(path) or Document.from_bytes(data); use it
    as a context manager, or let the collector free it."""

    def __init__(self, ptr):
        self._ptr = ptr

    @classmethod
    def _loaded(cls, status, ptr, ctx):
        if status != 0:
            err = LoadError.from_ctx(status, ctx.ptr)
            ctx.close()
            raise err
        ctx.close()
        return cls(ptr)

    @classmethod
    def new(cls) -> "Document":
        """An empty document, to build plans in."""
        ptr = P()
        _check(lib.riap_doc_new(C.byref(ptr)), "new")
        return cls(ptr)

    def set_meta(self, field: str, value: Optional[str]) -> None:
        _check(lib.riap_doc_set_meta(self._live(), _META[field], _enc(value)), "set_meta", self)

    def add_plan(self, id: str) -> Plan:
        out = P()
        _check(lib.riap_doc_add_plan(C.byref(out), self._live(), _enc(id)), "add_plan", self)
        return Plan(self, out)

    def save(self, path: Union[str, os.PathLike]) -> None:
        """Writes the plan file without losing anything (atomic replacement of a regular file;
        a device, FIFO or symbolic link written through)."""
        ctx = _Ctx()
        try:
            st = lib.riap_doc_save_file(ctx.ptr, self._live(), _path(path))
            if st != 0:
                raise SaveError.from_ctx(st, ctx.ptr)
        finally:
            ctx.close()

    @classmethod
    def load(cls, path: Union[str, os.PathLike], *, lang: str = "en") -> "Document":
        ctx = _Ctx(_options(False, lang))
        ptr = P()
        st = lib.riap_doc_load_file(C.byref(ptr), ctx.ptr, _path(path))
        return cls._loaded(st, ptr, ctx)

    @classmethod
    def from_bytes(cls, data: bytes, *, lang: str = "en") -> "Document":
        ctx = _Ctx(_options(False, lang))
        ptr = P()
        st = lib.riap_doc_load_memory(C.byref(ptr), ctx.ptr, data, len(data))
        return cls._loaded(st, ptr, ctx)

    def close(self):
        if self._ptr:
            lib.riap_doc_free(self._ptr)
            self._ptr = P()

    def __del__(self):
        self.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _live(self):
        if not self._ptr:
            raise ValueError("the document is closed")
        return self._ptr

    @property
    def version(self) -> str:
        return text(lib.riap_doc_version(self._live()))

    def meta(self, field: str) -> Optional[str]:
        """A metadata field: source_title, publisher, url, program, approver, approver_code,
        published, approved."""
        return text(lib.riap_doc_meta(self._live(), _META[field]))

    @property
    def plans(self) -> List[Plan]:
        ptr = self._live()
        return [Plan(self, lib.riap_doc_plan(ptr, i))
                for i in range(lib.riap_doc_plan_count(ptr))]

    def __iter__(self) -> Iterator[Plan]:
        return iter(self.plans)

    def find_plan(self, id: str) -> Optional[Plan]:
        ptr = lib.riap_doc_find_plan(self._live(), _enc(id))
        return Plan(self, ptr) if ptr else None

    def __len__(self):
        return lib.riap_doc_plan_count(self._live())

    def __eq__(self, other):
        return isinstance(other, Document) and bool(lib.riap_doc_equal(self._live(),
                                                                        other._live()))

    __hash__ = None  # type: ignore[assignment]  # documents compare by content

    def validate(self, *, strict: bool = False, lang: str = "en") -> Report:
        ctx = _Ctx(_options(strict, lang))
        try:
            rep = P()
            st = lib.riap_validate(C.byref(rep), ctx.ptr, self._live())
            if st != 0 and not rep:
                raise _error(st, ctx.ptr)
            return _report(rep)
        finally:
            ctx.close()

    def normalize(self, *, lang: str = "en", drop_comments: bool = False) -> Report:
        """Normalizes the document in place; the report lists what changed (notes), each
        text's note naming its folds. The file's comments and processing instructions are
        kept, or dropped (a note each) when drop_comments is true."""
        ctx = _Ctx(_options(False, lang) | (DROP_COMMENTS if drop_comments else 0))
        try:
            rep = P()
            st = lib.riap_normalize(C.byref(rep), ctx.ptr, self._live())
            if st != 0 and not rep:
                raise _error(st, ctx.ptr)
            return _report(rep)
        finally:
            ctx.close()

    def export(self, format: str = "json", *, bom: bool = False) -> bytes:
        """The document for programs and spreadsheets: format "json" (one object, as
        schema/riap-1.schema.json describes), "csv" (a row per project) or "csv-plans" (a row
        per plan); CSV is RFC 4180 UTF-8, with a byte order mark when bom is true."""
        if format not in _EXPORT:
            raise ArgumentError(2, None, f"export: unknown format {format!r} "
                                         "(json, csv or csv-plans)")
        return self._text(lambda out, n, ctx, doc: lib.riap_doc_export(
            out, n, ctx, doc, _EXPORT[format], 1 if bom else 0))

    def to_bytes(self) -> bytes:
        """The document as a plan file (canonical UTF-8 XML)."""
        return self._text(lib.riap_doc_save_memory)

    def _text(self, write) -> bytes:
        """What write(&out, &len, ctx, doc) made, copied, and the library's copy freed."""
        ctx = _Ctx()
        try:
            out, n = P(), C.c_size_t()
            st = write(C.byref(out), C.byref(n), ctx.ptr, self._live())
            if st != 0 or out.value is None:
                raise _error(st, ctx.ptr)
            try:
                return C.string_at(out.value, n.value)
            finally:
                lib.riap_free(out)
        finally:
            ctx.close()

def validate_file(path: Union[str, os.PathLike], *, strict: bool = False, stream: bool = False,
                  lang: str = "en") -> Report:
    """Validates a plan file (stream=True: in bounded memory, a plan at a time, for files of
    any size). A file that is read gives its report, however invalid; one that cannot be read
    raises LoadError (rule io, too-large, ...)."""
    ctx = _Ctx(_options(strict, lang))
    try:
        rep = P()
        fn = lib.riap_validate_stream_file if stream else lib.riap_validate_file
        st = fn(C.byref(rep), ctx.ptr, _path(path))
        if not rep:
            raise LoadError.from_ctx(st, ctx.ptr)
        return _report(rep)
    finally:
        ctx.close()


def schema() -> str:
    """The XML schema of plan files (riap-1.xsd), as the library compiles it."""
    n = C.c_size_t()
    ptr = lib.riap_schema_text(C.byref(n))
    if not ptr:
        raise RiapError(1, None, "the schema is not available")
    return C.string_at(ptr, n.value).decode("utf-8")


def lgcode_find(code: str) -> Optional[Tuple[str, str]]:
    """A six-digit local-government code in the bundled list: (prefecture, name), or None."""
    pref, name = C.c_char_p(), C.c_char_p()
    if not lib.riap_lgcode_find(C.byref(pref), C.byref(name), _enc(code)):
        return None
    return text(pref.value), text(name.value)


def lgcode_check_digit_ok(code: str) -> bool:
    return bool(lib.riap_lgcode_check_digit_ok(_enc(code)))


def lgcode_list_date() -> str:
    """The date of the bundled list of local governments (YYYY-MM-DD)."""
    return text(lib.riap_lgcode_list_date())


def import_text(data: Union[bytes, str], *, name: Optional[str] = None, strict: bool = False,
                lang: str = "en") -> Tuple[Optional[Document], Report]:
    """Reads the text of a published summary of approved plans (UTF-8 or Shift_JIS bytes, or
    a str) into plans: returns the document (None when the report has an error) and the
    report, whose diagnostics name the line and column of the input."""
    raw = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    ctx = _Ctx(_options(strict, lang))
    try:
        doc, rep = P(), P()
        st = lib.riap_import_text(C.byref(doc), C.byref(rep), ctx.ptr, raw, len(raw),
                                  _enc(name))
        if st != 0:
            raise _error(st, ctx.ptr)
        return (Document(doc) if doc else None), _report(rep)
    finally:
        ctx.close()
