# SPDX-License-Identifier: MIT
"""Plan documents: loading, reading the model, validating, normalizing, saving.

A Document owns its C handle; every Plan, Category, Project and Figure keeps a reference to the
Document it came from, so the handle lives as long as anything read from it, whatever order the
collector finds them in."""
import ctypes as C
import os
from dataclasses import dataclass
from typing import Iterator, List, Optional, Tuple, Union

from ._lib import EraRange, P, lib, text
from .era import Range, _Ctx, _error, _options, _range
from .errors import RiapError

_SEVERITY = {1: "warning", 2: "error", 3: "note"}
_META = {"source_title": 1, "publisher": 2, "url": 3, "program": 4, "approver": 5,
         "approver_code": 6, "published": 7, "approved": 8}


class LoadError(RiapError):
    """A plan file that cannot be read, is not well-formed, or breaks the schema."""


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
                text(lib.riap_diag_rule(d)), _SEVERITY.get(lib.riap_diag_severity(d), "?"),
                text(lib.riap_diag_message(d)), text(lib.riap_diag_file(d)),
                lib.riap_diag_line(d), lib.riap_diag_column(d), None if off < 0 else off,
                text(lib.riap_diag_path(d))))
        return Report(tuple(diags), lib.riap_report_error_count(ptr),
                      lib.riap_report_warning_count(ptr))
    finally:
        lib.riap_report_free(ptr)


class _Node:
    __slots__ = ("_doc", "_ptr")

    def __init__(self, doc, ptr):
        self._doc = doc  # keeps the document's handle alive
        self._ptr = ptr


class Project(_Node):
    @property
    def name(self) -> str:
        return text(lib.riap_project_name(self._ptr))

    @property
    def also(self) -> List[str]:
        """The other categories this project also belongs to (☆ links)."""
        return [text(lib.riap_project_also(self._ptr, i))
                for i in range(lib.riap_project_also_count(self._ptr))]

    def __repr__(self):
        return f"Project({self.name!r})"


class Category(_Node):
    @property
    def id(self) -> str:
        return text(lib.riap_category_id(self._ptr))

    @property
    def heading(self) -> Optional[str]:
        return text(lib.riap_category_heading(self._ptr))

    @property
    def description(self) -> Optional[str]:
        return text(lib.riap_category_description(self._ptr))

    @property
    def projects(self) -> List[Project]:
        return [Project(self._doc, lib.riap_category_project(self._ptr, i))
                for i in range(lib.riap_category_project_count(self._ptr))]

    def __repr__(self):
        return f"Category({self.id!r})"


class Figure(_Node):
    @property
    def caption(self) -> str:
        return text(lib.riap_figure_caption(self._ptr))

    @property
    def category(self) -> Optional[str]:
        return text(lib.riap_figure_category(self._ptr))


class Plan(_Node):
    @property
    def id(self) -> str:
        return text(lib.riap_plan_id(self._ptr))

    @property
    def title(self) -> Optional[str]:
        return text(lib.riap_plan_title(self._ptr))

    @property
    def municipality(self) -> Optional[str]:
        return text(lib.riap_plan_municipality(self._ptr))

    @property
    def municipality_kind(self) -> str:
        return text(lib.riap_municipality_kind_name(lib.riap_plan_municipality_kind(self._ptr)))

    @property
    def prefecture(self) -> Optional[str]:
        return text(lib.riap_plan_prefecture(self._ptr))

    @property
    def municipality_code(self) -> Optional[str]:
        return text(lib.riap_plan_municipality_code(self._ptr))

    @property
    def period_text(self) -> Optional[str]:
        return text(lib.riap_plan_period_text(self._ptr))

    @property
    def period(self) -> Optional[Range]:
        """The period text read by the era engine (None when the plan has none)."""
        if self.period_text is None:
            return None
        ctx = _Ctx()
        try:
            r = EraRange()
            st = lib.riap_plan_period_range(C.byref(r), ctx.ptr, self._ptr)
            if st != 0:
                raise _error(st, ctx.ptr)
            return _range(ctx.ptr, r)
        finally:
            ctx.close()

    @property
    def overview(self) -> List[str]:
        return [text(lib.riap_plan_overview(self._ptr, i))
                for i in range(lib.riap_plan_overview_count(self._ptr))]

    @property
    def vision(self) -> List[str]:
        return [text(lib.riap_plan_vision(self._ptr, i))
                for i in range(lib.riap_plan_vision_count(self._ptr))]

    @property
    def scheme(self) -> Optional[str]:
        return text(lib.riap_plan_scheme(self._ptr))

    @property
    def categories(self) -> List[Category]:
        return [Category(self._doc, lib.riap_plan_category(self._ptr, i))
                for i in range(lib.riap_plan_category_count(self._ptr))]

    @property
    def figures(self) -> List[Figure]:
        return [Figure(self._doc, lib.riap_plan_figure(self._ptr, i))
                for i in range(lib.riap_plan_figure_count(self._ptr))]

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
    def load(cls, path: Union[str, os.PathLike], *, lang: str = "en") -> "Document":
        ctx = _Ctx(_options(False, lang))
        ptr = P()
        st = lib.riap_doc_load_file(C.byref(ptr), ctx.ptr, os.fsencode(path))
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

    def __len__(self):
        return lib.riap_doc_plan_count(self._live())

    def __eq__(self, other):
        return isinstance(other, Document) and bool(lib.riap_doc_equal(self._live(),
                                                                        other._live()))

    __hash__ = None

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

    def normalize(self, *, lang: str = "en") -> Report:
        """Normalizes the document in place; the report lists what changed (notes)."""
        ctx = _Ctx(_options(False, lang))
        try:
            rep = P()
            st = lib.riap_normalize(C.byref(rep), ctx.ptr, self._live())
            if st != 0 and not rep:
                raise _error(st, ctx.ptr)
            return _report(rep)
        finally:
            ctx.close()

    def to_bytes(self) -> bytes:
        """The document as a plan file (canonical UTF-8 XML)."""
        ctx = _Ctx()
        try:
            out, n = P(), C.c_size_t()
            st = lib.riap_doc_save_memory(C.byref(out), C.byref(n), ctx.ptr, self._live())
            if st != 0:
                raise _error(st, ctx.ptr)
            try:
                return C.string_at(out.value, n.value)
            finally:
                lib.riap_free(out)
        finally:
            ctx.close()


def validate_file(path: Union[str, os.PathLike], *, strict: bool = False,
                  lang: str = "en") -> Report:
    """Validates a plan file. A file that is loaded gives its report, however invalid; one that
    cannot be read raises LoadError (rule io, too-large, ...)."""
    ctx = _Ctx(_options(strict, lang))
    try:
        rep = P()
        st = lib.riap_validate_file(C.byref(rep), ctx.ptr, os.fsencode(path))
        if not rep:
            raise LoadError.from_ctx(st, ctx.ptr)
        return _report(rep)
    finally:
        ctx.close()
