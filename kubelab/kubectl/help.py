"""``--help``, ``kubectl help`` and a command group called alone, in the real kubectl's
words: help is static text, recorded from kubectl v1.32.4 by scripts/kubectl_help.py
into help.json (every command path, its aliases, what each group prints alone).

    kubectl get --help          # get's help, exit 0 (whatever else is on the line)
    kubectl help rollout undo   # the same as rollout undo --help
    kubectl set                 # the group's help on stderr, exit 1 (DefaultSubCommandRun)
"""
from __future__ import annotations

import functools
import json
from pathlib import Path

HELP_FLAGS = ("--help", "-h", "--help=true")


@functools.cache
def _table() -> dict:
    return json.loads(Path(__file__).with_name("help.json").read_text(encoding="utf-8"))


def _resolve(words: list[str]) -> tuple[str, int]:
    """The longest command path (aliases resolved) ``words`` start with, and how many words it takes."""
    table = _table()
    key, used = "", 0
    for i, word in enumerate(words):
        candidate = f"{key} {word}" if key else word
        candidate = table["aliases"].get(candidate, candidate)
        if candidate not in table["commands"]:
            break
        key, used = candidate, i + 1
    return key, used


def answer(words: list[str], registered: dict) -> tuple[str, str, int] | None:
    """What kubectl prints for these words when it is help, else None (the command runs).
    ``registered``: the kit's command paths — a group the kit runs itself is its own."""
    if "--" in words:
        words = words[:words.index("--")]
    table = _table()
    if not words:
        return table["commands"][""], "", 0
    positional = [w for w in words if not w.startswith("-")]
    if words[0] == "help":                           # cobra's help command: help TOPIC...
        topic = positional[1:]
        key, used = _resolve(topic)
        if topic and used == 0:
            topics = "[" + " ".join(f"`{t}`" for t in topic) + "]"
            return "", table["unknown_topic"].replace("{topics}", topics), 0
        return table["commands"][key], "", 0
    if not positional:                               # kubectl [--help] [global flags]: the root's help
        return table["commands"][""], "", 0
    key, used = _resolve(positional)
    if not used:
        return None                                  # an unknown command: the caller says so
    if any(w in HELP_FLAGS for w in words) or key == "options":     # `kubectl options` is help too
        return table["commands"][key], "", 0
    if key in table["bare"] and key not in registered:
        subcommands = {k.rsplit(" ", 1)[-1] for k in table["commands"] if k.startswith(key + " ")}
        if used == len(positional):
            out, err, code = table["bare"][key]
            return out, err, code
        if positional[used] not in subcommands:
            return "", f'error: unknown command "{positional[used]}"\nSee \'kubectl {key} -h\' for help and examples\n', 1
    if key not in registered and " ".join(positional[:used]) not in registered:
        # a real command the kit does not run (create token, set subject, cluster-info dump):
        # said so, rather than run as its parent with the subcommand taken for an argument
        return "", f'error: the simulated kubectl does not support "{key}" in this form yet\n', 1
    return None
