# SPDX-License-Identifier: MIT
"""The era functions of the Python package, against the fresh build (RIAP_LIBRARY)."""
import datetime
import unittest

import riap


class ParseTest(unittest.TestCase):
    def test_range(self):
        r = riap.parse_era("令和４年度～令和６年度")
        self.assertEqual(r.start, datetime.date(2022, 4, 1))
        self.assertEqual(r.end, datetime.date(2025, 3, 31))
        self.assertEqual(r.granularity, ("fiscal-year", "fiscal-year"))
        self.assertEqual(r.eras, ("令和", "令和"))
        self.assertEqual(r.iso(), "2022-04-01/2025-03-31")
        with self.assertRaises(Exception):
            r.start = None  # frozen

    def test_documents(self):
        r = riap.parse_era("【計画期間：令和４年度～令和６年度】")
        self.assertEqual(r.label, "計画期間")
        r = riap.parse_era("令和4年4月1日（予定）")
        self.assertEqual(r.remark, "予定")
        self.assertTrue(riap.parse_era("令和4年4月頃").approximate)
        self.assertEqual(riap.parse_era("令和4年度以降").end, None)
        self.assertEqual(riap.parse_era("令和4年度以降").iso(), "2022-04-01/..")
        self.assertEqual(riap.parse_era("令和4年7月上旬").granularity, ("dekad", "dekad"))

    def test_warning_and_strict(self):
        r = riap.parse_era("令和4年4月1日（木）")
        self.assertEqual(r.warnings, ("weekday-mismatch",))
        with self.assertRaises(riap.EraError) as e:
            riap.parse_era("令和4年4月1日（木）", strict=True)
        self.assertEqual(e.exception.rule, "weekday-mismatch")

    def test_error(self):
        with self.assertRaises(riap.EraError) as e:
            riap.parse_era("令和4年2月30日")
        err = e.exception
        self.assertEqual(err.rule, "invalid-day")
        self.assertEqual(err.status_name, "RIAP_ERR_ERA")
        self.assertEqual(err.column, 7)
        self.assertEqual(err.offset, 14)
        with self.assertRaises(riap.EraError) as e:
            riap.parse_era("令和4年2月30日", lang="ja")
        self.assertIn("存在しません", e.exception.message)


class FindTest(unittest.TestCase):
    def test_find(self):
        text = "本計画は令和４年度～令和６年度とし、締切は令和5年2月30日、平成の時代。"
        found = list(riap.find_dates(text))
        self.assertEqual([m.text for m in found], ["令和４年度～令和６年度", "令和5年2月30日"])
        self.assertEqual(text[found[0].start:found[0].end], found[0].text)
        self.assertEqual(found[0].range.iso(), "2022-04-01/2025-03-31")
        self.assertIsNone(found[1].range)
        self.assertEqual(found[1].error.rule, "invalid-day")

    def test_context_times_lists(self):
        text = ("　令和7年4月1日（火）午後1時30分から説明会、同年6月30日締切。"
                "令和6年10月5日(土)・6日(日)。翌年度から実施。")
        found = list(riap.find_dates(text))
        self.assertEqual([m.text for m in found],
                         ["令和7年4月1日（火）午後1時30分から", "同年6月30日", "令和6年10月5日(土)",
                          "6日(日)", "翌年度から"])
        self.assertEqual(found[0].start, 1)  # the date itself, not the 　 before it
        for m in found:
            self.assertEqual(text[m.start:m.end], m.text)
        self.assertEqual(found[0].range.start_time, datetime.timedelta(hours=13, minutes=30))
        self.assertIsNone(found[0].range.end_time)
        self.assertEqual([m.range.context for m in found], [False, True, False, True, True])
        self.assertEqual(found[1].range.iso(), "2025-06-30/2025-06-30")
        self.assertEqual(found[4].range.iso(), "2025-04-01/..")
        r = riap.parse_era("令和7年4月1日 10:00～12:05:30")
        self.assertEqual((r.start_time, r.end_time),
                         (datetime.timedelta(hours=10), datetime.timedelta(hours=12, seconds=330)))
        with self.assertRaises(riap.EraError) as e:
            riap.parse_era("令和7年4月1日25時")
        self.assertEqual(e.exception.rule, "invalid-time")
        with self.assertRaises(riap.EraError) as e:
            riap.parse_era("同年6月30日")
        self.assertEqual(e.exception.rule, "unanchored-reference")
        self.assertEqual(riap.parse_era("令和7年4月1日及び5月1日").warnings, ("date-list",))

    def test_wrong_types(self):
        for bad in (None, b"\xe4\xbb\xa4\xe5\x92\x8c4\xe5\xb9\xb4", 42):
            with self.assertRaises(TypeError):
                riap.parse_era(bad)  # type: ignore[arg-type]
            with self.assertRaises(TypeError):
                list(riap.find_dates(bad))  # type: ignore[arg-type]

    def test_decode(self):
        text = "日時　令和７年１１月１３日\n"
        for enc in ("utf-8", "cp932", "euc_jp", "utf-16"):
            self.assertEqual(riap.decode_text(text.encode(enc)), text)
        self.assertEqual(riap.decode_text(b"\xef\xbb\xbf" + text.encode()), text)
        self.assertEqual(riap.decode_text(text.encode("cp932"), "Shift_JIS"), text)
        with self.assertRaises(riap.EraError) as e:
            riap.decode_text(b"abc\xff\xfe\xfd")
        self.assertEqual(e.exception.rule, "invalid-encoding")
        with self.assertRaises(riap.ArgumentError):
            riap.decode_text(b"abc", "latin1")
        with self.assertRaises(TypeError):
            riap.decode_text("text")  # type: ignore[arg-type]

    def test_nothing(self):
        self.assertEqual(list(riap.find_dates("令和の時代、第3期、2022件")), [])


