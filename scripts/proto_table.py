"""Build kubelab/server/protobuf.json: how to read the protobuf bodies kubectl sends.

kubectl's typed clients (``kubectl create deployment``, ``create configmap``,
``drain``'s evictions ...) send ``application/vnd.kubernetes.protobuf``.  The
table says, for each message of the API groups the kit serves, what each field
number is: its JSON name, its protobuf type, whether it repeats, and how Go's
JSON encoder treats its zero value (a pointer is written when set, a field
without ``omitempty`` always, the rest only when not zero).  It is read from the
two places that say so: each group's ``generated.proto`` (numbers and types) and
its ``types.go`` (JSON names, ``omitempty``, pointers).

Run from a checkout of k8s.io/api and k8s.io/apimachinery (git mirrors) at the
v1.32 release (v0.32.x):

    python scripts/proto_table.py API_GIT_DIR APIMACHINERY_GIT_DIR v0.32.9 > kubelab/server/protobuf.json
"""
from __future__ import annotations

import json
import re
import subprocess
import sys

GROUPS = ["core/v1", "apps/v1", "batch/v1", "autoscaling/v1", "autoscaling/v2", "coordination/v1",
          "discovery/v1", "events/v1", "networking/v1", "policy/v1", "rbac/v1", "scheduling/v1", "storage/v1"]
MACHINERY = ["pkg/apis/meta/v1", "pkg/runtime", "pkg/util/intstr", "pkg/api/resource"]

FIELD = re.compile(r"^\s*(optional|repeated)\s+(\S+)\s+(\w+)\s*=\s*(\d+)\s*;")
MAP = re.compile(r"^\s*map<\s*(\S+)\s*,\s*(\S+)\s*>\s+(\w+)\s*=\s*(\d+)\s*;")
STRUCT = re.compile(r"^type (\w+) struct \{")
GOFIELD = re.compile(r'^\s*(\w+)\s+(\S+)\s+`json:"([^"]*)".*protobuf:"([^"]*)"')
#: an embedded struct: ``VolumeSource `json:",inline" protobuf:"..."` `` (JSON inlines its fields)
EMBEDDED = re.compile(r'^\s*()(\w+)\s+`json:"([^"]*)".*protobuf:"([^"]*)"')


def show(git_dir: str, ref: str, path: str) -> str:
    return subprocess.run(["git", "--git-dir", git_dir, "show", f"{ref}:{path}"], capture_output=True,
                          text=True, check=True).stdout


def files(git_dir: str, ref: str, folder: str) -> list[str]:
    out = subprocess.run(["git", "--git-dir", git_dir, "ls-tree", "--name-only", f"{ref}:{folder}"],
                         capture_output=True, text=True, check=True).stdout.split()
    return [f"{folder}/{name}" for name in out if name.endswith(".go") and not name.endswith("_test.go")
            and not name.startswith("zz_generated") and name != "generated.pb.go"]


def parse_proto(text: str) -> tuple[str, dict[str, dict[int, list]]]:
    package = re.search(r"^package ([\w.]+);", text, re.M).group(1)
    messages: dict[str, dict[int, list]] = {}
    current = None
    for line in text.splitlines():
        m = re.match(r"^message (\w+) \{", line)
        if m:
            current = messages.setdefault(f"{package}.{m.group(1)}", {})
            continue
        if line.startswith("}"):
            current = None
            continue
        if current is None:
            continue
        if (f := FIELD.match(line)):
            label, ptype, name, num = f.groups()
            current[int(num)] = [name, _qualify(ptype, package), "r" if label == "repeated" else "o"]
        elif (f := MAP.match(line)):
            key, value, name, num = f.groups()
            current[int(num)] = [name, f"map:{_qualify(key, package)}:{_qualify(value, package)}", "m"]
    return package, messages


SCALARS = {"int32", "int64", "uint32", "uint64", "bool", "string", "bytes", "double", "float", "sint32", "sint64",
           "fixed32", "fixed64"}


def _qualify(ptype: str, package: str) -> str:
    if ptype in SCALARS:
        return ptype
    if ptype.startswith("."):
        return ptype[1:]
    return f"{package}.{ptype}"


def parse_go(text: str) -> dict[str, dict[str, tuple[str, bool, bool]]]:
    """{struct: {proto field name: (json name, omitempty, pointer)}}"""
    out: dict[str, dict[str, tuple[str, bool, bool]]] = {}
    current = None
    for line in text.splitlines():
        m = STRUCT.match(line)
        if m:
            current = out.setdefault(m.group(1), {})
            continue
        if line.startswith("}"):
            current = None
            continue
        if current is None:
            continue
        f = GOFIELD.match(line) or EMBEDDED.match(line)
        if not f:
            continue
        _, gotype, jsontag, prototag = f.groups()
        pname = re.search(r"name=(\w+)", prototag)
        if not pname:
            continue
        jname, _, opts = jsontag.partition(",")
        if f.re is EMBEDDED and not jname:       # an embedded struct with no name: its fields inlined ("")
            current[pname.group(1)] = ("", False, False)
            continue
        current[pname.group(1)] = (jname or pname.group(1), "omitempty" in opts, gotype.startswith("*"))
    return out


def main() -> None:
    api_dir, machinery_dir, ref = sys.argv[1:4]
    table: dict[str, dict[str, list]] = {}
    sources = [(api_dir, g) for g in GROUPS] + [(machinery_dir, m) for m in MACHINERY]
    for git_dir, folder in sources:
        package, messages = parse_proto(show(git_dir, ref, f"{folder}/generated.proto"))
        go: dict[str, dict[str, tuple[str, bool, bool]]] = {}
        for path in files(git_dir, ref, folder):
            go.update(parse_go(show(git_dir, ref, path)))
        for full, fields in messages.items():
            struct = go.get(full.rsplit(".", 1)[1], {})
            row = {}
            for num, (name, ptype, label) in sorted(fields.items()):
                jname, omit, pointer = struct.get(name, (name, True, False))
                emit = "p" if pointer else ("z" if omit else "a")
                row[str(num)] = [jname, ptype, label, emit]
            table[full] = row
    json.dump({"source": f"k8s.io/api and k8s.io/apimachinery {ref}", "messages": table}, sys.stdout,
              separators=(",", ":"), sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
