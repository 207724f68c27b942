/* SPDX-License-Identifier: MIT */
/* xml_guard: limits on the shape of markup, checked on the text before libxml2 parses it.
 *
 * libxml2 2.9.14 (Debian 12's) takes time that grows as the square of the attributes, and of
 * the namespace declarations, of one start tag (it compares each with all before it), and of
 * the length of one text node read by its push parser (it appends each piece with strcat). Plan
 * files have a handful of attributes per element and a nesting depth under ten, so the caps
 * below refuse only hostile or broken input, in time linear in its size. One more cap keeps
 * libxml2's own limit out of reach: no tag, comment or processing instruction is longer than
 * RIAP__XML_MAX_MARKUP bytes. The scanner is incremental: text may arrive in chunks cut
 * anywhere, even inside a character. */
#include "config.h"

#include "xml_int.h"

#include <string.h>

enum {
    S_TEXT,
    S_LT,          /* after '<' */
    S_BANG,        /* after "<!" */
    S_BANG_DASH,   /* after "<!-" */
    S_ELEM_NAME,   /* in a start tag's name */
    S_IN_TAG,      /* in a start tag, between attributes */
    S_ATTR_NAME,   /* in an attribute's name */
    S_BEFORE_EQ,   /* after an attribute's name */
    S_BEFORE_VAL,  /* after '=' */
    S_VALUE,       /* in a quoted value */
    S_EMPTY_SLASH, /* after '/' in a start tag */
    S_SKIP         /* until the terminator: an end tag, comment, PI, CDATA section or DOCTYPE */
};

void riap__xml_guard_init(riap__xml_guard *g)
{
    memset(g, 0, sizeof *g);
    g->state = S_TEXT;
    g->line = g->col = 1;
}

void riap__xml_guard_count_names(riap__xml_guard *g, uint64_t *slots)
{
    g->names = slots;
    g->n_names = 0;
}

/* A name's hash, byte by byte (FNV-1a; never 0, which marks an empty slot). */
static void hash_start(riap__xml_guard *g, unsigned char c)
{
    g->hash = (14695981039346656037u ^ c) * 1099511628211u;
}

static void hash_add(riap__xml_guard *g, unsigned char c)
{
    g->hash = (g->hash ^ c) * 1099511628211u;
}

/* Counts the name just read; false when it is one distinct name too many. */
static bool name_seen(riap__xml_guard *g)
{
    if (!g->names)
        return true;
    uint64_t h = g->hash ? g->hash : 1;
    size_t i = (size_t)(h ^ (h >> 29)) & (RIAP__XML_NAME_SLOTS - 1);
    while (g->names[i] && g->names[i] != h)
        i = (i + 1) & (RIAP__XML_NAME_SLOTS - 1);
    if (g->names[i])
        return true;
    if (g->n_names == RIAP__XML_MAX_NAMES)
        return false;
    g->names[i] = h;
    g->n_names++;
    return true;
}

static void skip_until(riap__xml_guard *g, const char *term)
{
    g->state = S_SKIP;
    g->term = term;
    g->match = 0;
}

/* What a byte did to the scanner: nothing to report, look at the byte again in the new state,
 * or a limit was passed (its rule and value recorded). */
enum { G_ON, G_AGAIN, G_OVER };

static int over(riap__xml_guard *g, const char *rule, uint32_t limit)
{
    g->rule = rule;
    g->limit = limit;
    return G_OVER;
}

