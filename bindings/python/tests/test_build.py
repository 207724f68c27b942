# SPDX-License-Identifier: MIT
"""Building a plan from Python: the twin of examples/build_plan.c."""
import os
import tempfile
import unittest

import riap


def build_plan(path):
    """What examples/build_plan.c does, in Python."""
    doc = riap.Document.new()
    plan = doc.add_plan("sumida-r4")
    plan.set_title("墨田区地域産業活性化計画")
    plan.set_municipality("墨田区", "区", "東京都", "131075")
    plan.set_period("令和４年度～令和６年度")
    plan.add_overview("ベンチャーとものづくり企業の協働を推進していく。")
    collab = plan.add_category("collaboration", "(１)多様な主体との連携を図る取組")
    project = collab.add_project("すみだモダンパートナーシップ連携事業")
    plan.add_category("transformation", "(２)社会構造の変革への対応に係る取組")
    project.add_also("transformation")
    plan.add_figure("すみだモダンのロゴ")
    doc.save(path)
    return doc


class BuildTest(unittest.TestCase):
    def test_twin_of_build_plan(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "built.xml")
            built = build_plan(path)
            with riap.Document.load(path) as doc:
                self.assertEqual(doc, built)
                plan = doc.plans[0]
                self.assertEqual(plan.municipality_kind, "区")
                self.assertEqual(plan.period.iso(), "2022-04-01/2025-03-31")
                self.assertEqual(plan.categories[0].projects[0].also, ["transformation"])
                self.assertEqual(plan.figures[0].caption, "すみだモダンのロゴ")
                self.assertTrue(doc.validate().valid, list(doc.validate()))

    def test_refusals(self):
        doc = riap.Document.new()
        plan = doc.add_plan("a")
        with self.assertRaises(riap.EraError) as e:
            plan.set_period("令和0年度")
        self.assertEqual(e.exception.rule, "invalid-year")
        with self.assertRaises(riap.ArgumentError):
            plan.set_municipality("墨田区", "県庁", "東京都")
        with self.assertRaises(riap.ArgumentError) as e:
            doc.add_plan("a")  # the same id twice
        self.assertEqual(e.exception.rule, "id-duplicate")
        self.assertIn("a plan 'a' already", e.exception.message)
        cat = plan.add_category("collaboration", "連携")
        project = cat.add_project("展示会出展支援")
        with self.assertRaises(riap.ArgumentError) as e:
            project.add_also("other")
        self.assertEqual(e.exception.rule, "argument")
        self.assertIn("has no category 'other'", e.exception.message)
        with self.assertRaises(riap.RiapError) as e:
            plan.set_title("前半\x01後半")
        self.assertEqual(e.exception.rule, "invalid-text")
        with self.assertRaises(riap.ArgumentError) as e:
            plan.add_category("Bad", "見出し")
        self.assertIn("'Bad' is not an identifier", e.exception.message)


if __name__ == "__main__":
    unittest.main()
