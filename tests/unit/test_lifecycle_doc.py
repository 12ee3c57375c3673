"""docs/tender-lifecycle.md draws the code's transition table, exactly."""

import re
from pathlib import Path

from chalicelib.domain.lifecycle import TRANSITIONS

DOC = Path(__file__).resolve().parents[2] / "docs" / "tender-lifecycle.md"
ARROW = re.compile(r"^\s+(\w+) --> (\w+)\s*$")


def test_the_diagram_is_the_table() -> None:
    diagram = DOC.read_text().split("```mermaid", 1)[1].split("```", 1)[0]
    drawn = {m.groups() for line in diagram.splitlines() if (m := ARROW.match(line))}
    table = {(str(s), str(t)) for s, targets in TRANSITIONS.items() for t in targets}
    assert drawn == table
