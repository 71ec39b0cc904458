"""kubectl rollout status|history|undo|restart|pause|resume
(staging/src/k8s.io/kubectl/pkg/cmd/rollout/*.go, pkg/polymorphichelpers/
{rollout_status,history,rollback,objectpauser,objectresumer,objectrestarter}.go).

``rollout status`` watches the Deployment and prints the status viewer's line
for every change it sees, advancing simulated time until the rollout is done,
fails (progress deadline exceeded) or ``--timeout`` passes.  With no
``--timeout`` (kubectl waits for ever) the kit stops after
:data:`STATUS_LIMIT_SECONDS` of simulated time.

``rollout undo`` works as kubectl v1.32 does, on the client: it finds the
ReplicaSet of the wanted revision and patches its pod template (and its
annotations) back into the Deployment; the controller then finds that old
ReplicaSet again and gives it the next revision number.
"""
from __future__ import annotations

from ...api.deployments import HASH_LABEL, REVISION, revision_of, template_equal
from ...api.meta import Obj, clone
from ..cli import Command, CommandError, Ctx, Flag, register
from ..printers import to_name
from ..printers.describe.pods import pod_template
from ..printers.describe.writer import Writer
from .scale import find_objects
from .watch import watching

STATUS_LIMIT_SECONDS = 3600.0
CHANGE_CAUSE = "kubernetes.io/change-cause"
RESTARTED_AT = "kubectl.kubernetes.io/restartedAt"
# rollback.go annotationsToSkip: kept from the Deployment, not copied from the ReplicaSet.
_KEEP = ("kubectl.kubernetes.io/last-applied-configuration", REVISION, "deployment.kubernetes.io/revision-history",
         "deployment.kubernetes.io/desired-replicas", "deployment.kubernetes.io/max-replicas",
         "deprecated.deployment.rollback.to")


def _deployments_only(found: list, verb: str, also: tuple[str, ...] = ()) -> None:
    for rt, obj in found:
        if rt.kind != "Deployment" and rt.kind not in also:
            raise CommandError(f'error: no {verb} has been implemented for {{"{rt.group}" "{rt.kind}"}}')


def replica_sets_of(ctx: Ctx, d: Obj) -> list[Obj]:
    """The ReplicaSets this Deployment controls (deploymentutil.GetAllReplicaSets)."""
    uid = d["metadata"]["uid"]
    return [rs for rs in ctx.api.owned("replicasets", uid, copy=True)
            if any(r.get("controller") and r["uid"] == uid for r in rs["metadata"].get("ownerReferences") or [])]


# ------------------------------------------------------------------ status
def deployment_status(d: Obj, revision: int = 0) -> tuple[str, bool]:
    """DeploymentStatusViewer.Status: (message, done); raises on failure."""
    name = d["metadata"]["name"]
    if revision > 0:
        have = int((d["metadata"].get("annotations") or {}).get(REVISION, "0") or 0)
        if have != revision:
            raise CommandError(f"error: desired revision ({revision}) is different from the running revision ({have})")
    st = d.get("status") or {}
    if d["metadata"].get("generation", 1) <= st.get("observedGeneration", 0):
        cond = next((c for c in st.get("conditions") or [] if c["type"] == "Progressing"), None)
        if cond and cond["reason"] == "ProgressDeadlineExceeded":
            raise CommandError(f'error: deployment "{name}" exceeded its progress deadline')
        want = d["spec"].get("replicas", 1)
        updated, replicas, available = st.get("updatedReplicas", 0), st.get("replicas", 0), st.get("availableReplicas", 0)
        if updated < want:
            return f'Waiting for deployment "{name}" rollout to finish: {updated} out of {want} new replicas have been updated...', False
        if replicas > updated:
            return f'Waiting for deployment "{name}" rollout to finish: {replicas - updated} old replicas are pending termination...', False
        if available < updated:
            return f'Waiting for deployment "{name}" rollout to finish: {available} of {updated} updated replicas are available...', False
        return f'deployment "{name}" successfully rolled out', True
    return "Waiting for deployment spec update to be observed...", False