/* A byte outside tags: text, the start of markup, comments, PIs, CDATA, end tags, DOCTYPE. */
static int step_outside(riap__xml_guard *g, unsigned char c)
{
    switch (g->state) {
    case S_TEXT:
        if (c == '<') {
            g->state = S_LT;
            g->textlen = 0; /* markup ends a text node */
        } else if (++g->textlen > RIAP__XML_MAX_TEXT) {
            return over(g, "text-too-long", RIAP__XML_MAX_TEXT);
        }
        break;
    case S_LT:
        if (c == '/') {
            if (g->depth)
                g->depth--;
            skip_until(g, ">");
            g->markup = RIAP__XML_END_TAG;
        } else if (c == '?') {
            skip_until(g, "?>");
            g->markup = RIAP__XML_PI;
            g->pi_target = true; /* its name is counted with the others */
            g->namelen = 0;
        } else if (c == '!') {
            g->state = S_BANG;
            g->markup = RIAP__XML_DECLARATION;
        } else {
            g->state = S_ELEM_NAME;
            g->markup = RIAP__XML_START_TAG;
            g->attrs = g->nsdecls = 0;
            g->namelen = 1;
            hash_start(g, c);
        }
        break;
    case S_BANG:
        if (c == '-')
            g->state = S_BANG_DASH;
        else if (c == '[') {
            skip_until(g, "]]>"); /* a CDATA section: text too */
            g->textlen = 0;
        } else
            skip_until(g, ">"); /* a DOCTYPE is refused before this text is parsed */
        break;
    case S_BANG_DASH:
        if (c == '-') {
            skip_until(g, "-->");
            g->markup = RIAP__XML_COMMENT;
        } else
            skip_until(g, ">");
        break;
    default:                /* S_SKIP */
        if (g->pi_target) { /* a PI's target: a name, up to white space or '?' */
            if (riap__xml_is_space(c) || c == '?') {
                g->pi_target = false;
                if (g->namelen && !name_seen(g))
                    return over(g, "too-many-names", RIAP__XML_MAX_NAMES);
            } else if (g->namelen++ == 0) {
                hash_start(g, c);
            } else {
                hash_add(g, c);
            }
        }
        if (g->term[0] == ']' && ++g->textlen > RIAP__XML_MAX_TEXT)
            return over(g, "text-too-long", RIAP__XML_MAX_TEXT);
        if (c == (unsigned char)g->term[g->match]) {
            if (g->term[++g->match] == '\0')
                g->state = S_TEXT;
        } else if (c == (unsigned char)g->term[0]) {
            /* "--->", "]]]>", "??>": the run of the first character goes on */
            g->match = g->match >= 1 && g->term[1] == g->term[0] ? g->match : 1;
        } else {
            g->match = 0;
        }
        break;
    }
    return G_ON;
}

/* A byte inside a start tag: names, attributes, values, the tag's end. */
static int step_tag(riap__xml_guard *g, unsigned char c)
{
    switch (g->state) {
    case S_ELEM_NAME:
    case S_ATTR_NAME:
        if (riap__xml_is_space(c) || c == '=' || c == '>' || c == '/') {
            if (!name_seen(g))
                return over(g, "too-many-names", RIAP__XML_MAX_NAMES);
            g->state = g->state == S_ELEM_NAME ? S_IN_TAG : S_BEFORE_EQ;
            return G_AGAIN;
        }
        if (++g->namelen > RIAP__XML_MAX_NAME)
            return over(g, "name-too-long", RIAP__XML_MAX_NAME);
        hash_add(g, c);
        if (g->state == S_ATTR_NAME && g->namelen <= 6)
            g->prefix[g->namelen - 1] = (char)c; /* enough to tell xmlns and xmlns: */
        break;
    case S_IN_TAG:
        if (c == '>') {
            g->state = S_TEXT;
            if (++g->depth > RIAP__XML_MAX_DEPTH)
                return over(g, "too-deep", RIAP__XML_MAX_DEPTH);
        } else if (c == '/') {
            g->state = S_EMPTY_SLASH;
        } else if (!riap__xml_is_space(c)) {
            if (++g->attrs > RIAP__XML_MAX_ATTRIBUTES)
                return over(g, "too-many-attributes", RIAP__XML_MAX_ATTRIBUTES);
            g->state = S_ATTR_NAME;
            g->namelen = 1;
            g->prefix[0] = (char)c;
            hash_start(g, c);
        }
        break;
    case S_BEFORE_EQ:
        /* "xmlns" alone or "xmlns:p": a namespace declaration */
        if (g->namelen >= 5 && !memcmp(g->prefix, "xmlns", 5) &&
            (g->namelen == 5 || g->prefix[5] == ':')) {
            g->prefix[0] = '\0'; /* counted once */
            if (++g->nsdecls > RIAP__XML_MAX_NAMESPACES)
                return over(g, "too-many-namespaces", RIAP__XML_MAX_NAMESPACES);
        }
        if (c == '=')
            g->state = S_BEFORE_VAL;
        else if (!riap__xml_is_space(c)) { /* not well-formed: libxml2 says so; keep going */
            g->state = S_IN_TAG;
            return G_AGAIN;
        }
        break;
    case S_BEFORE_VAL:
        if (c == '"' || c == '\'') {
            g->quote = c;
            g->valuelen = 0;
            g->state = S_VALUE;
        } else if (!riap__xml_is_space(c)) {
            g->state = S_IN_TAG;
            return G_AGAIN;
        }
        break;
    case S_VALUE:
        if (c == g->quote)
            g->state = S_IN_TAG;
        else if (++g->valuelen > RIAP__XML_MAX_VALUE)
            return over(g, "value-too-long", RIAP__XML_MAX_VALUE);
        break;
    default: /* S_EMPTY_SLASH */
        if (c == '>') {
            g->state = S_TEXT; /* an empty element: the depth does not change */
        } else {
            g->state = S_IN_TAG;
            return G_AGAIN;
        }
        break;
    }
    return G_ON;
}

