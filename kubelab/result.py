"""What a command returns: its output streams and exit code."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Result:
    stdout: str = ""
    stderr: str = ""
    returncode: int = 0

    def __str__(self) -> str:
        """What a terminal shows: the output, then any error text."""
        return self.stdout + self.stderr

    def __repr__(self) -> str:
        return str(self)

    @property
    def ok(self) -> bool:
        return self.returncode == 0
