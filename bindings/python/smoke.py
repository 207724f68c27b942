#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""A ctypes smoke test: proves the C API binds without a header parser or a C compiler.

Parses an era expression, formats a day, validates a file and reads a diagnostic, then frees
everything. Usage: smoke.py LIBRIAP.so PLAN.xml"""
import ctypes as C
import sys


class Date(C.Structure):
    _fields_ = [("year", C.c_int32), ("month", C.c_int32), ("day", C.c_int32)]


class EraRange(C.Structure):
    _fields_ = [("start", Date), ("end", Date), ("start_granularity", C.c_int32),
                ("end_granularity", C.c_int32), ("start_era", C.c_int32),
                ("end_era", C.c_int32), ("warnings", C.c_uint32)]


def main():
    lib = C.CDLL(sys.argv[1])
    P = C.c_void_p
    lib.riap_ctx_new.argtypes = [C.POINTER(P)]
    lib.riap_ctx_free.argtypes = [P]
    lib.riap_era_parse.argtypes = [C.POINTER(EraRange), P, C.c_char_p, C.c_size_t]
    lib.riap_era_format_day.argtypes = [C.POINTER(C.c_void_p), P, C.POINTER(Date), C.c_uint]
    lib.riap_free.argtypes = [P]
    lib.riap_ctx_last_error.argtypes = [P]
    lib.riap_ctx_last_error.restype = P
    lib.riap_diag_rule.argtypes = [P]
    lib.riap_diag_rule.restype = C.c_char_p
    lib.riap_validate_file.argtypes = [C.POINTER(P), P, C.c_char_p]
    lib.riap_report_count.argtypes = [P]
    lib.riap_report_count.restype = C.c_size_t
    lib.riap_report_error_count.argtypes = [P]
    lib.riap_report_error_count.restype = C.c_size_t
    lib.riap_report_get.argtypes = [P, C.c_size_t]
    lib.riap_report_get.restype = P
    lib.riap_diag_line.argtypes = [P]
    lib.riap_diag_line.restype = C.c_uint32
    lib.riap_report_free.argtypes = [P]
    lib.riap_version_string.restype = C.c_char_p

    ctx = P()
    assert lib.riap_ctx_new(C.byref(ctx)) == 0
    text = "令和４年度～令和６年度".encode()
    r = EraRange()
    assert lib.riap_era_parse(C.byref(r), ctx, text, len(text)) == 0
    assert (r.start.year, r.start.month, r.start.day) == (2022, 4, 1)
    assert (r.end.year, r.end.month, r.end.day) == (2025, 3, 31)
    bad = "令和0年".encode()
    assert lib.riap_era_parse(C.byref(r), ctx, bad, len(bad)) == 7  # RIAP_ERR_ERA
    assert lib.riap_diag_rule(lib.riap_ctx_last_error(ctx)) == b"invalid-year"
    out = C.c_void_p()
    day = Date(2019, 5, 1)
    assert lib.riap_era_format_day(C.byref(out), ctx, C.byref(day), 0) == 0
    assert C.string_at(out.value).decode() == "令和元年5月1日"
    lib.riap_free(out)
    rep = P()
    assert lib.riap_validate_file(C.byref(rep), ctx, sys.argv[2].encode()) == 0
    assert lib.riap_report_error_count(rep) == 0
    n = lib.riap_report_count(rep)
    if n:
        d = lib.riap_report_get(rep, 0)
        assert lib.riap_diag_rule(d) and lib.riap_diag_line(d) > 0
    lib.riap_report_free(rep)
    lib.riap_ctx_free(ctx)
    print("ctypes smoke test: libriap %s, %d diagnostics read" %
          (lib.riap_version_string().decode(), n))


if __name__ == "__main__":
    main()
