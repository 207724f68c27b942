# SPDX-License-Identifier: MIT
"""A host program's mistakes get Python's errors, never a crash, a cut value or freed memory."""
import os
import tempfile
import unittest

import riap

EXAMPLE = os.path.join(os.path.dirname(__file__), "..", "..", "..", "examples", "plans.xml")


class ClosedDocumentTest(unittest.TestCase):
    def test_parts_after_with_block(self):
        with riap.Document.load(EXAMPLE) as doc:
            plans = list(doc)
            cats = plans[0].categories
            projects = cats[0].projects
        for call in (lambda: plans[0].title, lambda: plans[0].overview,
                     lambda: plans[0].add_overview("x" * 100), lambda: cats[0].heading,
                     lambda: cats[0].add_project("事業"), lambda: projects[0].name,
                     lambda: projects[0].add_also("transformation"), lambda: plans[0].period):
            with self.assertRaisesRegex(ValueError, "closed"):
                call()

    def test_parts_after_close(self):
        doc = riap.Document.new()
        plan = doc.add_plan("a")
        doc.close()
        with self.assertRaisesRegex(ValueError, "closed"):
            plan.set_title("x")
        with self.assertRaisesRegex(ValueError, "closed"):
            plan.set_period("令和4年度")
        with self.assertRaisesRegex(ValueError, "closed"):
            doc.add_plan("b")
        doc.close()  # twice is harmless


class TextArgumentTest(unittest.TestCase):
    def setUp(self):
        self.doc = riap.Document.new()
        self.plan = self.doc.add_plan("a")
        self.cat = self.plan.add_category("collaboration", "(1)連携")

    def tearDown(self):
        self.doc.close()

    def test_nul_is_refused_not_cut(self):
        self.plan.set_title("墨田区地域産業活性化計画")
        with self.assertRaisesRegex(ValueError, "NUL"):
            self.plan.set_title("墨田区\x00地域産業活性化計画")
        self.assertEqual(self.plan.title, "墨田区地域産業活性化計画")  # unchanged
        with self.assertRaisesRegex(ValueError, "NUL"):
            self.cat.add_project("事業\x00A")
        self.assertEqual(self.cat.projects, [])
        with self.assertRaisesRegex(ValueError, "NUL"):
            self.plan.set_period("令和4年度\x00～令和6年度")
        self.assertIsNone(self.plan.period_text)

    def test_wrong_types(self):
        with self.assertRaises(TypeError):
            self.doc.add_plan(123)  # type: ignore[arg-type]
        with self.assertRaises(TypeError):
            self.plan.set_title(b"bytes")  # type: ignore[arg-type]
        with self.assertRaises(UnicodeEncodeError):
            self.plan.set_title("\ud800")

    def test_nul_in_file_name(self):
        with tempfile.TemporaryDirectory() as d:
            with self.assertRaisesRegex(ValueError, "null byte"):
                riap.Document.load(os.path.join(d, "a.xml\x00b"))
            with self.assertRaisesRegex(ValueError, "null byte"):
                self.doc.save(os.path.join(d, "a.xml\x00b"))
            self.assertEqual(os.listdir(d), [])

    def test_save_error(self):
        with tempfile.TemporaryDirectory() as d:  # a plan without its parts cannot be saved
            with self.assertRaises(riap.SaveError) as cm:
                self.doc.save(os.path.join(d, "a.xml"))
            self.assertEqual(cm.exception.rule, "incomplete-plan")
            self.assertEqual(os.listdir(d), [])

    def test_argument_error_names_its_rule(self):
        with self.assertRaises(riap.ArgumentError) as cm:
            self.plan.set_period(None)  # type: ignore[arg-type]
        self.assertEqual(cm.exception.rule, "argument")


if __name__ == "__main__":
    unittest.main()
