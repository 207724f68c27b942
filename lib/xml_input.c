/* SPDX-License-Identifier: MIT */
/* xml_input: the helpers for what happens to a plan file's bytes before libxml2 sees them
 * (the reading loop is riap__xml_stream in xml.c):
 *  - the encoding: UTF-8 (BOM optional), UTF-16 with a BOM, Shift_JIS/CP932 and EUC-JP as
 *    declared; anything else is refused, and ill-formed bytes are an error with a position.
 *    Everything is converted to UTF-8 (ICU), so libxml2 only ever reads UTF-8;
 *  - a DOCTYPE in the prolog is refused before any DTD or entity work. */
#include "config.h"

#include "xml_int.h"

#include <ctype.h>
#include <stdarg.h>
#include <string.h>
#include <unicode/ucnv.h>

static void position(const char *text, size_t off, uint32_t *line, uint32_t *col)
{
    riap__line_col(text, off, line, col);
}

/* en and ja take a string, then the byte offset as long long. */
#if defined(__GNUC__)
__attribute__((format(printf, 7, 9))) __attribute__((format(printf, 8, 9)))
#endif
static riap_status
enc_error(riap_ctx *ctx, riap_status st, const char *rule, const char *u8, size_t u8_len,
          int64_t offset, const char *en, const char *ja, ...)
{
    uint32_t line = 1, col = 1; /* without text: the start of the document */
    if (u8)
        position(u8, u8_len, &line, &col);
    va_list ap;
    va_start(ap, ja);
    riap__ctx_vdiag(ctx, rule, RIAP_SEVERITY_ERROR, offset, line, col, en, ja, ap);
    va_end(ap);
    return st;
}

/* The encoding the XML declaration names, copied into name (empty when there is none). */
static void declared_encoding(const char *s, size_t len, char *name, size_t size)
{
    name[0] = '\0';
    if (len < 6 || memcmp(s, "<?xml", 5) != 0)
        return;
    size_t end = 5;
    while (end + 1 < len && end < 512 && !(s[end] == '?' && s[end + 1] == '>'))
        end++;
    for (size_t i = 5; i + 8 < end; i++) {
        if (memcmp(s + i, "encoding", 8) != 0)
            continue;
        size_t j = i + 8;
        while (j < end && riap__xml_is_space((unsigned char)s[j]))
            j++;
        if (j >= end || s[j] != '=')
            return;
        j++;
        while (j < end && riap__xml_is_space((unsigned char)s[j]))
            j++;
        if (j >= end || (s[j] != '"' && s[j] != '\''))
            return;
        char q = s[j++];
        size_t k = 0;
        while (j < end && s[j] != q && k + 1 < size)
            name[k++] = (char)tolower((unsigned char)s[j++]);
        name[k] = '\0';
        return;
    }
}

/* The ICU converter for a declared encoding, "" for UTF-8, NULL when not supported. */
static const char *converter_for(const char *decl)
{
    if (!*decl || !strcmp(decl, "utf-8") || !strcmp(decl, "utf8") || !strcmp(decl, "us-ascii") ||
        !strcmp(decl, "ascii"))
        return "";
    if (!strcmp(decl, "shift_jis") || !strcmp(decl, "shift-jis") || !strcmp(decl, "sjis") ||
        !strcmp(decl, "x-sjis") || !strcmp(decl, "cp932") || !strcmp(decl, "windows-31j") ||
        !strcmp(decl, "ms_kanji") || !strcmp(decl, "csshiftjis"))
        return "windows-31j"; /* CP932: Shift_JIS as Japanese offices write it */
    if (!strcmp(decl, "euc-jp") || !strcmp(decl, "eucjp") || !strcmp(decl, "x-euc-jp"))
        return "EUC-JP";
    return NULL;
}