class FormatTest(unittest.TestCase):
    def test_day(self):
        self.assertEqual(riap.format_day(datetime.date(2019, 5, 1)), "令和元年5月1日")
        self.assertEqual(riap.format_day(datetime.date(2019, 5, 1), riap.FORMAT_NUMERIC_YEAR),
                         "令和1年5月1日")
        with self.assertRaises(riap.EraError) as e:
            riap.format_day(datetime.date(1872, 12, 31))
        self.assertEqual(e.exception.rule, "before-gregorian")

    def test_fiscal_year_and_range(self):
        self.assertEqual(riap.format_fiscal_year(2019), "令和元年度")
        r = riap.parse_era("令和4年7月上旬")
        self.assertEqual(riap.format_range(r), "令和4年7月上旬")
        r = riap.parse_era("令和４年度～令和６年度")
        self.assertEqual(riap.format_range(r, riap.FORMAT_COMPACT), "令和4～6年度")


class RulesTest(unittest.TestCase):
    def test_rules(self):
        rules = {r.id: r for r in riap.rules()}
        self.assertEqual(rules["text-date"].area, "text")
        self.assertEqual((rules["out-of-era"].severity, rules["period-syntax"].severity,
                          rules["text-fullwidth-ascii"].severity), ("warning", "error", "note"))
        self.assertEqual(rules["out-of-era"].description,
                         "days wholly outside the era they are written in (an error when strict)")
        ja = {r.id: r for r in riap.rules(lang="ja")}
        self.assertIn("元号", ja["out-of-era"].description)
        rid, area, severity, _ = rules["import-code-unknown"]
        self.assertEqual((rid, area, severity), ("import-code-unknown", "import", "warning"))
        self.assertTrue(riap.library_version())


class LifetimeTest(unittest.TestCase):
    def test_many(self):
        # contexts, matches and strings are freed as they go: the resident size stays flat
        import gc
        import resource
        for _ in range(2000):
            riap.parse_era("令和4年度（予定）")
        gc.collect()
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        for _ in range(30000):
            riap.parse_era("令和4年度（予定）")
            list(riap.find_dates("令和4年度と令和5年2月30日"))
            riap.format_day(riap.parse_era("令和元年5月1日").start)
        gc.collect()
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        self.assertLess(after - before, 4 * 1024, f"peak RSS grew by {after - before} KiB")


if __name__ == "__main__":
    unittest.main()
