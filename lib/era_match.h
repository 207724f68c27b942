/* SPDX-License-Identifier: MIT */
/* era_match: the match object that riap_era_find() (lib/era_find.c) and riap_era_parse_match()
 * (lib/era_match.c) fill. Never installed. */
#ifndef RIAP_ERA_MATCH_H
#define RIAP_ERA_MATCH_H

#include "era_int.h"

struct riap_era_match {
    int found;
    riap_status status;
    riap_era_range range;
    size_t offset, length;
    uint32_t flags;
    int32_t t_start, t_end; /* times of day, seconds after midnight; -1: none */
    bool end_counted;       /* the end was counted from a duration, not written */
    char *label, *remark;
    /* line and column of byte `pos` of `text`, so that a loop over a text counts lines once */
    const char *text;
    size_t pos;
    uint32_t line, col;
    /* the last valid date found in anchor_text, ending at anchor_end; para_pos: how far the
     * paragraph was seen to go on (para_blank: a line end and only white space since) */
    bool anchored, para_blank;
    riap__era_anchor anchor;
    const char *anchor_text;
    size_t anchor_start, anchor_end, para_pos;
    uint64_t anchor_hash; /* of the anchor's bytes: an edited text is read again */
    /* where the last riap_era_find() stopped reading: a call from there goes on from the cache,
     * any other reads the paragraph again for the date before a reference */
    const char *scan_text;
    size_t scan_to;
    size_t call_from; /* the `from` of the call under way */
    /* where the text begins in a file (riap__era_match_origin), so that the columns the
     * diagnostics' messages name are the file's; 0: the text's own */
    uint32_t origin_line, origin_col;
};

/* Clears what the last call found (the anchor and the line cache stay). */
void riap__era_match_reset(riap_era_match *m);
/* Copies what the parse read beside the range (label, remark, approximate) from text. */
riap_status riap__era_match_keep(riap_era_match *m, const char *text, const riap__era_out *o);
/* Moves the match's line/column cache to byte `to` of text. */
void riap__era_match_position(riap_era_match *m, const char *text, size_t to);

#endif /* RIAP_ERA_MATCH_H */
