# SPDX-License-Identifier: MIT
"""libriap for Python: Japanese era dates and regional industry activation plans.

    >>> import riap
    >>> riap.parse_era("令和４年度～令和６年度").iso()
    '2022-04-01/2025-03-31'
"""
from ._lib import lib as _cdll, text as _text
from .era import (FORMAT_COMPACT, FORMAT_FULLWIDTH, FORMAT_LATIN, FORMAT_NUMERIC_YEAR, Era,
                  Match, Range, eras, find as find_dates, format_day, format_fiscal_year,
                  Rule, decode as decode_text, format_range, parse as parse_era, rules)
from .doc import (Category, Diagnostic, Document, Figure, LoadError, Plan, Project, Report,
                  SaveError,
                  import_text, lgcode_check_digit_ok, lgcode_find, lgcode_list_date, schema,
                  validate_file)
from .errors import ArgumentError, EraError, RiapError

__all__ = ["parse_era", "find_dates", "format_day", "format_fiscal_year", "format_range",
           "rules", "Range", "Match", "RiapError", "EraError", "ArgumentError",
           "FORMAT_NUMERIC_YEAR", "FORMAT_FULLWIDTH", "FORMAT_LATIN", "FORMAT_COMPACT",
           "library_version", "Document", "Plan", "Category", "Project", "Figure", "Report",
           "Diagnostic", "LoadError", "SaveError", "validate_file", "schema", "lgcode_find",
           "lgcode_check_digit_ok", "lgcode_list_date", "eras", "Era", "import_text", "Rule",
           "decode_text"]


def library_version() -> str:
    """The loaded library's version ("0.1.0")."""
    return _text(_cdll.riap_version_string())
