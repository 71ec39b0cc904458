"""What a command returns: its output streams and exit code."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Result:
    stdout: str = ""
    stderr: str = ""
    returncode: int = 0
    #: both streams in the order the command wrote them: ("stdout" | "stderr", text) pieces
    #: (a warning kubectl prints between two lines of output stays between them)
    transcript: tuple[tuple[str, str], ...] = field(default=(), compare=False)

    def __str__(self) -> str:
        """What a terminal shows: both streams as they were written (the output, then
        any error text, when the command did not say in which order)."""
        if self.transcript:
            return "".join(text for _, text in self.transcript)
        return self.stdout + self.stderr

    def __repr__(self) -> str:
        return str(self)

    @property
    def ok(self) -> bool:
        return self.returncode == 0
