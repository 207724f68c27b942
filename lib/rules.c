/* SPDX-License-Identifier: MIT */
/* rules: the table of lib/rules.def (every rule id with its area, severity, description and,
 * for the rules that have one, the message template) and the calls that read it. Test builds
 * check each diagnostic's rule and severity against it (riap__rule_check), so the list that
 * bindings and documentation enumerate (riap_rule_count, riap_rule_id) is never out of date. */
#include "config.h"

#include "core_int.h"

#include <stdlib.h>
#include <string.h>

typedef struct rule {
    const char *id, *area;
    riap_severity severity;
    const char *en, *ja;         /* the description */
    const char *msg_en, *msg_ja; /* the message template, or NULL */
} rule;

static const rule rules[] = {
#define RIAP__RULE(name, id, area, sev, en, ja, msg_en, msg_ja)                                    \
    {id, area, RIAP_SEVERITY_##sev, en, ja, msg_en, msg_ja},
#include "rules.def"
#undef RIAP__RULE
};
static const size_t nrules = sizeof rules / sizeof rules[0];

size_t riap_rule_count(void)
{
    return nrules;
}

const char *riap_rule_id(size_t i)
{
    return i < nrules ? rules[i].id : NULL;
}

const char *riap_rule_area(size_t i)
{
    return i < nrules ? rules[i].area : NULL;
}

const char *riap_rule_description(size_t i, unsigned int options)
{
    if (i >= nrules)
        return NULL;
    return (options & RIAP_OPT_LANG_JA) ? rules[i].ja : rules[i].en;
}

riap_severity riap_rule_severity(size_t i)
{
    return i < nrules ? rules[i].severity : (riap_severity)0;
}

riap_severity riap__rule_severity(riap__rule r)
{
    return rules[r].severity;
}

const char *riap__rule_message(riap__rule r, bool ja)
{
    return ja ? rules[r].msg_ja : rules[r].msg_en;
}

const char *riap__rule_format(riap__rule r, bool ja)
{
    const char *t = riap__rule_message(r, ja);
    return t ? t : ja ? rules[r].ja : rules[r].en; /* descriptions hold no conversion */
}

const char *riap__rule_name(riap__rule r)
{
    return rules[r].id;
}

size_t riap_rule_index(const char *id)
{
    if (id)
        for (size_t i = 0; i < nrules; i++)
            if (!strcmp(rules[i].id, id))
                return i;
    return (size_t)-1;
}

#ifdef RIAP_TESTING
void riap__rule_check(const char *id, riap_severity sev)
{
    size_t i = riap_rule_index(id);
    if (i == (size_t)-1)
        abort(); /* a rule id that lib/rules.def does not list */
    /* a warning is raised as an error in strict mode; notes and errors are what they are */
    riap_severity want = rules[i].severity;
    if (want == RIAP_SEVERITY_WARNING ? sev == RIAP_SEVERITY_NOTE : sev != want)
        abort(); /* a rule raised with another severity than lib/rules.def says */
}
#endif