def statefulset_status(sts: Obj, revision: int = 0) -> tuple[str, bool]:
    """StatefulSetStatusViewer.Status: (message, done); raises on OnDelete."""
    spec, st = sts["spec"], sts.get("status") or {}
    strategy = spec.get("updateStrategy") or {}
    if strategy.get("type") != "RollingUpdate":
        raise CommandError("error: rollout status is only available for RollingUpdate strategy type")
    if not st.get("observedGeneration") or sts["metadata"].get("generation", 1) > st["observedGeneration"]:
        return "Waiting for statefulset spec update to be observed...", False
    want, ready, updated = spec.get("replicas", 1), st.get("readyReplicas", 0), st.get("updatedReplicas", 0)
    if ready < want:
        return f"Waiting for {want - ready} pods to be ready...", False
    ru = strategy.get("rollingUpdate")
    if ru is not None:
        partition = ru.get("partition")
        if partition is not None and updated < want - partition:
            return (f"Waiting for partitioned roll out to finish: {updated} out of {want - partition} "
                    "new pods have been updated..."), False
        return f"partitioned roll out complete: {updated} new pods have been updated...", True
    if st.get("updateRevision") != st.get("currentRevision"):
        return (f"waiting for statefulset rolling update to complete {updated} pods at revision "
                f"{st.get('updateRevision')}..."), False
    return (f"statefulset rolling update complete {st.get('currentReplicas', 0)} pods at revision "
            f"{st.get('currentRevision')}..."), True


_STATUS_VIEWERS = {"Deployment": deployment_status, "StatefulSet": statefulset_status}


def status(ctx: Ctx, args: list[str], opts: dict) -> None:
    from .wait import parse_duration
    found = find_objects(ctx, args, opts, type_selects_all=True, missing="error: required resource not specified")
    _deployments_only(found, "status viewer", also=("StatefulSet",))
    timeout = parse_duration(opts["timeout"]) or STATUS_LIMIT_SECONDS
    for rt, d in found:
        name, ns = d["metadata"]["name"], d["metadata"]["namespace"]
        state = {"done": False}
        viewer = _STATUS_VIEWERS[rt.kind]

        def show(obj: Obj) -> None:
            msg, done = viewer(obj, opts["revision"])
            ctx.print(msg)
            state["done"] = done or not opts["watch"]

        def on_event(etype: str, obj: Obj, old: Obj | None) -> None:
            if etype != "DELETED" and not state["done"] and obj["metadata"]["name"] == name \
                    and obj["metadata"]["namespace"] == ns:
                show(obj)
        show(d)
        if state["done"]:
            continue
        with watching(ctx, on_event, rt.kind):
            ok = ctx.session.wait_for(lambda: state["done"], timeout)
        if not ok:
            raise CommandError("error: timed out waiting for the condition")


# ----------------------------------------------------------------- history
def _template_text(template: Obj) -> str:
    """describe.DescribePodTemplate, as `rollout history --revision` and `rollout undo
    --dry-run=client` print it (printTemplate): through a bare prefix writer, no
    tabwriter, so the fields stay separated by tabs."""
    w = Writer()
    pod_template(w, template)
    return "".join(w.parts).replace("\x00FLUSH\x00", "")


def _statefulset_history(ctx: Ctx, sts: Obj) -> dict[int, Obj]:
    """StatefulSetHistoryViewer: the templates its ControllerRevisions hold, with
    the change-cause the revision copied from the set's annotations."""
    info: dict[int, Obj] = {}
    uid = sts["metadata"]["uid"]
    for cr in ctx.api.owned("controllerrevisions", uid, copy=True):
        if not any(r.get("controller") and r["uid"] == uid for r in cr["metadata"].get("ownerReferences") or []):
            continue
        template = clone(((cr.get("data") or {}).get("spec") or {}).get("template") or {})
        template.pop("$patch", None)
        cause = (cr["metadata"].get("annotations") or {}).get(CHANGE_CAUSE)
        if cause:
            template.setdefault("metadata", {}).setdefault("annotations", {})[CHANGE_CAUSE] = cause
        info[int(cr.get("revision", 0))] = template
    return info


