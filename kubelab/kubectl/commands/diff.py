"""kubectl diff (staging/src/k8s.io/kubectl/pkg/cmd/diff/diff.go): what ``kubectl
apply -f`` would change, as ``diff -u -N`` of two directories kubectl writes.

    $ kubectl diff -f web.yaml
    diff -u -N /tmp/LIVE-4005632278/apps.v1.Deployment.default.web /tmp/MERGED-4152405349/apps.v1.Deployment.default.web
    --- /tmp/LIVE-4005632278/apps.v1.Deployment.default.web	2025-01-06 09:01:05.000000000 +0000
    +++ /tmp/MERGED-4152405349/apps.v1.Deployment.default.web	2025-01-06 09:01:05.000000000 +0000
    @@ -13,7 +13,7 @@
    ...
    -  replicas: 1
    +  replicas: 3

For each object of the files kubectl writes LIVE/<name> (the object on the server,
empty when there is none) and MERGED/<name> (the answer to the dry run of what apply
would send: the three-way patch, or a create), ``<name>`` being
``[group.]version.Kind.namespace.name``; a Secret's ``data`` values are masked
(``***``, ``*** (before)``/``*** (after)`` where they differ).  The exit status is
diff's: 0 the same, 1 different; kubectl's own errors exit 2.

The two directories' numbers are drawn from the session's seeded RNG and the files'
times are the simulated clock's.  The comparison is Python's difflib (no program runs
on the host) with each run of changed lines slid down over equal lines, as GNU diff
places them; on real manifests' edits the hunks are GNU diff's (tests/kubectl/
test_diff.py compares them), an ambiguous edit of repeated lines may be drawn
elsewhere.  Not simulated: ``--server-side``, ``--prune``, KUBECTL_EXTERNAL_DIFF.
"""
from __future__ import annotations

import difflib

from ...api.autoscaling import as_version
from ...api.errors import ApiError
from ...api.meta import Obj, clone
from ...api import selectors
from ..cli import Command, CommandError, Ctx, Flag, register
from ..merge import LAST_APPLIED, three_way
from ..printers import to_yaml
from .apply import FILE_FLAGS, _namespace_for, objects_from_files

MASK, BEFORE, AFTER = "***", "*** (before)", "*** (after)"


def _fail(text: str) -> CommandError:
    """CheckDiffErr: kubectl's error, exit status one more than usual (diff's own is 1)."""
    return CommandError(text, 2)


def file_name(obj: Obj, rt, ns: str) -> str:
    """InfoObject.Name: ``[group.]version.Kind.namespace.name`` (the mapping's version)."""
    group, _, version = str(obj.get("apiVersion", "")).rpartition("/")
    return f"{group + '.' if group else ''}{version}.{rt.kind}.{ns}.{obj['metadata']['name']}"


def mask_secrets(live: Obj | None, merged: Obj) -> tuple[Obj | None, Obj]:
    """Masker.run: every data value becomes ``***``; a key in both whose values differ
    becomes ``*** (before)`` / ``*** (after)`` so the change still shows."""
    before = dict(live.get("data") or {}) if live is not None and isinstance(live.get("data"), dict) else None
    after = dict(merged.get("data") or {}) if isinstance(merged.get("data"), dict) else None
    for key in list(before or ()):
        if after is not None and key in after:
            if before[key] != after[key]:
                before[key], after[key] = BEFORE, AFTER
                continue
            after[key] = MASK
        before[key] = MASK
    for key in list(after or ()):
        if before is None or key not in before:
            after[key] = MASK
    if before is not None and live is not None:
        live = {**live, "data": before}
    if after is not None:
        merged = {**merged, "data": after}
    return live, merged


def changed_lines(a: list[str], b: list[str]) -> tuple[list[bool], list[bool]]:
    """Which lines of ``a`` are deleted and of ``b`` inserted: difflib's matching, then
    each run of changed lines slid down while its first line equals the unchanged line
    after it (the same edit, drawn where GNU diff draws it)."""
    gone, added = [False] * len(a), [False] * len(b)
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag != "equal":
            gone[i1:i2] = [True] * (i2 - i1)
            added[j1:j2] = [True] * (j2 - j1)
    for lines, flags in ((a, gone), (b, added)):
        i, n = 0, len(lines)
        while i < n:
            if not flags[i]:
                i += 1
                continue
            start = i
            while i < n and flags[i]:
                i += 1
            end = i
            while end < n and not flags[end] and lines[start] == lines[end]:
                flags[start], flags[end] = False, True
                start, end = start + 1, end + 1
                while end < n and flags[end]:
                    end += 1
            i = end
    return gone, added


def unified(a: list[str], b: list[str], context: int = 3) -> list[str]:
    """The hunks of ``diff -u`` (without its two header lines)."""
    gone, added = changed_lines(a, b)
    steps: list[tuple[str, int, int]] = []          # (" ", "-" or "+", line of a, line of b)
    i = j = 0
    while i < len(a) or j < len(b):
        if i < len(a) and gone[i]:
            steps.append(("-", i, j))
            i += 1
        elif j < len(b) and added[j]:
            steps.append(("+", i, j))
            j += 1
        else:
            steps.append((" ", i, j))
            i, j = i + 1, j + 1
    edits = [k for k, step in enumerate(steps) if step[0] != " "]
    if not edits:
        return []
    groups, first, last = [], edits[0], edits[0]
    for k in edits[1:]:
        if k - last - 1 > 2 * context:           # more than twice the context apart: two hunks
            groups.append((first, last))
            first = k
        last = k
    groups.append((first, last))
    out = []
    for first, last in groups:
        part = steps[max(0, first - context):last + context + 1]
        old_len = sum(1 for s in part if s[0] != "+")
        new_len = sum(1 for s in part if s[0] != "-")
        out.append(f"@@ -{_range(part[0][1], old_len)} +{_range(part[0][2], new_len)} @@\n")
        out.extend(sign + (b[jj] if sign == "+" else a[ii]) for sign, ii, jj in part)
    return out


