# SPDX-License-Identifier: MIT
"""Loading libriap and declaring the C functions the package calls (ctypes, standard library).

The library is found through the environment variable RIAP_LIBRARY (a path), then the
directory it was installed into (filled in at install time), then the system's search."""
import ctypes as C
import ctypes.util
import os

INSTALLED_LIBDIR = ""  # written by make install


class Date(C.Structure):
    _fields_ = [("year", C.c_int32), ("month", C.c_int32), ("day", C.c_int32)]


class EraRange(C.Structure):
    _fields_ = [("start", Date), ("end", Date), ("start_granularity", C.c_int32),
                ("end_granularity", C.c_int32), ("start_era", C.c_int32),
                ("end_era", C.c_int32), ("warnings", C.c_uint32)]


def _load():
    path = os.environ.get("RIAP_LIBRARY")
    if not path and INSTALLED_LIBDIR:
        candidate = os.path.join(INSTALLED_LIBDIR, "libriap.so.0")
        if os.path.exists(candidate):
            path = candidate
    if not path:
        path = ctypes.util.find_library("riap") or "libriap.so.0"
    return C.CDLL(path)


lib = _load()
P = C.c_void_p
S = C.c_char_p
SEVERITY = {1: "warning", 2: "error", 3: "note"}  # riap_severity

