# SPDX-License-Identifier: MIT
"""The twin of examples/summary.c, and the smaller functions of the package."""
import datetime
import os
import subprocess
import sys
import unittest

import riap

SRC = os.environ.get("RIAP_SRCDIR", os.path.join(os.path.dirname(__file__), "..", "..", ".."))
EXAMPLE = os.path.join(SRC, "examples", "plans.xml")


def summary(path):
    """What examples/summary.c prints, in Python."""
    lines = []
    with riap.Document.load(path) as doc:
        for plan in doc:
            try:
                iso = plan.period.iso()
            except riap.EraError:
                iso = "(invalid period)"
            lines.append(f"{plan.municipality} ({plan.id}): {iso}")
            for cat in plan.categories:
                n = len(cat.projects)
                lines.append(f"  {cat.id:<15} {n} {'project' if n == 1 else 'projects'}")
    return "\n".join(lines) + "\n"


class SummaryTest(unittest.TestCase):
    def test_twin_of_summary(self):
        out = summary(EXAMPLE)
        self.assertEqual(out.count("2022-04-01/2025-03-31"), 7)
        c = os.path.join(os.environ.get("RIAP_BUILDDIR", ""), "examples", "summary")
        if os.path.exists(c):  # the C example, built beside: the same output
            self.assertEqual(subprocess.run([c, EXAMPLE], capture_output=True, text=True,
                                            check=True).stdout, out)

    def test_small_functions(self):
        self.assertEqual(riap.lgcode_find("133035"), ("東京都", "瑞穂町"))
        self.assertIsNone(riap.lgcode_find("139980"))
        self.assertTrue(riap.lgcode_check_digit_ok("131075"))
        self.assertRegex(riap.lgcode_list_date(), r"^\d{4}-\d{2}-\d{2}$")
        self.assertIn("urn:libriap:plan:1", riap.schema())
        self.assertEqual(riap.eras()[-1].name, "令和")
        self.assertEqual(riap.eras()[0].first_day, datetime.date(1868, 10, 23))
        report = riap.validate_file(EXAMPLE, stream=True)
        self.assertTrue(report.valid)
        with riap.Document.load(EXAMPLE) as doc:
            plan = doc.find_plan(doc.plans[2].id)
            self.assertEqual(plan.id, doc.plans[2].id)
            self.assertIsNone(doc.find_plan("no-such-plan"))
            self.assertEqual(plan.find_category("collaboration").id, "collaboration")


if __name__ == "__main__":
    unittest.main()
