#!/usr/bin/env python3
"""Print the executable cells of Markdown files as a CommonMark reader sees them.

The reference reader for the notebook format: Tests/SSRNotebookTests/Format/
ReaderAgreementTests.swift compares its answer with `Notebook.parse` on every notebook and on
tricky cases. Needs markdown-it-py (`python3 -m pip install markdown-it-py`), used in its
CommonMark mode.

Rule (README, "Notebook format"): a cell is a fenced code block at the top level of the
document (not inside a block quote or a list item) whose info string, as written and trimmed of
spaces and tabs, is exactly `ssr`. A leading UTF-8 byte order mark is ignored.

Usage: scripts/commonmark_cells.py FILE...
Prints one JSON array: for each file, {"file": FILE, "cells": [{"line": N, "code": TEXT}]}, where
N is the 1-based line of the opening fence and TEXT the cell's code, each line ended by "\\n".
Exit status 2 when markdown-it-py is missing.
"""

import json
import sys

try:
    from markdown_it import MarkdownIt
except ImportError:
    sys.stderr.write("markdown-it-py is not installed: python3 -m pip install markdown-it-py\n")
    sys.exit(2)

CELL_INFO = "ssr"


def cells(text):
    """The executable cells of the Markdown `text`, in order."""
    tokens = MarkdownIt("commonmark").parse(text)
    found = []
    for token in tokens:
        if token.type == "fence" and token.level == 0 and token.info.strip(" \t") == CELL_INFO:
            code = token.content
            if code and not code.endswith("\n"):
                code += "\n"  # an unclosed fence on the file's last line, which has no line break
            found.append({"line": token.map[0] + 1, "code": code})
    return found


def main(paths):
    result = []
    for path in paths:
        with open(path, encoding="utf-8-sig", errors="replace", newline="") as handle:
            result.append({"file": path, "cells": cells(handle.read())})
    json.dump(result, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1:])
