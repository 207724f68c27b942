/* SPDX-License-Identifier: MIT */
/* era_match: the match object of riap_era_find() and riap_era_parse_match(): creating, reading
 * and filling it. */
#include "config.h"

#include "era_match.h"

#include <string.h>

riap_status riap_era_match_new(riap_era_match **out)
{
    if (!out)
        return RIAP_ERR_ARG;
    riap_era_match *m = riap__malloc(sizeof *m);
    if (!m) {
        *out = NULL;
        return RIAP_ERR_NOMEM;
    }
    memset(m, 0, sizeof *m);
    *out = m;
    return RIAP_OK;
}

void riap_era_match_free(riap_era_match *m)
{
    if (!m)
        return;
    riap__free(m->label);
    riap__free(m->remark);
    riap__free(m);
}

void riap__era_match_origin(riap_era_match *m, uint32_t line, uint32_t col)
{
    m->origin_line = line;
    m->origin_col = col;
}

void riap__era_match_reset(riap_era_match *m)
{
    if (m->label || m->remark) {
        riap__free(m->label);
        riap__free(m->remark);
        m->label = m->remark = NULL;
    }
    m->found = 0;
    m->status = RIAP_ERR_ARG;
    memset(&m->range, 0, sizeof m->range);
    m->offset = m->length = 0;
    m->flags = 0;
    m->t_start = m->t_end = -1;
    m->end_counted = false;
}

/* Copies what the parse read beside the range; `base` is where its text starts. */
riap_status riap__era_match_keep(riap_era_match *m, const char *text, const riap__era_out *o)
{
    if (o->approx)
        m->flags |= RIAP_ERA_MATCH_APPROXIMATE;
    m->t_start = o->t_start;
    m->t_end = o->t_end;
    m->end_counted = o->end_counted;
    if (o->has_label) {
        m->label = riap__strndup(text + o->label_off, o->label_end - o->label_off);
        if (!m->label)
            return RIAP_ERR_NOMEM;
        m->flags |= RIAP_ERA_MATCH_LABEL;
    }
    if (o->has_remark) {
        m->remark = riap__strndup(text + o->remark_off, o->remark_end - o->remark_off);
        if (!m->remark)
            return RIAP_ERR_NOMEM;
        m->flags |= RIAP_ERA_MATCH_REMARK;
    }
    return RIAP_OK;
}

riap_status riap_era_parse_match(riap_era_match *m, riap_ctx *ctx, const char *text, size_t len)
{
    riap__ctx_begin(ctx);
    if (!m || (!text && len))
        return riap__arg_error(ctx);
    riap__era_match_reset(m);
    m->text = NULL;
    m->anchored = false;
    m->scan_text = NULL;
    riap__era_req rq = {ctx, text, len, 0, 1, 1, true, false, false, NULL, false, false};
    riap__era_out o;
    riap_status st = riap__era_run(&rq, &m->range, &o);
    m->found = 1;
    m->status = st;
    m->length = len;
    if (st != RIAP_OK)
        return st;
    if (riap__era_match_keep(m, text, &o) != RIAP_OK) {
        riap__era_match_reset(m);
        riap__ctx_diag(ctx, "nomem", RIAP_SEVERITY_ERROR, -1, 0, 0, "out of memory",
                       "メモリが足りません");
        return RIAP_ERR_NOMEM;
    }
    return RIAP_OK;
}

int riap_era_match_found(const riap_era_match *m)
{
    return m ? m->found : 0;
}

riap_status riap_era_match_status(const riap_era_match *m)
{
    return m && m->found ? m->status : RIAP_ERR_ARG;
}

riap_status riap_era_match_range(const riap_era_match *m, riap_era_range *out)
{
    if (!m || !out || !m->found || m->status != RIAP_OK)
        return RIAP_ERR_ARG;
    *out = m->range;
    return RIAP_OK;
}

size_t riap_era_match_offset(const riap_era_match *m)
{
    return m ? m->offset : 0;
}

size_t riap_era_match_length(const riap_era_match *m)
{
    return m ? m->length : 0;
}

const char *riap_era_match_label(const riap_era_match *m)
{
    return m ? m->label : NULL;
}

const char *riap_era_match_remark(const riap_era_match *m)
{
    return m ? m->remark : NULL;
}

int32_t riap_era_match_start_time(const riap_era_match *m)
{
    return m && m->found && m->status == RIAP_OK ? m->t_start : -1;
}

int32_t riap_era_match_end_time(const riap_era_match *m)
{
    return m && m->found && m->status == RIAP_OK ? m->t_end : -1;
}

uint32_t riap_era_match_flags(const riap_era_match *m)
{
    return m ? m->flags : 0;
}

/* Moves the match's line/column cache to byte `to` of text. */
void riap__era_match_position(riap_era_match *m, const char *text, size_t to)
{
    if (m->text != text || to < m->pos) {
        m->text = text;
        m->pos = 0;
        m->line = m->col = 1;
    }
    for (size_t i = m->pos; i < to; i++) {
        unsigned char b = (unsigned char)text[i];
        if (b == '\n') {
            m->line++;
            m->col = 1;
        } else if ((b & 0xC0) != 0x80) {
            m->col++;
        }
    }
    m->pos = to;
}
