"""The English interface text that a page in another language must not show, read from that language's catalog."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDER = re.compile(r"\{[a-z_]+\}|<[^>]+>|\*\*|`")


def english_fragments(language: str = "uk") -> list[str]:
    """Each message's English text between its placeholders, where the translation differs and the piece is a
    phrase (at least 14 characters, two words), not a name that stays the same in every language."""
    with open(ROOT / "locales" / language / "LC_MESSAGES" / "messages.po", "rb") as po:
        catalog = read_po(po)
    fragments = set()
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in ids:
            for piece in PLACEHOLDER.split(text):
                piece = piece.strip(" .,:;()—-·")
                if len(piece) >= 14 and " " in piece and not any(piece in s for s in strings):
                    fragments.add(piece)
    return sorted(fragments)


def english_in(text: str, language: str = "uk") -> list[str]:
    """The English interface phrases found in `text`."""
    return [fragment for fragment in english_fragments(language) if fragment in text]
