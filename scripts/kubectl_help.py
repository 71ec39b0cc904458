"""Build kubelab/kubectl/help.json: what the real kubectl prints for ``--help``.

Help is static text (cobra's usage template over each command's Short, Long,
Examples and flags), so the kit prints kubectl's own words rather than paraphrase
them.  The script walks the real kubectl's command tree from ``kubectl --help``
("Available Commands" of each group) and records, for every command path:

- ``commands``: ``kubectl <path> --help`` (stdout; also what ``kubectl help <path>``
  prints, and ``kubectl`` alone for the root);
- ``aliases``: each alias path (``set sa``, ``create deploy``) → its command path;
- ``bare``: what a group that only holds subcommands prints when called alone
  (``kubectl set``: its help on stderr, exit 1; ``kubectl rollout``: on stdout, exit 1);
- ``unknown_topic``: ``kubectl help NOSUCH`` on stderr, ``{topics}`` where it names them.

Run with the kubectl the kit matches (v1.32.4; HOME=/root so ``kubectl options``
shows the default cache directory a root shell has):

    python scripts/kubectl_help.py > kubelab/kubectl/help.json
"""
from __future__ import annotations

import json
import re
import subprocess
import sys

KUBECTL = "/usr/bin/kubectl"
ENV = {"PATH": "/usr/bin:/bin", "HOME": "/root", "KUBECONFIG": "/dev/null"}
ROOT_COMMAND = re.compile(r"^  ([a-z][a-z0-9-]*)\s{2,}\S")


def kubectl(*args: str) -> tuple[str, str, int]:
    r = subprocess.run([KUBECTL, *args], capture_output=True, text=True, env=ENV)
    return r.stdout, r.stderr, r.returncode


def subcommands(path: list[str], text: str) -> list[str]:
    lines = text.splitlines()
    if not path:                    # the root groups its commands under several headings
        return [m.group(1) for line in lines if (m := ROOT_COMMAND.match(line))]
    if "Available Commands:" not in lines:
        return []
    out = []
    for line in lines[lines.index("Available Commands:") + 1:]:
        if not line.startswith("  "):
            break
        out.append(line.split()[0])
    return out


def aliases(text: str) -> list[str]:
    lines = text.splitlines()
    if "Aliases:" not in lines:
        return []
    return [a.strip() for a in lines[lines.index("Aliases:") + 1].split(",")][1:]


def main() -> None:
    version = kubectl("version", "--client", "-o", "json")[0]
    table: dict = {"kubectl": json.loads(version)["clientVersion"]["gitVersion"],
                   "commands": {}, "aliases": {}, "bare": {}}

    def walk(path: list[str]) -> None:
        out, err, rc = kubectl(*path, "--help")
        assert rc == 0 and not err, (path, err)
        key = " ".join(path)
        table["commands"][key] = out
        for alias in aliases(out):
            table["aliases"][" ".join(path[:-1] + [alias])] = key
        subs = subcommands(path, out)
        if path and subs:
            table["bare"][key] = kubectl(*path)
        for sub in subs:
            walk(path + [sub])

    walk([])
    table["commands"]["options"] = kubectl("options")[0]
    _, err, rc = kubectl("help", "nosuchtopic")
    assert rc == 0 and "[`nosuchtopic`]" in err
    table["unknown_topic"] = err.replace("[`nosuchtopic`]", "{topics}")
    json.dump(table, sys.stdout, indent=1, sort_keys=True, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