/* Moves the position (line, column in code points) over n bytes of text. */
static void advance(uint32_t *line, uint32_t *col, const unsigned char *s, size_t n)
{
    const unsigned char *last = NULL;
    for (const unsigned char *p = memchr(s, '\n', n); p;
         p = memchr(p + 1, '\n', n - (size_t)(p + 1 - s))) {
        (*line)++;
        last = p;
    }
    size_t from = last ? (size_t)(last + 1 - s) : 0;
    uint32_t c = last ? 1 : *col;
    for (size_t i = from; i < n; i++)
        c += (s[i] & 0xC0) != 0x80;
    *col = c;
}

/* How many bytes from s[i] on the scanner may pass over at once: bytes that change nothing but
 * counts (text, a quoted value, the inside of a comment or an end tag), up to the first byte
 * that would pass a limit; 0 when the next byte needs the full step. */
static size_t plain_run(const riap__xml_guard *g, const unsigned char *s, size_t i, size_t n)
{
    int stop;
    size_t room = SIZE_MAX;
    if (g->bytewise)
        return 0;
    switch (g->state) {
    case S_TEXT: stop = '<', room = RIAP__XML_MAX_TEXT - g->textlen; break;
    case S_VALUE: stop = g->quote, room = RIAP__XML_MAX_VALUE - g->valuelen; break;
    case S_SKIP:
        if (g->match || g->pi_target)
            return 0;
        stop = (unsigned char)g->term[0];
        if (stop == ']')
            room = RIAP__XML_MAX_TEXT - g->textlen;
        break;
    default: return 0;
    }
    if (g->state != S_TEXT && RIAP__XML_MAX_MARKUP - g->marklen < room)
        room = RIAP__XML_MAX_MARKUP - g->marklen;
    size_t len = n - i < room ? n - i : room;
    const unsigned char *hit = memchr(s + i, stop, len);
    return hit ? (size_t)(hit - (s + i)) : len;
}

static void take_run(riap__xml_guard *g, size_t run)
{
    if (g->state == S_TEXT) {
        g->textlen += (uint32_t)run;
        return;
    }
    if (g->state == S_VALUE)
        g->valuelen += (uint32_t)run;
    else if (g->term[0] == ']')
        g->textlen += (uint32_t)run;
    g->marklen += (uint32_t)run;
}

/* Ends a scan at byte `end`: places a markup that began in this text (its '<' at mark_at) and
 * is still open, or passed a limit, then moves the position over the text. */
static size_t scan_done(riap__xml_guard *g, const unsigned char *s, size_t end, size_t mark_at)
{
    if (mark_at != SIZE_MAX && (g->state != S_TEXT || g->rule)) {
        g->mark_line = g->line;
        g->mark_col = g->col;
        advance(&g->mark_line, &g->mark_col, s, mark_at);
    }
    advance(&g->line, &g->col, s, end);
    return end;
}

size_t riap__xml_guard_scan(riap__xml_guard *g, const char *text, size_t n)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t mark_at = SIZE_MAX; /* the '<' of the last markup begun in this text */
    for (size_t i = 0; i < n;) {
        size_t run = plain_run(g, s, i, n);
        if (run) {
            take_run(g, run);
            i += run;
            continue;
        }
        unsigned char c = s[i];
        /* this byte would be one too many of the markup it is in */
        if (g->state != S_TEXT && g->marklen >= RIAP__XML_MAX_MARKUP) {
            over(g, "markup-too-long", RIAP__XML_MAX_MARKUP);
            return scan_done(g, s, i, mark_at);
        }
        bool outside = g->state <= S_BANG_DASH || g->state == S_SKIP;
        int r = outside ? step_outside(g, c) : step_tag(g, c);
        if (r == G_OVER)
            return scan_done(g, s, i, mark_at);
        if (r != G_ON)
            continue;
        if (g->state == S_TEXT)
            g->marklen = 0;
        else if (g->marklen++ == 0) /* a '<': where the markup begins */
            mark_at = i;
        i++;
    }
    return scan_done(g, s, n, mark_at);
}
