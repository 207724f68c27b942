/* SPDX-License-Identifier: MIT */
/* era_time: a time of day after a day (午前10時, 午後1時30分, 正午, 9時半, 10:00, 14:05:30), read
 * from tokens and checked (0:00 to 24:00). A time never changes the days of a range. */
#include "config.h"

#include "era_grammar.h"

bool riap__era_time_starts(const parser *P, size_t k)
{
    const tok *t = ahead(P, k);
    if (t->kind == T_AMPM || t->kind == T_NOON)
        return true;
    const tok *u = ahead(P, k + 1);
    return t->kind == T_NUM &&
           (u->kind == T_HOUR || (u->kind == T_COLON && ahead(P, k + 2)->kind == T_NUM) ||
            (u->kind == T_AMPM && (u->flags & AMPM_LATIN))); /* 9AM */
}

static riap_status invalid_time(parser *P, uint32_t off, uint32_t end)
{
    char q[200];
    return riap__era_fail(P->L, RIAP_ERR_ERA, "invalid-time", off,
                          "the time '%s' at column %u does not exist (0:00 to 24:00)",
                          "%2$u 文字目の時刻「%1$s」は存在しません (0:00～24:00)",
                          riap__era_quote(P->L, q, sizeof q, off, end),
                          riap__era_column(P->L, off));
}

/* 午前10時, 午後1時30分, 正午, 10時, 9時半, 17時00分, 9時5分20秒, 10:00, 10：00, 14:05:30. */
riap_status riap__era_parse_time(parser *P, int32_t *secs, uint32_t *off)
{
    *off = cur(P)->off;
    if (cur(P)->kind == T_NOON) {
        *secs = 12 * 3600;
        P->p++;
        return RIAP_OK;
    }
    int ampm = -1;
    bool latin = false;
    if (cur(P)->kind == T_AMPM) {
        ampm = cur(P)->value;
        latin = (cur(P)->flags & AMPM_LATIN) != 0;
        P->p++;
        if (ampm == 0 && cur(P)->kind == T_NOON) { /* (午前)正午 is noon */
            *secs = 12 * 3600;
            P->p++;
            return RIAP_OK;
        }
    }
    bool bare = ampm < 0 && cur(P)->kind == T_NUM && ahead(P, 1)->kind == T_AMPM &&
                (ahead(P, 1)->flags & AMPM_LATIN); /* 9AM, 12 PM: the hour alone */
    if (cur(P)->kind != T_NUM ||
        (ahead(P, 1)->kind != T_HOUR && ahead(P, 1)->kind != T_COLON && !bare))
        return riap__era_unexpected(P, "expected a time such as 10時 or 10:00",
                                    "10時・10:00 のような時刻が必要です");
    int32_t h = cur(P)->value, m = 0, s = 0;
    bool colon = ahead(P, 1)->kind == T_COLON;
    P->p += bare ? 1 : 2;
    if (bare) {
        /* the suffix is read below */
    } else if (colon) {
        if (cur(P)->kind != T_NUM)
            return riap__era_unexpected(P, "expected the minutes", "分が必要です");
        m = cur(P)->value;
        bool two = cur(P)->ndig == 2;
        P->p++;
        if (!two)
            return invalid_time(P, *off, ahead(P, 0)->off);
        if (cur(P)->kind == T_COLON && ahead(P, 1)->kind == T_NUM) {
            s = ahead(P, 1)->value;
            two = ahead(P, 1)->ndig == 2;
            P->p += 2;
            if (!two)
                return invalid_time(P, *off, cur(P)->off);
        }
    } else if (cur(P)->kind == T_NUM && ahead(P, 1)->kind == T_FUN) {
        m = cur(P)->value;
        P->p += 2;
        if (cur(P)->kind == T_NUM && ahead(P, 1)->kind == T_BYOU) {
            s = cur(P)->value;
            P->p += 2;
        }
    } else if (cur(P)->kind == T_HAN) {
        m = 30;
        P->p++;
    }
    if (riap__era_unit_missing(P)) { /* 10時30から: the minutes without 分 */
        P->x->unreadable = true;
        P->x->end = cur(P)->end;
        return riap__era_fail(P->L, RIAP_ERR_ERA, "incomplete", cur(P)->off,
                              "the number at column %u after the time has no unit (分 or 秒)",
                              "%u 文字目の時刻の後の数に単位 (分・秒) がありません",
                              riap__era_column(P->L, cur(P)->off));
    }
    if (ampm < 0 && cur(P)->kind == T_AMPM && (cur(P)->flags & AMPM_LATIN)) {
        ampm = cur(P)->value; /* 5:00PM */
        latin = true;
        P->p++;
    }
    if (ampm < 0 && P->x->ampm_carry >= 0 && h < 12)
        ampm = P->x->ampm_carry; /* 午後1時～3時 */
    P->x->ampm_seen = (int8_t)ampm;
    uint32_t end = P->p > 0 ? P->L->t[P->p - 1].end : *off;
    /* 午前・午後 take 0 to 11 (午前12時 and 午後12時 are read both ways: write 正午 or 午前0時),
     * AM and PM 1 to 12 (12AM is midnight, 12PM noon) */
    if (ampm >= 0 && h == 12 && !latin) {
        char q[200];
        return riap__era_fail(P->L, RIAP_ERR_ERA, "invalid-time", *off,
                              "the time '%s' at column %u is read both as noon and as midnight: "
                              "write 正午 or 午前0時",
                              "%2$u 文字目の時刻「%1$s」は正午とも深夜 0 時とも読めます。正午または"
                              "午前0時と書いてください",
                              riap__era_quote(P->L, q, sizeof q, *off, end),
                              riap__era_column(P->L, *off));
    }
    if (ampm >= 0 && (h > 12 || (h == 0 && latin)))
        return invalid_time(P, *off, end);
    if (ampm >= 0 && h == 12)
        h = 0;
    if (ampm == 1)
        h += 12;
    if (h > 24 || m > 59 || s > 59 || (h == 24 && (m || s)))
        return invalid_time(P, *off, end);
    *secs = h * 3600 + m * 60 + s;
    return RIAP_OK;
}
