/* SPDX-License-Identifier: MIT */
/* UTF-8 decoding with every ill-formed sequence rejected (Unicode 15, table 3-7): overlong
 * forms, surrogates, code points above U+10FFFF, truncated sequences, stray continuation bytes.
 * Hand-written rather than ICU's u_strFromUTF8 because it sits on the era parser's hot path;
 * the test suite cross-checks it against ICU. */
#include "config.h"

#include "core_int.h"

#include <string.h>

size_t riap__utf8_check(const char *text, size_t len)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;
    while (i < len) {
        unsigned char c = s[i];
        if (c < 0x80) {
            /* ASCII: eight bytes at a time while none has its high bit */
            i++;
            while (i + 8 <= len) {
                uint64_t w;
                memcpy(&w, s + i, 8);
                if (w & 0x8080808080808080u)
                    break;
                i += 8;
            }
            continue;
        }
        /* the commonest case in Japanese text: a 3-byte sequence whose lead byte has no
         * special range for its second byte (E1..EC, EE, EF) */
        if (((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) && i + 2 < len &&
            (s[i + 1] & 0xC0) == 0x80 && (s[i + 2] & 0xC0) == 0x80) {
            i += 3;
            continue;
        }
        uint32_t cp;
        size_t n = riap__utf8_decode(s + i, len - i, &cp);
        if (n == 0)
            return i;
        i += n;
    }
    return len;
}

size_t riap__utf8_count(const char *text, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)text[i] & 0xC0) != 0x80)
            n++;
    return n;
}

size_t riap__utf8_encode(uint32_t cp, char *buf)
{
    unsigned char *b = (unsigned char *)buf;
    if (cp < 0x80) {
        b[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        b[0] = (unsigned char)(0xC0 | (cp >> 6));
        b[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        b[0] = (unsigned char)(0xE0 | (cp >> 12));
        b[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    b[0] = (unsigned char)(0xF0 | (cp >> 18));
    b[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    b[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    b[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

void riap__excerpt(char *dst, size_t dstsize, const char *text, size_t len, size_t max)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t o = 0, i = 0;
    while (i < len) {
        uint32_t cp;
        size_t k = riap__utf8_decode(s + i, len - i, &cp);
        bool esc = k == 0 || cp < 0x20 || cp == 0x7F;
        size_t need = esc ? 4 : k;
        if (i >= max || o + need + 4 > dstsize) { /* room for "…" (3 bytes) and NUL */
            if (o + 4 <= dstsize) {
                memcpy(dst + o, "\xE2\x80\xA6", 3);
                o += 3;
            }
            break;
        }
        if (esc) {
            static const char hex[] = "0123456789ABCDEF";
            dst[o++] = '\\';
            dst[o++] = 'x';
            dst[o++] = hex[s[i] >> 4];
            dst[o++] = hex[s[i] & 15];
            i += 1;
        } else {
            memcpy(dst + o, s + i, k);
            o += k;
            i += k;
        }
    }
    dst[o] = '\0';
}

/* The end of the character that starts at s[i] (one byte for a stray one, four at most). */
static size_t char_end(const unsigned char *s, size_t len, size_t i)
{
    size_t k = 1;
    while (i + k < len && k < 4 && (s[i + k] & 0xC0) == 0x80)
        k++;
    return i + k;
}

const char *riap__quote(char buf[RIAP__QUOTE_SIZE], const char *text, size_t from)
{
    const unsigned char *s = (const unsigned char *)(text ? text : "");
    size_t len = strlen((const char *)s);
    if (from > len)
        from = len;
    while (from > 0 && (s[from] & 0xC0) == 0x80)
        from--;
    size_t end = from;
    bool controls = false; /* a line break, a tab: escaped, so that the quote stays one line */
    for (size_t n = 0; end < len && n < RIAP__QUOTE_MAX; n++) {
        controls = controls || s[end] < 0x20 || s[end] == 0x7F;
        end = char_end(s, len, end);
    }
    if (from == 0 && end == len && !controls)
        return (const char *)s;
    size_t o = 0;
    if (from > 0) {
        memcpy(buf, "\xE2\x80\xA6", 3);
        o = 3;
    }
    for (size_t i = from; i < end; i++) { /* at most 4 bytes a character, as the size allows */
        unsigned char c = s[i];
        if (c >= 0x20 && c != 0x7F) {
            buf[o++] = (char)c;
        } else if (c == '\n' || c == '\r' || c == '\t') {
            buf[o++] = '\\';
            buf[o++] = c == '\n' ? 'n' : c == '\r' ? 'r' : 't';
        } else {
            static const char hex[] = "0123456789ABCDEF";
            buf[o++] = '\\';
            buf[o++] = 'x';
            buf[o++] = hex[c >> 4];
            buf[o++] = hex[c & 15];
        }
    }
    if (end < len) {
        memcpy(buf + o, "\xE2\x80\xA6", 3);
        o += 3;
    }
    buf[o] = '\0';
    return buf;
}

size_t riap__utf8_prefix(const char *text, size_t len, size_t max)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t end = 0;
    while (end < len) {
        size_t next = char_end(s, len, end);
        if (next > max)
            break;
        end = next;
    }
    return end;
}

void riap__line_col(const char *text, size_t off, uint32_t *line, uint32_t *col)
{
    uint32_t l = 1, c = 1;
    for (size_t i = 0; i < off; i++) {
        unsigned char b = (unsigned char)text[i];
        if (b == '\n') {
            l++;
            c = 1;
        } else if ((b & 0xC0) != 0x80) {
            c++;
        }
    }
    *line = l;
    *col = c;
}
