"""Where cited excerpts lie in a source's captured text, as pieces a page can mark up.

An excerpt is found by exact match (its first occurrence); excerpts may overlap or repeat,
so the text is cut at every excerpt's start and end, and each piece knows which citations
cover it and which start there. An excerpt that is not in the text is reported, not guessed.
"""

from dataclasses import dataclass, field


@dataclass
class Piece:
    text: str
    citations: list[int] = field(default_factory=list)  # the citations whose excerpt covers this piece
    starts: list[int] = field(default_factory=list)  # the citations whose excerpt starts here


def highlight(text: str, excerpts: list[tuple[int, str]]) -> tuple[list[Piece], list[int]]:
    """(pieces of `text`, ids of the citations whose excerpt is not in it)."""
    spans, missing = [], []
    for citation_id, excerpt in excerpts:
        start = text.find(excerpt) if excerpt else -1
        if start < 0:
            missing.append(citation_id)
        else:
            spans.append((start, start + len(excerpt), citation_id))
    cuts = sorted({0, len(text), *(start for start, _, _ in spans), *(end for _, end, _ in spans)})
    pieces = []
    for left, right in zip(cuts, cuts[1:], strict=False):
        pieces.append(Piece(text[left:right], [cid for start, end, cid in spans if start <= left and right <= end],
                            [cid for start, _, cid in spans if start == left]))
    return pieces, missing