def history_text(ctx: Ctx, d: Obj, revision: int = 0) -> str:
    """DeploymentHistoryViewer.ViewHistory (StatefulSetHistoryViewer for a StatefulSet)."""
    info: dict[int, Obj] = _statefulset_history(ctx, d) if d.get("kind") == "StatefulSet" else {}
    for rs in (replica_sets_of(ctx, d) if d.get("kind") != "StatefulSet" else []):
        ann = rs["metadata"].get("annotations") or {}
        if REVISION not in ann:
            continue
        template = clone(rs["spec"]["template"])
        if ann.get(CHANGE_CAUSE):
            template.setdefault("metadata", {}).setdefault("annotations", {})[CHANGE_CAUSE] = ann[CHANGE_CAUSE]
        info[revision_of(rs)] = template
    if not info:
        return "No rollout history found."
    if revision > 0:
        if revision not in info:
            raise CommandError("error: unable to find the specified revision")
        return _template_text(info[revision])
    rows = [("REVISION", "CHANGE-CAUSE")] + [
        (str(r), ((info[r].get("metadata") or {}).get("annotations") or {}).get(CHANGE_CAUSE) or "<none>")
        for r in sorted(info)]
    width = max(len(r[0]) for r in rows) + 2      # tabwriter: minwidth 0, padding 2
    return "".join(f"{a:<{width}}{b}\n" for a, b in rows)


def history(ctx: Ctx, args: list[str], opts: dict) -> None:
    found = find_objects(ctx, args, opts, type_selects_all=True, missing="error: required resource not specified")
    _deployments_only(found, "history viewer", also=("StatefulSet",))
    for _, d in found:
        text = history_text(ctx, d, opts["revision"])
        head = f"with revision #{opts['revision']}" if opts["revision"] > 0 else ""
        ctx.print(to_name(d, f"{head}\n{text}"))


# -------------------------------------------------------------------- undo
def _revision_rs(ctx: Ctx, d: Obj, to_revision: int) -> Obj:
    """deploymentRevision: the ReplicaSet of ``to_revision``, or (0) the one before the newest."""
    latest, previous = (-1, None), (-1, None)
    for rs in replica_sets_of(ctx, d):
        if REVISION not in (rs["metadata"].get("annotations") or {}):
            continue
        v = revision_of(rs)
        if to_revision == 0:
            if latest[0] < v:
                previous, latest = latest, (v, rs)
            elif previous[0] < v:
                previous = (v, rs)
        elif v == to_revision:
            return rs
    if to_revision > 0:
        raise CommandError(f"error: unable to find specified revision {to_revision} in history")
    if previous[1] is None:
        raise CommandError(f'error: no rollout history found for deployment "{d["metadata"]["name"]}"')
    return previous[1]


def undo(ctx: Ctx, args: list[str], opts: dict) -> None:
    """rollout_undo.go over DeploymentRollbacker.Rollback (rollback.go); the builder
    continues on error, so every object is tried and the errors come at the end."""
    found = find_objects(ctx, args, opts, type_selects_all=True, missing="error: required resource not specified")
    _deployments_only(found, "rollbacker")
    dry = opts["dry-run"]
    errors = []
    for _, d in found:
        try:
            result = _rollback(ctx, d, opts["to-revision"], dry)
        except CommandError as err:
            errors.append(err.text)
            continue
        # PrintFlagsWithDryRunStrategy: the operation gets " (dry run)" / " (server dry run)"
        ctx.print(to_name(d, result + {"client": " (dry run)", "server": " (server dry run)"}.get(dry, "")))
    if errors:
        raise CommandError("\n".join(errors))


def _rollback(ctx: Ctx, d: Obj, to_revision: int, dry: str) -> str:
    """The operation the name printer prints: the revision's template (client dry run),
    "skipped rollback (...)" or "rolled back"."""
    if to_revision < 0:
        raise CommandError(f"error: unable to find specified revision {to_revision} in history")
    rs = _revision_rs(ctx, d, to_revision)
    if dry == "client":
        return _template_text(rs["spec"]["template"])
    if d["spec"].get("paused"):
        raise CommandError("error: you cannot rollback a paused deployment; resume it first with "
                           "'kubectl rollout resume' and try again")
    if template_equal(rs["spec"]["template"], d["spec"]["template"]):
        return f"skipped rollback (current template already matches revision {to_revision})"
    template = clone(rs["spec"]["template"])
    (template.get("metadata") or {}).get("labels", {}).pop(HASH_LABEL, None)
    annotations = {k: v for k, v in (d["metadata"].get("annotations") or {}).items() if k in _KEEP}
    annotations.update({k: v for k, v in (rs["metadata"].get("annotations") or {}).items() if k not in _KEEP})
    d["spec"]["template"] = template
    d["metadata"]["annotations"] = annotations
    ctx.api.update(d, external=True, dry_run=(dry == "server"))
    return "rolled back"


