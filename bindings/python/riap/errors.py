# SPDX-License-Identifier: MIT
"""Exceptions carrying the library's status, rule id, message and position."""
from ._lib import lib, text


class RiapError(Exception):
    """A failed call: status (int), status_name, rule, message, line, column (in code points)
    and offset (in bytes; None when unknown)."""

    def __init__(self, status, rule, message, line=0, column=0, offset=None):
        super().__init__(f"{rule}: {message}" if rule else message)
        self.status = status
        self.status_name = text(lib.riap_status_name(status))
        self.rule = rule
        self.message = message
        self.line = line
        self.column = column
        self.offset = offset

    @classmethod
    def from_ctx(cls, status, ctx):
        d = lib.riap_ctx_last_error(ctx)
        if not d:
            return cls(status, None, text(lib.riap_status_name(status)))
        offset = lib.riap_diag_offset(d)
        return cls(status, text(lib.riap_diag_rule(d)), text(lib.riap_diag_message(d)),
                   lib.riap_diag_line(d), lib.riap_diag_column(d), None if offset < 0 else offset)


class EraError(RiapError):
    """An era expression that is invalid, or a date that cannot be written as era text."""


class ArgumentError(RiapError, ValueError):
    """An argument the library refused (out of range, or a value it cannot take)."""
