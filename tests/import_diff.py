#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Compares two plan documents item by item and prints what differs, one item per line:
PLAN<TAB>ITEM<TAB>IN-A<TAB>IN-B (a missing item is "-"). Items are the metadata fields, and per
plan: title, municipality (name, kind, prefecture, code), period (text, from, to), each overview
paragraph and vision, the scheme, each category's heading and description, its projects with
their links, and the figures with their categories. Standard library only.

usage: import_diff.py A.xml B.xml"""
import sys
import xml.etree.ElementTree as ET

NS = "{urn:libriap:plan:1}"


def items(path):
    root = ET.parse(path).getroot()
    out = {}
    meta = root.find(NS + "metadata")
    if meta is not None:
        for el in meta.iter():
            if el is meta or el.tag == NS + "source":
                continue
            name = el.tag.replace(NS, "")
            if (el.text or "").strip():
                out[("-", "metadata/" + name)] = el.text.strip()
            for k, v in sorted(el.attrib.items()):
                out[("-", "metadata/%s/@%s" % (name, k))] = v
    for plan in root.findall(NS + "plan"):
        pid = plan.get("id")

        def put(item, value):
            out[(pid, item)] = value

        put("title", plan.findtext(NS + "title"))
        m = plan.find(NS + "municipality")
        put("municipality", "%s %s %s %s" % (m.text, m.get("kind"), m.get("prefecture"),
                                             m.get("code") or "-"))
        p = plan.find(NS + "period")
        put("period", "%s %s/%s" % (p.text, p.get("from") or "..", p.get("to") or ".."))
        for i, para in enumerate(plan.find(NS + "overview").findall(NS + "p"), 1):
            put("overview/p[%d]" % i, para.text)
        for i, v in enumerate(plan.findall(NS + "vision"), 1):
            put("vision[%d]" % i, v.text)
        ini = plan.find(NS + "initiatives")
        put("scheme", ini.get("scheme") or "tokyo-2022")
        for c in ini.findall(NS + "category"):
            cid = c.get("id")
            put("category[%s]/heading" % cid, c.findtext(NS + "heading"))
            d = c.findtext(NS + "description")
            if d is not None:
                put("category[%s]/description" % cid, d)
            for i, pr in enumerate(c.findall(NS + "project"), 1):
                also = ",".join(a.get("category") for a in pr.findall(NS + "also"))
                put("category[%s]/project[%d]" % (cid, i),
                    pr.findtext(NS + "name") + (" +" + also if also else ""))
        for i, f in enumerate(plan.findall(NS + "figure"), 1):
            put("figure[%d]" % i, f.text + (" @" + f.get("category") if f.get("category") else ""))
    return out


def main():
    a, b = items(sys.argv[1]), items(sys.argv[2])
    for key in sorted(set(a) | set(b), key=lambda k: (k[0], k[1])):
        if a.get(key) != b.get(key):
            print("%s\t%s\t%s\t%s" % (key[0], key[1], a.get(key, "-"), b.get(key, "-")))


if __name__ == "__main__":
    main()