# ------------------------------------------------- restart, pause, resume
def _patch_each(ctx: Ctx, args: list[str], opts: dict, change, verb: str, same: str | None) -> None:
    """Apply ``change(obj)`` (it raises CommandError text for the object, or
    returns False for "no change") to every named object and print the result."""
    found = find_objects(ctx, args, opts, type_selects_all=True, missing="error: required resource not specified")
    if not found:
        raise CommandError("error: required resource not specified")
    errors = []
    for rt, obj in found:
        res = f"{rt.plural}.{rt.group}" if rt.group else rt.plural
        try:
            changed = change(rt, obj)
        except CommandError as err:
            errors.append(f'error: {res} "{obj["metadata"]["name"]}" {err.text}')
            continue
        if changed is False:
            ctx.print(to_name(obj, same))
            continue
        ctx.api.update(obj, external=True)
        ctx.print(to_name(obj, verb))
    if errors:
        raise CommandError("\n".join(errors))


def restart(ctx: Ctx, args: list[str], opts: dict) -> None:
    def change(rt, obj: Obj):
        if rt.kind not in ("Deployment", "DaemonSet", "StatefulSet"):
            raise CommandError("restarting is not supported")
        if obj["spec"].get("paused"):
            raise CommandError("can't restart paused deployment (run rollout resume first)")
        tmd = obj["spec"]["template"].setdefault("metadata", {})
        tmd.setdefault("annotations", {})[RESTARTED_AT] = ctx.session.clock.timestamp()   # time.Now().Format(RFC3339)
        return True
    _patch_each(ctx, args, opts, change, "restarted", None)


def pause(ctx: Ctx, args: list[str], opts: dict) -> None:
    def change(rt, obj: Obj):
        if rt.kind != "Deployment":
            raise CommandError("pausing is not supported")
        if obj["spec"].get("paused"):
            raise CommandError("is already paused")
        obj["spec"]["paused"] = True
        return True
    _patch_each(ctx, args, opts, change, "paused", "already paused")


def resume(ctx: Ctx, args: list[str], opts: dict) -> None:
    def change(rt, obj: Obj):
        if rt.kind != "Deployment":
            raise CommandError("resuming is not supported")
        if not obj["spec"].get("paused"):
            raise CommandError("is not paused")
        obj["spec"]["paused"] = False
        return True
    _patch_each(ctx, args, opts, change, "resumed", "already resumed")


_COMMON = (Flag("filename", "f", "list", []), Flag("selector", "l"), Flag("output", "o"),
           Flag("kustomize", "k"), Flag("recursive", "R", "bool"))
register(Command("rollout status", status, _COMMON + (
    Flag("watch", "w", "bool", True), Flag("revision", kind="int", default=0), Flag("timeout", default="0s")),
    help_name="rollout status"))
register(Command("rollout history", history, _COMMON + (Flag("revision", kind="int", default=0),),
                 help_name="rollout history"))
register(Command("rollout undo", undo, _COMMON + (
    Flag("to-revision", kind="int", default=0), Flag("dry-run", default="none", no_opt="unchanged")),
    help_name="rollout undo"))
register(Command("rollout restart", restart, _COMMON + (Flag("field-manager", default="kubectl-rollout"),),
                 help_name="rollout restart"))
register(Command("rollout pause", pause, _COMMON + (Flag("field-manager", default="kubectl-rollout"),),
                 help_name="rollout pause"))
register(Command("rollout resume", resume, _COMMON + (Flag("field-manager", default="kubectl-rollout"),),
                 help_name="rollout resume"))
