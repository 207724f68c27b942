/* SPDX-License-Identifier: MIT */
/* xml_syntax: the syntax error that stopped the parser, in the words and at the place a clerk
 * can act on: libxml2 says some errors where it stopped reading, after what is wrong (an '&'
 * in text, a mismatched or unfinished end tag, a comment not closed, a file cut off). */
#include "config.h"

#include "xml_priv.h"

#include <stdio.h>
#include <string.h>

/* libxml2 places some errors where it stopped reading, after what is wrong: an entity
 * reference without its ';' (研究開発&連携) after the name that follows '&', a mismatched end
 * tag after its name, "--" in a comment after it. The column of the last `mark` before that
 * place on the line, from the window of text read, or col when it is not there. */
static uint32_t back_to(const stream *s, uint32_t line, uint32_t col, const char *mark)
{
    if (!s->win_valid || !s->win.p || line < s->win_line || !col)
        return col;
    const char *p = s->win.p + s->win_off, *end = s->win.p + s->win.n;
    for (uint32_t l = s->win_line; l < line; l++) {
        p = memchr(p, '\n', (size_t)(end - p));
        if (!p++)
            return col;
    }
    size_t n = strlen(mark);
    uint32_t c = 1, at = 0; /* c: the column of the character that starts at p */
    for (; p < end && *p != '\n'; p++) {
        if (((unsigned char)*p & 0xC0) == 0x80)
            continue;
        if (c > col)
            break;
        if ((size_t)(end - p) >= n && !memcmp(p, mark, n))
            at = c;
        c++;
    }
    return at ? at : col;
}

/* Did the document's end stop the parser, inside an element (a file cut off)? The error is
 * on the last line that holds more than white space, or after it, and that line does not end a
 * tag, or the parser said the data ended (an end tag left out is a mismatch, not a cut). */
static bool cut_off(const stream *s, const xmlError *err, uint32_t line)
{
    if (!s->ended || !err || s->depth <= 0 || line < s->last_line)
        return false;
    return !s->ends_tag || err->code == XML_ERR_TAG_NOT_FINISHED ||
           err->code == XML_ERR_DOCUMENT_END;
}

/* Where the comment that is not closed begins: the last "<!--" in the window (a comment holds
 * no "--"), when the window holds it. */
static bool unclosed_comment(const stream *s, uint32_t *line, uint32_t *col)
{
    if (!s->win_valid || !s->win.p || s->win.n < 4)
        return false;
    for (size_t j = s->win.n - 4 + 1; j-- > s->win_off;)
        if (!memcmp(s->win.p + j, "<!--", 4)) {
            int64_t off;
            riap__xml_window_place(&s->ls, j, line, col, &off);
            return true;
        }
    return false;
}

/* An end tag without its '>' (</heading then a line break): libxml2 says so where it next
 * stopped, at the tag after it. The place where '>' should be, after the name of the last "</"
 * before where the parser is, and the name; false when the window does not hold it. */
static bool end_tag_open(const stream *s, uint32_t *line, uint32_t *col, char *name, size_t size)
{
    const xmlParserInput *in = s->pc ? s->pc->input : NULL;
    if (!s->win_valid || !s->win.p || !in || !in->base)
        return false;
    uint64_t here = (uint64_t)in->consumed + (uint64_t)(in->cur - in->base);
    if (here > s->fed || s->fed - here > s->win.n)
        return false;
    size_t end = s->win.n - (size_t)(s->fed - here);
    for (size_t j = end; j-- > s->win_off + 1 && end - j < 4096;) {
        if (s->win.p[j - 1] != '<' || s->win.p[j] != '/')
            continue;
        size_t k = j + 1;
        while (k < end && !riap__xml_is_space((unsigned char)s->win.p[k]) &&
               !strchr("<>/", s->win.p[k]))
            k++;
        size_t m = k; /* nothing but white space between the name and where the parser is */
        while (m < end && riap__xml_is_space((unsigned char)s->win.p[m]))
            m++;
        if (k == j + 1 || k - j - 1 >= size || m < end)
            return false;
        snprintf(name, size, "%.*s", (int)(k - j - 1), s->win.p + j + 1);
        int64_t off;
        riap__xml_window_place(&s->ls, k, line, col, &off);
        return true;
    }
    return false;
}

