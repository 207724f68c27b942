/* SPDX-License-Identifier: MIT */
/* xml_schema: the plan schema compiled into the library (schema/riap-1.xsd), parsed once
 * per process and immutable afterwards. */
#include "config.h"

#include "xml_priv.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>

/* ---- the compiled-in schema, parsed once per process and immutable afterwards ---- */

static pthread_once_t schema_once = PTHREAD_ONCE_INIT;
static xmlSchemaPtr schema;

static void ignore_error(void *data, xmlErrorPtr err)
{
    (void)data;
    (void)err;
}

/* Removes the identity constraints (xs:key, xs:keyref, xs:unique) from a schema document.
 * libxml2's validator keeps their tables for the whole document (about 1 KiB a plan in a
 * stream); the library checks the same constraints itself, in less memory (see read_plan). */
static void strip_identity_constraints(xmlNodePtr n)
{
    for (xmlNodePtr c = n ? n->children : NULL, next; c; c = next) {
        next = c->next;
        if (c->type != XML_ELEMENT_NODE)
            continue;
        const char *nm = (const char *)c->name;
        if (!strcmp(nm, "key") || !strcmp(nm, "keyref") || !strcmp(nm, "unique")) {
            xmlUnlinkNode(c);
            xmlFreeNode(c);
        } else {
            strip_identity_constraints(c);
        }
    }
}

static void schema_init(void)
{
    xmlInitParser(); /* not reentrant in 2.9.14: only ever called here, once */
    xmlDocPtr xsd = xmlReadMemory(riap__schema_xsd, (int)riap__schema_xsd_len, NULL, "UTF-8",
                                  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!xsd)
        return;
    strip_identity_constraints(xmlDocGetRootElement(xsd));
    xmlSchemaParserCtxtPtr pc = xmlSchemaNewDocParserCtxt(xsd);
    if (pc) {
        xmlSchemaSetParserStructuredErrors(pc, ignore_error, NULL);
        schema = xmlSchemaParse(pc);
        xmlSchemaFreeParserCtxt(pc);
    }
    xmlFreeDoc(xsd);
}

xmlSchemaPtr riap__xml_schema(void)
{
    pthread_once(&schema_once, schema_init);
    return schema;
}

const char *riap_schema_text(size_t *len)
{
    if (len)
        *len = riap__schema_xsd_len;
    return riap__schema_xsd;
}
