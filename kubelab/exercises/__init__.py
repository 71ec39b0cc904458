"""Exercise checks: each returns a :class:`Check` that prints as a clear verdict.

A check reads only the cluster's API state (and the recorded actions), never the
learner's code, so any correct way of solving an exercise passes.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..i18n import translate


@dataclass(frozen=True)
class Check:
    passed: bool
    message: str

    def __str__(self) -> str:
        # in the learner's language (kubelab.set_lang): the catalogue holds these words
        return translate("✅ Correct: " if self.passed else "❌ Not yet: ") + translate(self.message)

    def __repr__(self) -> str:
        return str(self)

    def __bool__(self) -> bool:
        return self.passed


def ok(message: str) -> Check:
    return Check(True, message)


def not_yet(message: str) -> Check:
    return Check(False, message)