size_t riap__xml_prolog_end(const char *s, size_t len, bool *decided)
{
    size_t i = 0;
    *decided = false;
    while (i < len) {
        char c = s[i];
        if (riap__xml_is_space((unsigned char)c)) {
            i++;
            continue;
        }
        const char *term = NULL;
        size_t open = 0;
        if (i + 4 <= len && memcmp(s + i, "<!--", 4) == 0)
            term = "-->", open = 4;
        else if (i + 2 <= len && s[i] == '<' && s[i + 1] == '?')
            term = "?>", open = 2;
        else if ((len - i < 4 && !memcmp(s + i, "<!--", len - i)) ||
                 (len - i < 9 && !memcmp(s + i, "<!DOCTYPE", len - i)))
            return i; /* maybe a comment or a DOCTYPE: the next bytes tell */
        else {
            *decided = true; /* the root element, a DOCTYPE, text: no longer the prolog */
            return i;
        }
        size_t tl = strlen(term), k = i + open;
        while (k + tl <= len && memcmp(s + k, term, tl) != 0)
            k++;
        if (k + tl > len)
            return i; /* the comment or PI goes on past what was read */
        i = k + tl;
    }
    return i;
}

/* Refuses a DOCTYPE in the prolog (after the XML declaration, comments, PIs, white space). */
static riap_status no_doctype(riap_ctx *ctx, const char *s, size_t len)
{
    bool decided;
    size_t i = riap__xml_prolog_end(s, len, &decided);
    if (decided && len - i >= 9 && memcmp(s + i, "<!DOCTYPE", 9) == 0) {
        uint32_t line, col;
        position(s, i, &line, &col);
        riap__ctx_diag(ctx, "doctype", RIAP_SEVERITY_ERROR, (int64_t)i, line, col,
                       "plan documents have no DOCTYPE (it is refused before any DTD or "
                       "entity is read)",
                       "計画文書に DOCTYPE は使えません (DTD や実体を読む前に拒否しました)");
        return RIAP_ERR_XML;
    }
    return RIAP_OK; /* the root element, or an error libxml2 reports */
}

riap_status riap__xml_detect(riap_ctx *ctx, const char *data, size_t len, const char **icu_out,
                             size_t *skip_out, bool *ascii_out)
{
    const unsigned char *u = (const unsigned char *)data;
    const char *icu = NULL; /* NULL: UTF-8 */
    size_t skip = 0;
    char decl[64] = "";
    if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
        if (len >= 4 && u[0] == 0xFF && u[2] == 0 && u[3] == 0)
            return enc_error(ctx, RIAP_ERR_ENCODING, "unsupported-encoding", NULL, 0, 0,
                             "the document is in %s, which plan files may not use",
                             "文書の文字コード %s は使えません", "UTF-32");
        icu = u[0] == 0xFF ? "UTF-16LE" : "UTF-16BE";
        skip = 2;
        /* the declaration, read as ASCII from the 16-bit units, may only name UTF-16 */
        char ascii[256];
        size_t an = 0;
        for (size_t k = 2; k + 1 < len && an < sizeof ascii; k += 2) {
            unsigned lo = u[0] == 0xFF ? u[k] : u[k + 1], hi = u[0] == 0xFF ? u[k + 1] : u[k];
            ascii[an++] = hi == 0 && lo < 0x80 ? (char)lo : '?';
        }
        declared_encoding(ascii, an, decl, sizeof decl);
        if (*decl && strcmp(decl, "utf-16") != 0 &&
            strcmp(decl, u[0] == 0xFF ? "utf-16le" : "utf-16be") != 0) {
            char shown[200];
            riap__excerpt(shown, sizeof shown, decl, strlen(decl), 60);
            return enc_error(ctx, RIAP_ERR_ENCODING, "encoding-mismatch", NULL, 0, 0,
                             "the document starts with a %s byte order mark but its XML "
                             "declaration says '%s': remove one of them, or declare UTF-16",
                             "文書は %s の BOM で始まりますが、XML 宣言は「%s」です。どちらかを"
                             "直してください（UTF-16 で保存したファイルなら、宣言を UTF-16 "
                             "にします）",
                             icu, shown);
        }
    } else {
        if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
            skip = 3;
        if (len >= 4 && u[0] == 0 && u[1] == 0 && u[2] == 0xFE && u[3] == 0xFF)
            return enc_error(ctx, RIAP_ERR_ENCODING, "unsupported-encoding", NULL, 0, 0,
                             "the document is in %s, which plan files may not use",
                             "文書の文字コード %s は使えません", "UTF-32");
        declared_encoding(data + skip, len - skip, decl, sizeof decl);
        const char *conv = converter_for(decl);
        char shown[200]; /* the name as written, quoted safely: it may hold any byte */
        riap__excerpt(shown, sizeof shown, decl, strlen(decl), 60);
        if (!conv)
            return enc_error(
                ctx, RIAP_ERR_ENCODING, "unsupported-encoding", NULL, 0, 0,
                "the declared encoding '%s' is not one plan files may use (UTF-8, "
                "UTF-16, Shift_JIS/CP932, EUC-JP)",
                "宣言された文字コード「%s」は使えません (UTF-8・UTF-16・Shift_JIS/CP932・"
                "EUC-JP のみ)",
                shown);
        if (*conv && skip)
            return enc_error(
                ctx, RIAP_ERR_ENCODING, "encoding-mismatch", NULL, 0, 0,
                "the document starts with a UTF-8 byte order mark but its XML "
                "declaration says '%s': remove one of them (a file saved as UTF-8 "
                "keeps the mark and declares UTF-8)",
                "文書は UTF-8 の BOM で始まりますが、XML 宣言は「%s」です。どちらかを"
                "直してください（UTF-8 で保存したファイルなら、宣言を UTF-8 にします）",
                shown);
        if (*conv)
            icu = conv;
    }
    *icu_out = icu;
    *skip_out = skip;
    *ascii_out = !strcmp(decl, "us-ascii") || !strcmp(decl, "ascii");
    return RIAP_OK;
}

