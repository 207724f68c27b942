# SPDX-License-Identifier: MIT
"""Plan documents through the Python package: load, read, validate, normalize, save."""
import gc
import os
import resource
import unittest

import riap

SRC = os.environ.get("RIAP_SRCDIR", os.path.join(os.path.dirname(__file__), "..", "..", ".."))
EXAMPLE = os.path.join(SRC, "examples", "plans.xml")


class DocumentTest(unittest.TestCase):
    def test_read(self):
        with riap.Document.load(EXAMPLE) as doc:
            self.assertEqual(len(doc), 7)
            plan = doc.plans[0]
            self.assertEqual(plan.prefecture, "東京都")
            self.assertEqual(plan.period.iso(), "2022-04-01/2025-03-31")
            self.assertEqual(plan.period_text, "令和４年度～令和６年度")
            self.assertTrue(plan.overview)
            self.assertEqual([c.id for c in plan.categories][:1], ["collaboration"])
            names = [p.name for c in plan.categories for p in c.projects]
            self.assertTrue(names and all(names))
            self.assertEqual(doc.meta("approver"), "東京都")

    def test_children_keep_the_document_alive(self):
        plan = riap.Document.load(EXAMPLE).plans[3]
        gc.collect()  # the Document has no name left: the plan holds it
        self.assertTrue(plan.municipality)
        cats = plan.categories
        del plan
        gc.collect()
        self.assertTrue(cats[0].heading)

    def test_validate_and_round_trip(self):
        with riap.Document.load(EXAMPLE) as doc:
            report = doc.validate()
            self.assertTrue(report.valid)
            self.assertEqual(report.errors, 0)
            data = doc.to_bytes()
            again = riap.Document.from_bytes(data)
            self.assertEqual(doc, again)
            again.close()
            with self.assertRaises(ValueError):
                again.plans

    def test_validate_file_and_errors(self):
        report = riap.validate_file(EXAMPLE, strict=True)
        self.assertEqual(report.errors, 0)
        bad = EXAMPLE.replace("plans.xml", "no-such-file.xml")
        with self.assertRaises(riap.LoadError) as e:
            riap.validate_file(bad)
        self.assertEqual(e.exception.rule, "io")
        with self.assertRaises(riap.LoadError) as e:
            riap.Document.from_bytes(b"<document")
        self.assertEqual(e.exception.rule, "xml-syntax")
        self.assertEqual(e.exception.line, 1)

    def test_normalize(self):
        with riap.Document.load(EXAMPLE) as doc:
            report = doc.normalize()
            self.assertTrue(all(d.severity == "note" for d in report))
            self.assertEqual(doc.normalize().diagnostics, ())  # twice = once

    def test_normalize_lines_and_comments(self):
        with open(EXAMPLE, "rb") as f:
            data = f.read()
        data = data.replace(b"<document", "<!-- 担当 -->\n<document".encode(), 1)
        data = data.replace("製造業が一貫して減少し、".encode(), "製造業が\n　一貫して減少し、".encode(), 1)
        with riap.Document.from_bytes(data) as doc:
            report = doc.normalize(lang="ja")
            joined = [d for d in report if "改行の結合" in d.message]
            self.assertEqual(len(joined), 1)
            out = doc.to_bytes()
            self.assertIn("製造業が一貫して減少し、".encode(), out)
            self.assertIn("<!-- 担当 -->\n<document".encode(), out)
            dropped = doc.normalize(drop_comments=True)
            self.assertEqual([d.rule for d in dropped], ["normalized-comment"])
            self.assertNotIn(b"<!--", doc.to_bytes())

    def test_no_growth(self):
        # load, read and validate many times: the resident size stays flat
        def cycle():
            with riap.Document.load(EXAMPLE) as doc:
                doc.validate()
                [p.period for p in doc]
        for _ in range(50):
            cycle()
        gc.collect()
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        for _ in range(3000):
            cycle()
        gc.collect()
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        self.assertLess(after - before, 8 * 1024, f"peak RSS grew by {after - before} KiB")


if __name__ == "__main__":
    unittest.main()
