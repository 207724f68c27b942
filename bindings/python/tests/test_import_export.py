# SPDX-License-Identifier: MIT
"""Importing a published summary and exporting documents, through the Python package."""
import csv
import io
import json
import os
import unittest

import riap

SRC = os.environ.get("RIAP_SRCDIR", os.path.join(os.path.dirname(__file__), "..", "..", ".."))
EXAMPLE = os.path.join(SRC, "examples", "plans.xml")
SOURCE = os.path.join(SRC, "tests", "data", "source", "tokyo-2022-summary.txt")


class ImportTest(unittest.TestCase):
    def test_source_document(self):
        with open(SOURCE, "rb") as f:
            doc, report = riap.import_text(f.read(), name="summary.txt")
        self.assertIsNotNone(doc)
        self.assertTrue(report.valid)
        self.assertEqual([p.id for p in doc], ["sumida-r4", "shibuya-r4", "arakawa-r4",
                                               "itabashi-r4", "ome-r4", "fussa-r4", "mizuho-r4"])
        arakawa = doc.find_plan("arakawa-r4")
        linked = [p.name for c in arakawa.categories for p in c.projects if p.also]
        self.assertEqual(len(linked), 4)
        self.assertTrue(doc.validate().valid)

    def test_failure_is_located(self):
        doc, report = riap.import_text("「墨田区地域産業活性化計画」 （墨田区）\n本文。\n",
                                       name="x.txt")
        self.assertIsNone(doc)
        errors = [d for d in report if d.severity == "error"]
        self.assertEqual([(d.rule, d.file, d.line, d.column) for d in errors],
                         [("import-no-period", "x.txt", 1, 21)])
        doc, report = riap.import_text(b"\xff\xfe")
        self.assertIsNone(doc)
        self.assertEqual(report.diagnostics[0].rule, "import-encoding")


class ExportTest(unittest.TestCase):
    def test_formats(self):
        with riap.Document.load(EXAMPLE) as doc:
            data = json.loads(doc.export())
            self.assertEqual(len(data["plans"]), 7)
            self.assertEqual(data["plans"][0]["period"],
                             {"text": "令和４年度～令和６年度", "start": "2022-04-01",
                              "end": "2025-03-31"})
            rows = list(csv.reader(io.StringIO(doc.export("csv").decode("utf-8"), newline="")))
            self.assertEqual(rows[0][:3], ["plan_id", "municipality", "code"])
            self.assertEqual(len(rows) - 1, sum(len(c.projects) for p in doc
                                                for c in p.categories))
            plans = doc.export("csv-plans", bom=True)
            self.assertTrue(plans.startswith(b"\xef\xbb\xbfplan_id,title,"))
            with self.assertRaises(riap.ArgumentError):
                doc.export("xml")


if __name__ == "__main__":
    unittest.main()
