/* SPDX-License-Identifier: MIT */
/* rules: every rule id the library reports, in one table, with its area and a description.
 * Test builds check that each diagnostic's rule is in it, with its severity (riap__rule_check),
 * so the list that
 * bindings and documentation enumerate (riap_rule_count, riap_rule_id) is never out of date. */
#include "config.h"

#include "core_int.h"

#include <stdlib.h>
#include <string.h>

typedef struct rule {
    const char *id, *area, *en, *ja;
} rule;

static const rule rules[] = {
    /* calls */
    {"argument", "api", "a required argument is NULL or out of range", "引数が NULL か範囲外です"},
    {"nomem", "api", "memory ran out", "メモリが足りません"},
    {"icu", "api", "ICU's data could not be loaded", "ICU のデータを読み込めません"},
    /* era expressions */
    {"empty", "era", "the expression is empty", "式が空です"},
    {"too-long", "era", "the expression is longer than 1024 bytes",
     "式が 1024 バイトを超えています"},
    {"invalid-utf8", "era", "the text is not well-formed UTF-8", "UTF-8 として不正です"},
    {"syntax", "era", "the text is not an era expression", "和暦の式として読めません"},
    {"unknown-era", "era", "an era name that is not in the era table", "元号表にない元号です"},
    {"incomplete", "era", "a part the expression needs is missing", "式に必要な部分が欠けています"},
    {"trailing-text", "era", "text after a complete expression", "式の後に余分な文字があります"},
    {"number-too-large", "era", "a number with too many digits", "数の桁が多すぎます"},
    {"invalid-numeral", "era", "kanji digits that are no numeral from 〇 to 九十九",
     "〇～九十九 の漢数字ではありません"},
    {"invalid-year", "era", "year 0", "0 年は存在しません"},
    {"invalid-month", "era", "a month that does not exist", "存在しない月です"},
    {"invalid-day", "era", "a day past the end of its month", "存在しない日です"},
    {"year-out-of-range", "era", "a year after 9999", "9999 年より後の年です"},
    {"before-gregorian", "era",
     "a day before 1873-01-01, when Japan adopted the Gregorian calendar",
     "グレゴリオ暦採用 (1873-01-01) より前の日です"},
    {"out-of-era", "era", "days wholly outside the era they are written in (an error when strict)",
     "元号の期間外です (厳格モードではエラー)"},
    {"reversed-range", "era", "a range that starts after it ends", "範囲の開始が終了より後です"},
    {"weekday-mismatch", "era", "a weekday note that is not the day's (an error when strict)",
     "曜日の注記が日付と合いません (厳格モードではエラー)"},
    {"note-mismatch", "era", "a note that gives another year or day (an error when strict)",
     "注記の年・日が一致しません (厳格モードではエラー)"},
    {"duration-mismatch", "era", "a duration note the range does not span (an error when strict)",
     "期間の注記が範囲と一致しません (厳格モードではエラー)"},
    {"unknown-note", "era", "a parenthesis with a number that is no note",
     "数を含む括弧が注記として読めません"},
    {"invalid-quarter", "era", "a quarter other than 1 to 4", "第1～第4 以外の四半期です"},
    {"invalid-decade", "era", "a decade that does not start at a year ending in 0",
     "0 で終わる年から始まらない年代です"},
    {"invalid-duration", "era", "a duration other than 1 to 1000", "1～1000 以外の期間です"},
    {"invalid-date", "era", "a day that is not a valid Gregorian date", "正しい日付ではありません"},
    {"invalid-range", "era", "a range to format that has no valid end", "書式化できない範囲です"},
    {"unaligned-range", "era", "a range end that is not the first or last day of its unit",
     "範囲の端が単位の初日・末日ではありません"},
    {"iso-date", "era", "text that is not an ISO 8601 day (YYYY-MM-DD)",
     "ISO 8601 の日付 (YYYY-MM-DD) ではありません"},
    {"bad-era-definition", "era", "an era that cannot be added", "追加できない元号の定義です"},
    {"bad-supplemental-era", "era", "RIAP_SUPPLEMENTAL_ERA that cannot be used (ignored)",
     "RIAP_SUPPLEMENTAL_ERA を使えません (無視します)"},
    /* reading plan files */
    {"io", "load", "a file that cannot be read or written", "ファイルを読み書きできません"},
    {"too-large", "load", "a document over the size limit", "文書が上限を超えています"},
    {"empty-document", "load", "no XML at all", "XML がありません"},
    {"unsupported-encoding", "load", "an encoding the library does not read",
     "読めない文字コードです"},
    {"invalid-encoding", "load", "bytes that are not well-formed in the document's encoding",
     "文字コードとして不正なバイトがあります"},
    {"nul-byte", "load", "a NUL byte in the document", "NUL バイトがあります"},
    {"doctype", "load", "a DOCTYPE (refused before any DTD work)", "DOCTYPE は使えません"},
    {"xml-syntax", "load", "text that is not well-formed XML", "整形式の XML ではありません"},
    {"schema", "load", "the document breaks the schema", "スキーマに違反しています"},
    {"id-duplicate", "load", "two plans with one id", "計画の id が重複しています"},
    {"category-duplicate", "load", "a category twice in one plan", "区分が重複しています"},
    {"invalid-text", "load", "text the model does not accept (a control character)",
     "使えない文字があります"},
    {"too-many-attributes", "load", "more than 256 attributes in one start tag",
     "一つの開始タグの属性が 256 を超えています"},
    {"too-many-namespaces", "load", "more than 32 namespace declarations in one start tag",
     "一つの開始タグの名前空間宣言が 32 を超えています"},
    {"name-too-long", "load", "a name over 1024 bytes", "名前が 1024 バイトを超えています"},
    {"value-too-long", "load", "an attribute value over 64 KiB", "属性値が 64 KiB を超えています"},
    {"too-deep", "load", "elements nested over 64 deep", "要素の入れ子が 64 を超えています"},
    {"text-too-long", "load", "over 256 KiB of text between two tags",
     "タグ間のテキストが 256 KiB を超えています"},
    {"plan-too-large", "load", "a plan over 8 MiB when streaming (schema check only)",
     "ストリーム読み込みで 8 MiB を超える計画です (スキーマ検査のみ)"},
    {"too-many-diagnostics", "load", "more diagnostics than a report keeps", "診断が多すぎます"},
    {"incomplete-plan", "save", "a plan that lacks what a plan file must have",
     "計画に必要な項目がありません"},
    /* the rules of a plan */
    {"period-syntax", "plan", "a period that is not an era range",
     "計画期間が和暦の期間ではありません"},
    {"period-out-of-era", "plan", "a period with a year outside its era",
     "計画期間に元号の期間外の年があります"},
    {"period-mismatch", "plan", "stored days that are not the period text's",
     "計画期間の日付が本文と一致しません"},
    {"period-dates-missing", "plan", "a period without its from/to days",
     "計画期間に from/to の日付がありません"},
    {"period-reversed", "plan", "a period that ends before it starts", "計画期間が逆順です"},
    {"period-not-fiscal-years", "plan", "a period that is not whole fiscal years",
     "計画期間が年度単位ではありません"},
    {"period-overlap", "plan", "two periods of one municipality that overlap",
     "同じ市区町村の計画期間が重なっています"},
    {"code-check-digit", "plan", "a local-government code with a wrong check digit",
     "地方公共団体コードの検査数字が誤っています"},
    {"code-prefecture", "plan", "a code of another prefecture", "コードの都道府県が異なります"},
    {"code-name-mismatch", "plan", "a code of another municipality",
     "コードと市区町村名が一致しません"},
    {"code-unknown", "plan", "a code not in the bundled list", "一覧にないコードです"},
    {"prefecture-unknown", "plan", "a prefecture that does not exist", "存在しない都道府県です"},
    {"title-municipality", "plan", "a title that does not name the municipality",
     "表題に市区町村名がありません"},
    {"category-unknown", "plan", "a category the approval round does not have",
     "認定回にない区分です"},
    {"category-order", "plan", "categories out of their order", "区分の順序が違います"},
    {"category-missing", "plan", "a category the approval round requires is missing",
     "必要な区分がありません"},
    {"project-empty-name", "plan", "a project without a name", "事業名が空です"},
    {"project-duplicate", "plan", "one project twice in a category", "事業が重複しています"},
    {"link-unresolved", "plan", "a link to a category or figure that is not there",
     "参照先がありません"},
    {"text-control-character", "text", "a tab or line break in a text",
     "テキストにタブまたは改行があります"},
    {"text-whitespace", "text", "white space at a text's ends, or runs of it",
     "テキストの前後に空白があるか、空白が連続しています"},
    {"text-fullwidth-ascii", "text", "full-width letters or digits (a note)",
     "全角英数字があります (注記)"},
    {"text-date", "text", "a wrong date in a text", "テキスト中の日付に誤りがあります"},
    /* what riap_normalize changed */
    {"normalized-text", "normalize", "a text that normalization changed",
     "正規化で変更したテキストです"},
    {"normalized-period", "normalize", "a period whose days normalization filled in",
     "正規化で日付を補った計画期間です"},
    /* riap_import_text: the published summaries */
    {"import-encoding", "import", "text that is neither UTF-8 nor Shift_JIS (CP932)",
     "UTF-8 でも Shift_JIS (CP932) でもないテキストです"},
    {"import-control-character", "import", "a control character in the text",
     "テキストに制御文字があります"},
    {"import-no-plan", "import", "no plan header in the text", "計画の見出しがありません"},
    {"import-no-period", "import", "a plan header without its period (【計画期間：…】)",
     "計画期間のない計画の見出しです"},
    {"import-period", "import", "a plan period that the era engine does not read as a range",
     "和暦の期間として読めない計画期間です"},
    {"import-municipality", "import",
     "a municipality the list of local governments does not know, or names several times",
     "地方公共団体の一覧にない、または複数に当たる市区町村名です"},
    {"import-no-overview", "import", "a plan without an overview paragraph",
     "概要の段落がない計画です"},
    {"import-no-category", "import", "a plan without a category of initiatives",
     "取組の区分がない計画です"},
    {"import-unclosed-list", "import", "a project list whose parenthesis is never closed",
     "括弧が閉じていない事業の一覧です"},
    {"import-unplaced", "import",
     "text the model has no place for (a warning: it is named, not kept)",
     "モデルに入れる場所のないテキストです (警告: 位置を示し、取り込みません)"},
    {"import-skipped", "import", "a line left out as a page number or page header (a note)",
     "ページ番号・ページの見出しとして除いた行です (注記)"},
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

size_t riap_rule_index(const char *id)
{
    if (id)
        for (size_t i = 0; i < nrules; i++)
            if (!strcmp(rules[i].id, id))
                return i;
    return (size_t)-1;
}

#ifdef RIAP_TESTING
/* The severity of each rule that is not an error: 'W' a warning (an error in strict mode),
 * 'N' a note, 'V' either a warning or an error (the import's municipality: an error when
 * nothing can be placed, a warning when only the code is missing). Every other rule is an
 * error. */
static const struct {
    const char *id;
    char severity;
} not_errors[] = {
    {"bad-supplemental-era", 'W'},
    {"out-of-era", 'W'},
    {"weekday-mismatch", 'W'},
    {"note-mismatch", 'W'},
    {"duration-mismatch", 'W'},
    {"period-out-of-era", 'W'},
    {"period-dates-missing", 'W'},
    {"period-not-fiscal-years", 'W'},
    {"code-unknown", 'W'},
    {"title-municipality", 'W'},
    {"period-overlap", 'W'},
    {"text-whitespace", 'W'},
    {"text-date", 'W'},
    {"import-unplaced", 'W'},
    {"plan-too-large", 'W'},
    {"text-fullwidth-ascii", 'N'},
    {"normalized-text", 'N'},
    {"normalized-period", 'N'},
    {"import-skipped", 'N'},
    {"too-many-diagnostics", 'N'},
    {"import-municipality", 'V'},
};

void riap__rule_check(const char *id, riap_severity sev)
{
    if (riap_rule_index(id) == (size_t)-1)
        abort(); /* a rule id that lib/rules.c does not list */
    char want = 'E';
    for (size_t i = 0; i < sizeof not_errors / sizeof not_errors[0]; i++)
        if (!strcmp(not_errors[i].id, id))
            want = not_errors[i].severity;
    bool ok = want == 'V'   ? sev != RIAP_SEVERITY_NOTE
              : want == 'N' ? sev == RIAP_SEVERITY_NOTE
              : want == 'W' ? sev != RIAP_SEVERITY_NOTE /* strict mode makes it an error */
                            : sev == RIAP_SEVERITY_ERROR;
    if (!ok)
        abort(); /* a rule raised with another severity than lib/rules.c says */
}
#endif
