"""English is the source language: fill each empty msgstr of the English catalogue with its msgid.

Run by ``make translations`` after ``pybabel update``; a translator may still override an English wording.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po


def fill(po_path: Path) -> int:
    with po_path.open("rb") as fh:
        catalog = read_po(fh, locale="en")
    filled = 0
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            if not message.string or not all(message.string):
                message.string = tuple(message.id)
                filled += 1
        elif not message.string:
            message.string = message.id
            filled += 1
        message.flags.discard("fuzzy")
    with po_path.open("wb") as fh:
        write_po(fh, catalog, width=0, omit_header=False)
    return filled


if __name__ == "__main__":
    path = Path(sys.argv[1] if len(sys.argv) > 1 else "translations/en/LC_MESSAGES/stegvis.po")
    print(f"filled {fill(path)} English entries in {path}")
