#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes riap-era(7) from doc/era-expressions.md, so that the grammar is written once.

Usage: md2man.py era-expressions.md > riap-era.7   (tests/test_cli.sh checks the page is current)
Handles what that file uses: '## ' sections, paragraphs, '- ' lists, pipe tables (one .TP per
row), ``` blocks, `code` and [links](...)."""
import re
import sys

HEADER = [
    '.\\" SPDX-License-Identifier: MIT',
    '.\\" Written by doc/md2man.py from doc/era-expressions.md: edit that file, not this one.',
    '.TH RIAP-ERA 7 "2026-11-30" "libriap 0.1.0" "Miscellaneous"',
    '.SH NAME',
    'riap-era \\- the Japanese era date expressions libriap reads and writes',
]


def inline(text):
    text = text.replace('\\', '\\e')
    text = re.sub(r'`([^`]*)`', lambda m: '\\fB' + m.group(1) + '\\fR', text)
    text = re.sub(r'\[([^\]]*)\]\([^)]*\)', r'\1', text)
    return text


def convert(md):
    out = list(HEADER)
    lines = md.split('\n')
    i, code = 0, False
    while i < len(lines):
        line = lines[i]
        if line.startswith('# '):
            i += 1
        elif line.startswith('```'):
            out.append('.nf' if not code else '.fi')
            code = not code
            i += 1
        elif code:
            out.append(inline(line))
            i += 1
        elif line.startswith('## '):
            out.append('.SH ' + line[3:].upper())
            i += 1
        elif line.startswith('|'):
            rows = []
            while i < len(lines) and lines[i].startswith('|'):
                rows.append([c.strip() for c in lines[i].strip().strip('|').split('|')])
                i += 1
            head = rows[0]
            for row in rows[2:]:
                out.append('.TP')
                out.append(inline(row[0]))
                out.append(inline('; '.join(f'{h}: {c}' for h, c in zip(head[1:], row[1:]) if c)))
        elif line.startswith('- '):
            item = [line[2:]]
            i += 1
            while i < len(lines) and lines[i].startswith('  '):
                item.append(lines[i].strip())
                i += 1
            out.append('.IP \\(bu 2')
            out.append(inline(' '.join(item)))
        elif not line.strip():
            if not out[-1].startswith(('.SH', '.PP')):
                out.append('.PP')
            i += 1
        else:
            para = []
            while i < len(lines) and lines[i].strip() and not lines[i].startswith(('|', '- ', '## ', '```')):
                para.append(lines[i])
                i += 1
            out.append(inline(' '.join(para)))
    out += ['.SH SEE ALSO', '.BR riap (1)']
    # a text line may not start with a control character
    return '\n'.join('\\&' + l if l[:1] in ("'",) or (l[:1] == '.' and not re.match(
        r"^\.(TH|SH|PP|TP|IP|nf|fi|BR|\\\")", l)) else l for l in out) + '\n'


if __name__ == '__main__':
    with open(sys.argv[1], encoding='utf-8') as f:
        sys.stdout.write(convert(f.read()))