_PROTOTYPES = {
    # core
    "riap_version_string": ([], S),
    "riap_status_name": ([C.c_int], S),
    "riap_free": ([P], None),
    "riap_ctx_new": ([C.POINTER(P)], C.c_int),
    "riap_ctx_free": ([P], None),
    "riap_ctx_set_options": ([P, C.c_uint], None),
    "riap_ctx_last_error": ([P], P),
    "riap_ctx_diag_count": ([P], C.c_size_t),
    "riap_ctx_diag": ([P, C.c_size_t], P),
    "riap_diag_rule": ([P], S),
    "riap_diag_severity": ([P], C.c_int),
    "riap_diag_message": ([P], S),
    "riap_diag_line": ([P], C.c_uint32),
    "riap_diag_column": ([P], C.c_uint32),
    "riap_diag_offset": ([P], C.c_int64),
    "riap_rule_count": ([], C.c_size_t),
    "riap_rule_id": ([C.c_size_t], S),
    "riap_rule_area": ([C.c_size_t], S),
    "riap_rule_description": ([C.c_size_t, C.c_uint], S),
    "riap_rule_severity": ([C.c_size_t], C.c_int),
    # era
    "riap_era_parse": ([C.POINTER(EraRange), P, S, C.c_size_t], C.c_int),
    "riap_era_format_day": ([C.POINTER(P), P, C.POINTER(Date), C.c_uint], C.c_int),
    "riap_era_format_fiscal_year": ([C.POINTER(P), P, C.c_int32, C.c_uint], C.c_int),
    "riap_era_format_range": ([C.POINTER(P), P, C.POINTER(EraRange), C.c_uint], C.c_int),
    "riap_era_name": ([P, C.c_size_t], S),
    "riap_era_count": ([P], C.c_size_t),
    "riap_granularity_name": ([C.c_int], S),
    "riap_era_match_new": ([C.POINTER(P)], C.c_int),
    "riap_era_match_free": ([P], None),
    "riap_era_parse_match": ([P, P, S, C.c_size_t], C.c_int),
    "riap_era_find": ([P, P, S, C.c_size_t, C.c_size_t], C.c_int),
    "riap_era_match_found": ([P], C.c_int),
    "riap_era_match_status": ([P], C.c_int),
    "riap_era_match_range": ([P, C.POINTER(EraRange)], C.c_int),
    "riap_era_match_offset": ([P], C.c_size_t),
    "riap_era_match_length": ([P], C.c_size_t),
    "riap_era_match_label": ([P], S),
    "riap_era_match_remark": ([P], S),
    "riap_era_match_flags": ([P], C.c_uint32),
    "riap_era_match_start_time": ([P], C.c_int32),
    "riap_era_match_end_time": ([P], C.c_int32),
    "riap_era_decode_text": ([C.POINTER(P), C.POINTER(C.c_size_t), P, C.c_char_p, C.c_size_t, S,
                              C.POINTER(C.c_char_p)], C.c_int),
    # documents, the model
    "riap_doc_load_file": ([C.POINTER(P), P, S], C.c_int),
    "riap_doc_load_memory": ([C.POINTER(P), P, S, C.c_size_t], C.c_int),
    "riap_doc_save_memory": ([C.POINTER(P), C.POINTER(C.c_size_t), P, P], C.c_int),
    "riap_doc_free": ([P], None),
    "riap_doc_version": ([P], S),
    "riap_doc_meta": ([P, C.c_int], S),
    "riap_doc_plan_count": ([P], C.c_size_t),
    "riap_doc_plan": ([P, C.c_size_t], P),
    "riap_doc_equal": ([P, P], C.c_int),
    "riap_plan_id": ([P], S),
    "riap_plan_title": ([P], S),
    "riap_plan_municipality": ([P], S),
    "riap_plan_municipality_kind": ([P], C.c_int),
    "riap_municipality_kind_name": ([C.c_int], S),
    "riap_plan_prefecture": ([P], S),
    "riap_plan_municipality_code": ([P], S),
    "riap_plan_period_text": ([P], S),
    "riap_plan_period_range": ([C.POINTER(EraRange), P, P], C.c_int),
    "riap_plan_overview_count": ([P], C.c_size_t),
    "riap_plan_overview": ([P, C.c_size_t], S),
    "riap_plan_vision_count": ([P], C.c_size_t),
    "riap_plan_vision": ([P, C.c_size_t], S),
    "riap_plan_scheme": ([P], S),
    "riap_plan_category_count": ([P], C.c_size_t),
    "riap_plan_category": ([P, C.c_size_t], P),
    "riap_plan_figure_count": ([P], C.c_size_t),
    "riap_plan_figure": ([P, C.c_size_t], P),
    "riap_category_id": ([P], S),
    "riap_category_heading": ([P], S),
    "riap_category_description": ([P], S),
    "riap_category_project_count": ([P], C.c_size_t),
    "riap_category_project": ([P, C.c_size_t], P),
    "riap_project_name": ([P], S),
    "riap_project_also_count": ([P], C.c_size_t),
    "riap_project_also": ([P, C.c_size_t], S),
    "riap_figure_caption": ([P], S),
    "riap_figure_category": ([P], S),
    # building
    "riap_doc_new": ([C.POINTER(P)], C.c_int),
    "riap_doc_set_meta": ([P, C.c_int, S], C.c_int),
    "riap_doc_add_plan": ([C.POINTER(P), P, S], C.c_int),
    "riap_doc_last_error": ([P], P),
    "riap_plan_set_title": ([P, S], C.c_int),
    "riap_plan_set_municipality": ([P, S, C.c_int, S, S], C.c_int),
    "riap_municipality_kind_from_name": ([S], C.c_int),
    "riap_plan_set_period": ([P, P, S], C.c_int),
    "riap_plan_add_overview": ([P, S], C.c_int),
    "riap_plan_add_vision": ([P, S], C.c_int),
    "riap_plan_set_scheme": ([P, S], C.c_int),
    "riap_plan_add_category": ([C.POINTER(P), P, S, S], C.c_int),
    "riap_plan_add_figure": ([C.POINTER(P), P, S, S], C.c_int),
    "riap_category_set_description": ([P, S], C.c_int),
    "riap_category_add_project": ([C.POINTER(P), P, S], C.c_int),
    "riap_project_add_also": ([P, S], C.c_int),
    "riap_doc_save_file": ([P, P, S], C.c_int),
    "riap_doc_find_plan": ([P, S], P),
    "riap_plan_find_category": ([P, S], P),
    "riap_schema_text": ([C.POINTER(C.c_size_t)], P),
    "riap_era_latin": ([P, C.c_size_t], S),
    "riap_era_first_day": ([C.POINTER(Date), P, C.c_size_t], C.c_int),
    "riap_lgcode_find": ([C.POINTER(S), C.POINTER(S), S], C.c_int),
    "riap_lgcode_check_digit_ok": ([S], C.c_int),
    "riap_lgcode_list_date": ([], S),
    "riap_validate_stream_file": ([C.POINTER(P), P, S], C.c_int),
    # validation
    "riap_validate": ([C.POINTER(P), P, P], C.c_int),
    "riap_validate_file": ([C.POINTER(P), P, S], C.c_int),
    "riap_import_text": ([C.POINTER(P), C.POINTER(P), P, C.c_char_p, C.c_size_t, S], C.c_int),
    "riap_doc_export": ([C.POINTER(P), C.POINTER(C.c_size_t), P, P, C.c_int, C.c_uint32],
                        C.c_int),
    "riap_normalize": ([C.POINTER(P), P, P], C.c_int),
    "riap_report_free": ([P], None),
    "riap_report_count": ([P], C.c_size_t),
    "riap_report_get": ([P, C.c_size_t], P),
    "riap_report_error_count": ([P], C.c_size_t),
    "riap_report_warning_count": ([P], C.c_size_t),
    "riap_diag_path": ([P], S),
    "riap_diag_file": ([P], S),
}

for _name, (_args, _res) in _PROTOTYPES.items():
    _fn = getattr(lib, _name)
    _fn.argtypes = _args
    _fn.restype = _res


def text(value):
    """A C string the library returned, as str (None stays None)."""
    return None if value is None else value.decode("utf-8")


def take_text(ptr):
    """A string the library allocated: copied, then freed at once."""
    try:
        return C.string_at(ptr.value).decode("utf-8")
    finally:
        lib.riap_free(ptr)