riap_status riap__xml_no_doctype(riap_ctx *ctx, const char *s, size_t len)
{
    return no_doctype(ctx, s, len);
}

void riap__xml_declare_utf8(riap__buf *b)
{
    if (b->n < 6 || memcmp(b->p, "<?xml", 5) != 0)
        return;
    size_t end = 5;
    while (end + 1 < b->n && end < 512 && !(b->p[end] == '?' && b->p[end + 1] == '>'))
        end++;
    char *e = NULL;
    for (size_t i = 5; i + 8 < end && !e; i++)
        if (memcmp(b->p + i, "encoding", 8) == 0)
            e = b->p + i;
    if (!e)
        return;
    char *q = e + 8;
    while (q < b->p + end && *q != '"' && *q != '\'')
        q++;
    if (q >= b->p + end)
        return;
    char quote = *q;
    char *close = memchr(q + 1, quote, (size_t)(b->p + end - (q + 1)));
    if (!close)
        return;
    /* blank the whole pseudo-attribute out: without one, the declaration means UTF-8 */
    memset(e, ' ', (size_t)(close + 1 - e));
}

/* How much of text[0, n) is whole characters of encoding icu (the chunk begins with one): the
 * rest waits for the next chunk, so that ICU never holds part of a character between two calls
 * (where it would place bad bytes after it by what the cut was). */
size_t riap__xml_whole_chars(const char *icu, const unsigned char *t, size_t n)
{
    bool sjis = !strcmp(icu, "windows-31j"), euc = !strcmp(icu, "EUC-JP");
    size_t i = 0;
    while (i < n) {
        unsigned b = t[i];
        size_t len = 1;
        if (sjis)
            len = (b >= 0x81 && b <= 0x9F) || (b >= 0xE0 && b <= 0xFC) ? 2 : 1;
        else if (euc)
            len = b == 0x8F ? 3 : b == 0x8E || (b >= 0xA1 && b <= 0xFE) ? 2 : 1;
        else if (i + 1 < n) /* UTF-16: a lead surrogate goes with its trail */
            len = ((!strcmp(icu, "UTF-16LE") ? t[i + 1] : b) & 0xFC) == 0xD8 ? 4 : 2;
        else
            len = 2;
        if (len > n - i)
            break;
        i += len;
    }
    return i;
}

/* Line ends: a CR not followed by LF is a line end of its own (XML 1.0 section 2.11 reads it
 * as LF), but libxml2 counts lines at LF only, so it becomes LF, byte for byte (offsets stay),
 * before any position is counted: here each CR of t[0, n) that has a byte after it. */
void riap__xml_fold_cr(char *t, size_t n)
{
    for (char *p = n ? memchr(t, '\r', n - 1) : NULL; p;
         p = memchr(p + 1, '\r', n - 1 - (size_t)(p + 1 - t)))
        if (p[1] != '\n')
            *p = '\n';
}
