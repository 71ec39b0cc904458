"""Build kubelab/kubectl/printers/gofields.json: the order Go writes an object's JSON keys in.

kubectl prints the objects it builds or gets back through a typed client
(``create deployment|service|configmap|...``, ``run``, ``expose``, ``autoscale``)
with ``json.MarshalIndent`` of the Go struct, so ``-o json`` lists the keys in
struct field order (TypeMeta's ``kind``, ``apiVersion`` first, then ``metadata``,
``spec``, ``status``; an embedded struct's fields where it is embedded; a map's keys
sorted).  ``-o yaml`` goes through a generic map and is sorted whatever the order.

The table says, for each struct reachable from the kinds kubectl's typed commands
print, its JSON field names in declaration order and, for a field whose value is
itself a struct (or a list or map of them), that struct's name.  It is read from
each group's ``types.go`` in k8s.io/api and meta/v1's in k8s.io/apimachinery:

    python scripts/go_field_order.py API_GIT_DIR APIMACHINERY_GIT_DIR v0.32.4 > kubelab/kubectl/printers/gofields.json
"""
from __future__ import annotations

import json
import re
import subprocess
import sys

GROUPS = ["core/v1", "apps/v1", "batch/v1", "autoscaling/v1", "autoscaling/v2", "networking/v1", "policy/v1",
          "rbac/v1", "scheduling/v1", "authentication/v1"]
META = "meta/v1"
#: kind → package of the objects kubectl's typed commands print.
ROOTS = {
    "core/v1": ["Pod", "Service", "ConfigMap", "Secret", "Namespace", "ServiceAccount", "ResourceQuota"],
    "apps/v1": ["Deployment"], "batch/v1": ["Job", "CronJob"], "policy/v1": ["PodDisruptionBudget"],
    "autoscaling/v1": ["HorizontalPodAutoscaler"], "autoscaling/v2": ["HorizontalPodAutoscaler"],
    "networking/v1": ["Ingress"], "scheduling/v1": ["PriorityClass"],
    "rbac/v1": ["Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"],
    "authentication/v1": ["TokenRequest"],
}
#: Types Go writes as one JSON scalar (their own MarshalJSON), whatever their Go shape.
SCALARS = {"Time", "MicroTime", "Duration", "Quantity", "IntOrString", "FieldsV1", "RawExtension", "UID"}

STRUCT = re.compile(r"^type (\w+) struct \{")
FIELD = re.compile(r'^\s*(\w+)\s+([^\s`]+)\s+`json:"([^"]*)"')
EMBED = re.compile(r'^\s*([\w.]+)\s+`json:"([^"]*)"')


def show(git_dir: str, ref: str, path: str) -> str:
    return subprocess.run(["git", "--git-dir", git_dir, "show", f"{ref}:{path}"], capture_output=True,
                          text=True, check=True).stdout


def go_files(git_dir: str, ref: str, folder: str) -> list[str]:
    out = subprocess.run(["git", "--git-dir", git_dir, "ls-tree", "--name-only", f"{ref}:{folder}"],
                         capture_output=True, text=True, check=True).stdout.split()
    return [f"{folder}/{n}" for n in out if n.endswith(".go") and not n.endswith("_test.go")
            and not n.startswith("zz_generated") and not n.startswith("generated")]


IMPORT = re.compile(r'^\s*(\w+)?\s*"k8s\.io/(?:api/|apimachinery/pkg/apis/)(\w+/\w+)"')


def parse(text: str, pkg: str, structs: dict) -> None:
    """Each struct's fields in order: (json name | None for an embedded struct, Go type),
    a type from another package written with that package's path (``core/v1.PodSpec``)."""
    imports = {}
    for line in text.splitlines():
        if (m := IMPORT.match(line)):
            imports[m.group(1) or m.group(2).split("/")[-1]] = m.group(2)
    qualify = re.compile(r"\b(\w+)\.(\w+)")

    def qualified(gotype: str) -> str:
        return qualify.sub(lambda m: f"{imports[m.group(1)]}.{m.group(2)}" if m.group(1) in imports
                           else m.group(0), gotype)
    current = None
    for line in text.splitlines():
        if (m := STRUCT.match(line)):
            current = structs.setdefault(f"{pkg}.{m.group(1)}", [])
            continue
        if current is None:
            continue
        if line.startswith("}"):
            current = None
            continue
        if (m := FIELD.match(line)):
            name = m.group(3).split(",")[0]
            if name != "-":
                current.append((name or m.group(1), qualified(m.group(2))))
        elif (m := EMBED.match(line)):           # embedded: flattened unless the tag names it
            current.append((m.group(2).split(",")[0] or None, qualified(m.group(1))))


def resolve(pkg: str, gotype: str, structs: dict) -> str:
    """``*[]metav1.LabelSelector`` in apps/v1 → ``meta/v1.LabelSelector``; a scalar → ``""``."""
    t = gotype.lstrip("*")
    while True:
        if t.startswith("[]"):
            t = t[2:].lstrip("*")
        elif t.startswith("map["):
            t = t[t.index("]") + 1:].lstrip("*")
        else:
            break
    if "." in t:
        target, name = t.rsplit(".", 1)         # qualified by parse: core/v1.PodSpec; resource.Quantity is not
        if "/" not in target:
            target = None
    else:
        name, target = t, pkg
    if name in SCALARS or target is None:
        return ""
    return f"{target}.{name}" if f"{target}.{name}" in structs else ""


def main() -> None:
    api_git, machinery_git, ref = sys.argv[1:4]
    structs: dict[str, list] = {}
    for group in GROUPS:
        for path in go_files(api_git, ref, group):
            parse(show(api_git, ref, path), group, structs)
    for path in go_files(machinery_git, ref, "pkg/apis/meta/v1"):
        parse(show(machinery_git, ref, path), META, structs)

    table: dict[str, list] = {}

    def flatten(key: str) -> list:
        pkg = key.rsplit(".", 1)[0]
        out = []
        for name, gotype in structs[key]:
            target = resolve(pkg, gotype, structs)
            if name is None:                    # embedded: its fields where it is embedded
                out.extend(flatten(target) if target else [])
            else:
                out.append([name, target] if target else [name])
        return out

    todo = [f"{pkg}.{kind}" for pkg, kinds in ROOTS.items() for kind in kinds]
    while todo:
        key = todo.pop()
        if key in table:
            continue
        table[key] = flatten(key)
        todo.extend(f[1] for f in table[key] if len(f) > 1)
    json.dump({"source": f"k8s.io/api and k8s.io/apimachinery {ref}", "structs": dict(sorted(table.items()))},
              sys.stdout, separators=(",", ":"))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
