"""The shell examples of the README and docs/, and what each one says it answers.

A fenced ```sh block is one script, run as it is written (its lines in order, its variables kept
from line to line). A command's expectation is the `# →` comment after it (on its own line or at
its end, continued on lines that start with `#` and two spaces):
- `# → 422 {…}`: the HTTP status of its curl call, then what the body shows;
- a body starting with `{` or `[`: every `"field": value` written there must be in the JSON answer
  (anywhere in it; `…` inside a text stands for any text, a value of `…` for any value);
- anything else (CSV lines, a header): each line, split at `…`, must appear in the output.
Without a status, a curl call must answer 2xx. A curl line in running text, `` `curl …` → `{…}` ``,
is an example too.
"""

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from tests.conftest import ROOT

DOCUMENTS = ("README.md", "docs/*.md", "app/*/README.md")
FENCE = re.compile(r"^(\s*)```(\w*)\s*\n(.*?)^\s*```", re.MULTILINE | re.DOTALL)
INLINE = re.compile(r"`(curl [^`]+)`(?:\s*(?:\n\s*)?→\s*`([^`]+)`)?")
ARROW = "# →"
STATUS = re.compile(r"(\d{3})(?:\s+|$)(.*)", re.DOTALL)
PAIR = re.compile(r'"([^"\\]+)"\s*:\s*("(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)')


@dataclass
class Command:
    text: str  # one command, continuation lines joined
    expected: str = ""  # the text after `# →`, continuation lines joined with newlines
    line: int = 0  # in the document, 1-based

    @property
    def is_curl(self) -> bool:
        return bool(re.match(r"(\w+=\S+\s+)*curl\s", self.text))

    def expected_status(self) -> int | None:
        found = STATUS.fullmatch(self.expected.strip())
        return int(found.group(1)) if found else None

    def expected_body(self) -> str:
        found = STATUS.fullmatch(self.expected.strip())
        return (found.group(2) if found else self.expected).strip()


@dataclass
class Example:
    document: str
    line: int
    commands: list[Command] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"{self.document}:{self.line}"


def documents() -> list[Path]:
    return sorted({path for pattern in DOCUMENTS for path in ROOT.glob(pattern)})


def examples() -> list[Example]:
    found = []
    for path in documents():
        text, name = path.read_text(encoding="utf-8"), str(path.relative_to(ROOT))
        for fence in FENCE.finditer(text):
            if fence.group(2) in ("sh", "bash", "shell", "console") and "curl " in fence.group(3):
                first_line = text.count("\n", 0, fence.start(3)) + 1
                found.append(Example(name, first_line, _commands(fence.group(3), fence.group(1), first_line)))
        prose = FENCE.sub(lambda fence: "\n" * fence.group(0).count("\n"), text)
        for inline in INLINE.finditer(prose):
            if "http" not in inline.group(1):
                continue  # a flag named in the text (`curl -OJ`), not a call
            line = prose.count("\n", 0, inline.start()) + 1
            found.append(Example(name, line, [Command(inline.group(1), inline.group(2) or "", line)]))
    return found


def _commands(block: str, indent: str, first_line: int) -> list[Command]:
    commands: list[Command] = []
    pending, started = "", first_line
    in_expectation = False
    for number, raw in enumerate(block.splitlines(), start=first_line):
        line = raw[len(indent):] if raw.startswith(indent) else raw.lstrip()
        stripped = line.strip()
        if stripped.startswith("#"):
            if stripped.startswith(ARROW) and commands:
                commands[-1].expected = stripped[len(ARROW):].strip()
                in_expectation = True
            elif in_expectation and re.match(r"#\s{2,}", stripped) and commands:
                commands[-1].expected += "\n" + stripped[1:].strip()
            else:
                in_expectation = False
            continue
        in_expectation = False
        if not stripped:
            continue
        started = started if pending else number
        pending += (" " if pending else "") + stripped.removesuffix("\\").strip()
        if stripped.endswith("\\"):
            continue
        text, _, comment = _split_comment(pending)
        command = Command(text, line=started)
        if comment.startswith("→"):
            command.expected = comment[1:].strip()
        commands.append(command)
        pending = ""
    return commands


def _split_comment(line: str) -> tuple[str, str, str]:
    """The command and its trailing comment: a `#` outside quotes, after a space."""
    quote = None
    for index, character in enumerate(line):
        if quote:
            quote = None if character == quote else quote
        elif character in "'\"":
            quote = character
        elif character == "#" and index and line[index - 1] == " ":
            return line[:index].rstrip(), "#", line[index + 1:].strip()
    return line, "", ""


def missing(expected_body: str, output: str) -> list[str]:
    """What the expectation shows that the output does not have (empty: all of it is there)."""
    if expected_body.startswith(("{", "[")):
        return _missing_fields(expected_body, output)
    plain = output.removeprefix("\ufeff").replace("\r\n", "\n").lower()
    gaps = []
    for line in filter(None, (line.strip() for line in expected_body.splitlines())):
        pieces = [piece.strip().lower() for piece in line.split("…") if piece.strip()]
        if not all(piece in plain for piece in pieces):
            gaps.append(line)
    return gaps


def _missing_fields(expected_body: str, output: str) -> list[str]:
    try:
        actual = json.loads(output)
    except ValueError:
        return [f"a JSON answer (got {output[:200]!r})"]
    values: dict[str, list[object]] = {}
    _collect(actual, values)
    gaps = []
    for key, written in PAIR.findall(expected_body):
        value = json.loads(written)
        if key not in values:
            gaps.append(f'"{key}"')
        elif not any(_matches(value, candidate) for candidate in values[key]):
            gaps.append(f'"{key}": {written} (the answer has {values[key][:5]!r})')
    return gaps


def _collect(value: object, into: dict[str, list[object]]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            into.setdefault(key, []).append(item)
            _collect(item, into)
    elif isinstance(value, list):
        for item in value:
            _collect(item, into)


def _matches(expected: object, actual: object) -> bool:
    if isinstance(expected, str) and "…" in expected:
        if expected == "…":
            return True
        pattern = ".*".join(re.escape(piece) for piece in expected.split("…"))
        return isinstance(actual, str) and re.fullmatch(pattern, actual, re.DOTALL) is not None
    return expected == actual and type(expected) is type(actual)