def _range(start: int, length: int) -> str:
    if length == 1:
        return str(start + 1)
    return f"{start if length == 0 else start + 1},{length}"


def merged_object(ctx: Ctx, obj: Obj, live: Obj | None, ns: str | None) -> Obj:
    """InfoObject.Merged: a dry-run create when there is nothing live, else the dry
    run of apply's three-way patch (the local object without the annotation apply
    would add: GetModifiedConfiguration(annotate=false)); an empty patch is not sent."""
    rt = ctx.api.resource(obj["kind"], obj.get("apiVersion"))
    if live is None:
        return as_version(ctx.api.create(clone(obj), ns, external=True, dry_run=True), obj.get("apiVersion"))
    raw = (live["metadata"].get("annotations") or {}).get(LAST_APPLIED)
    import json
    original = json.loads(raw) if raw else {}
    modified = clone(obj)
    annotations = dict(modified["metadata"].get("annotations") or {})
    annotations.pop(LAST_APPLIED, None)
    modified["metadata"]["annotations"] = annotations     # set, even empty, as GetModifiedConfiguration does
    merged = three_way(original, modified, live, rt.kind)
    if merged == live:
        return live
    merged["metadata"]["resourceVersion"] = live["metadata"]["resourceVersion"]
    return as_version(ctx.api.update(merged, ns, external=True, dry_run=True), obj.get("apiVersion"))


def run(ctx: Ctx, args: list[str], opts: dict) -> None:
    if not opts["filename"] and not opts["kustomize"]:
        raise _fail("error: must specify one of -f and -k")
    if opts["force-conflicts"] and not opts["server-side"]:
        raise _fail("error: --force-conflicts only works with --server-side")
    if opts["server-side"] or opts["prune"]:
        raise _fail('error: the simulated kubectl does not support "diff" in this form yet')
    try:
        objs = objects_from_files(ctx, opts)
    except CommandError as err:
        raise _fail(err.text) from None
    sel = selectors.parse(opts["selector"]) if opts["selector"] else None
    rng = ctx.session.rng
    live_dir, merged_dir = f"/tmp/LIVE-{rng.getrandbits(32)}", f"/tmp/MERGED-{rng.getrandbits(32)}"
    files: dict[str, tuple[str, str]] = {}
    try:
        for obj in objs:
            if sel is not None and not sel.matches((obj.get("metadata") or {}).get("labels")):
                continue
            obj = clone(obj)
            ns = _namespace_for(ctx, obj)
            rt = ctx.api.resource(obj["kind"], obj.get("apiVersion"))
            if ns and rt.namespaced:
                obj["metadata"]["namespace"] = ns
            stored = ctx.api.try_get(rt, obj["metadata"]["name"], ns if rt.namespaced else None)
            live = as_version(stored, obj.get("apiVersion")) if stored is not None else None
            merged = merged_object(ctx, obj, live, ns if rt.namespaced else None)
            before = ""                   # no object: the file kubectl makes stays empty
            if merged.get("kind") == "Secret" and str(merged.get("apiVersion")) == "v1":
                live, merged = mask_secrets(live, merged)
                before = "null\n"          # the masker's typed nil pointer, which the printer writes
            if live is not None and live["metadata"].get("deletionTimestamp"):
                ctx.eprint(f"Warning: Detected changes to resource {live['metadata']['name']} "
                           "which is currently being deleted.")
            files[file_name(obj, rt, ns if rt.namespaced else "")] = (
                to_yaml(live) if live is not None else before, to_yaml(merged))
    except ApiError as err:
        raise _fail(err.kubectl_text()) from None
    stamp = ctx.session.clock.datetime().strftime("%Y-%m-%d %H:%M:%S.%f") + "000 +0000"
    differ = False
    for name in sorted(files):
        before, after = files[name]
        if before == after:
            continue
        differ = True
        left, right = f"{live_dir}/{name}", f"{merged_dir}/{name}"
        ctx.print(f"diff -u -N {left} {right}")
        ctx.print(f"--- {left}\t{stamp}")
        ctx.print(f"+++ {right}\t{stamp}")
        ctx.out.append("".join(unified(before.splitlines(keepends=True), after.splitlines(keepends=True))))
    if differ:
        raise CommandError("", 1)        # diff's status: the files differ (kubectl prints nothing more)


register(Command("diff", run, FILE_FLAGS + (
    Flag("selector", "l"), Flag("server-side", kind="bool"), Flag("force-conflicts", kind="bool"),
    Flag("field-manager", default="kubectl-client-side-apply"), Flag("prune", kind="bool"),
    Flag("prune-allowlist", "", "list", []), Flag("concurrency", kind="int", default=1),
    Flag("show-managed-fields", kind="bool"), Flag("validate", default="strict", no_opt="strict"),
)))