/* Reports the syntax error that stopped the parser of s (a line and column from libxml2). */
void riap__xml_syntax_error(stream *s)
{
    xmlErrorPtr err = s->pc ? xmlCtxtGetLastError(s->pc) : NULL;
    /* an element inside one whose end tag is missing, or that the end of the file left open,
     * is that fault, not one of its own */
    riap__xml_release_held(&s->ls,
                           !(err && (err->code == XML_ERR_TAG_NAME_MISMATCH ||
                                     cut_off(s, err, err->line > 0 ? (uint32_t)err->line : 0))));
    char msg[512];
    riap__xml_clean_message(msg, sizeof msg, err ? err->message : "not well-formed");
    uint32_t line = err && err->line > 0 ? (uint32_t)err->line : 0;
    uint32_t col = err && err->int2 > 0 ? (uint32_t)err->int2 : 0;
    if (err && (err->code == XML_ERR_ENTITYREF_SEMICOL_MISSING ||
                (err->code == XML_ERR_NAME_REQUIRED && strstr(msg, "EntityRef")))) {
        col = back_to(s, line, col, "&"); /* a '&' in text, as a clerk writes A&B */
        riap__xml_say(&s->ls, "xml-syntax", RIAP_SEVERITY_ERROR, line, col, -1,
                      "malformed XML: this '&' starts an entity reference: write a '&' in "
                      "text as &amp;",
                      "XML の構文誤り: この「&」は実体参照の始まりとして読まれます。テキスト中の"
                      "「&」は &amp; と書いてください");
        return;
    }
    if (err && strstr(msg, "xmlParseCharRef")) {
        col = back_to(s, line, col, "&#"); /* libxml2 is past the ';' */
        if (strstr(msg, "out of bounds"))
            riap__xml_say(&s->ls, "xml-syntax", RIAP_SEVERITY_ERROR, line, col, -1,
                          "malformed XML: this character reference is beyond U+10FFFF, the "
                          "last character there is",
                          "XML の構文誤り: この文字参照は最後の文字 U+10FFFF を超えています");
        else
            riap__xml_say(&s->ls, "xml-syntax", RIAP_SEVERITY_ERROR, line, col, -1,
                          "malformed XML: this character reference stands for U+%04X, a "
                          "character XML does not allow in a document",
                          "XML の構文誤り: この文字参照は U+%04X を表しますが、この文字は XML "
                          "文書に書けません",
                          (unsigned)err->int1);
        return;
    }
    if (err && err->code == XML_ERR_COMMENT_NOT_FINISHED && unclosed_comment(s, &line, &col)) {
        riap__xml_say(&s->ls, "xml-syntax", RIAP_SEVERITY_ERROR, line, col, -1,
                      "malformed XML: the comment that begins here is not closed with -->",
                      "XML の構文誤り: ここで始まるコメントが --> で閉じられていません");
        return;
    }
    char tag[RIAP__XML_MAX_NAME + 1];
    if (err && err->code == XML_ERR_GT_REQUIRED && end_tag_open(s, &line, &col, tag, sizeof tag)) {
        riap__xml_say(&s->ls, "xml-syntax", RIAP_SEVERITY_ERROR, line, col, -1,
                      "malformed XML: the end tag </%s lacks its '>'",
                      "XML の構文誤り: 終了タグ </%s に「>」がありません", tag);
        return;
    }
    if (err && err->code == XML_ERR_TAG_NAME_MISMATCH)
        col = back_to(s, line, col, "</");
    else if (err &&
             (err->code == XML_ERR_UNDECLARED_ENTITY || err->code == XML_WAR_UNDECLARED_ENTITY))
        col = back_to(s, line, col, "&"); /* &foo; : after its ';' */
    else if (err && err->code == XML_ERR_ATTRIBUTE_REDEFINED && err->str1) {
        char mark[RIAP__XML_MAX_NAME + 2]; /* the second of the two: the last before the '>' */
        snprintf(mark, sizeof mark, "%s=", (const char *)err->str1);
        col = back_to(s, line, col, mark);
    } else if (err && err->code == XML_ERR_HYPHEN_IN_COMMENT)
        col = back_to(s, line, col, "--");
    if (cut_off(s, err, line)) {
        int d = s->depth < RIAP__XML_MAX_DEPTH ? s->depth : RIAP__XML_MAX_DEPTH;
        if (s->tag_cut) {
            riap__xml_say(&s->ls, "xml-syntax", RIAP_SEVERITY_ERROR, line, col, -1,
                          "the file ends inside the start tag <%s: it looks cut off",
                          "ファイルが開始タグ <%s の途中で終わっています。途中で切れているよう"
                          "です",
                          (const char *)s->open[d - 1].name);
            return;
        }
        riap__xml_say(&s->ls, "xml-syntax", RIAP_SEVERITY_ERROR, line, col, -1,
                      "the file ends before the element <%s> that begins at line %ld is closed: "
                      "it looks cut off",
                      "ファイルが、%2$ld 行目で始まる要素 <%1$s> が閉じる前に終わっています。途中"
                      "で切れているようです",
                      (const char *)s->open[d - 1].name, s->open[d - 1].line);
        return;
    }
    if (err && err->code == XML_ERR_TAG_NAME_MISMATCH && err->str1 && err->str2 && err->int1 > 0 &&
        strlen(err->str1) <= RIAP__XML_MAX_NAME && strlen(err->str2) <= RIAP__XML_MAX_NAME) {
        riap__xml_say(&s->ls, "xml-syntax", RIAP_SEVERITY_ERROR, line, col, -1,
                      "the end tag </%s> comes while <%s> (line %d) is open: its end tag </%s> "
                      "is missing or misspelt",
                      "要素 <%2$s> (%3$d 行目) が閉じないうちに終了タグ </%1$s> があります: "
                      "</%4$s> が抜けているか、綴りが違います",
                      err->str2, err->str1, err->int1, err->str1);
        return;
    }
    riap__xml_say(&s->ls, "xml-syntax", RIAP_SEVERITY_ERROR, line, col, -1, "malformed XML: %s",
                  "XML の構文誤り: %s", msg);
}
