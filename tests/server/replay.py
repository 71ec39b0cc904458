"""Replaying kubectl commands through the real kubectl against the served cluster,
beside the kit's own kubectl (used by test_differential.py; also a pytest plugin:
``-p replay`` with REPLAY_REPORT=FILE replays every ``Cluster.kubectl`` call of the
tests it runs and writes what it found to FILE as JSON).

Each chapter's cells run in an IPython shell as the notebook runs them.  At every
``%kubectl`` line (and ``%%kubectl`` cell) the cluster is served and the same
command goes to ``/usr/bin/kubectl`` first, on the same state:

* a command that only reads (get, describe, explain, logs, events, kustomize,
  ``--dry-run=client`` ...) runs as it is, through both;
* a command that changes the cluster runs through both with ``--dry-run=server``
  (the apiserver does all the work and keeps nothing), then the chapter's own
  ``%kubectl`` runs for real, so the chapter goes on as written;
* a command that waits on simulated time (rollout status, wait, ``-w``, ``-f``),
  streams (exec, attach, port-forward, proxy, ``run -i``: a session would run
  twice, and an exec may change what runs in the container; test_streams.py
  drives them through the real kubectl), or reads the kubeconfig (config) is
  not compared, and the test says how many.

Outputs are compared after normalising what the real kubectl measures against the
host's clock (ages in describe and events) and klog's timestamps.  A difference
fails unless ``differential_allowlist.yaml`` lists it with its reason.
"""
from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
from pathlib import Path

import yaml

KUBECTL = "/usr/bin/kubectl"


def has_kubectl() -> bool:
    return os.access(KUBECTL, os.X_OK)

ROOT = Path(__file__).resolve().parents[2]
CHAPTERS = sorted((ROOT / "notebooks" / "src").glob("[0-9][0-9]-*.py"))
ALLOWLIST = Path(__file__).with_name("differential_allowlist.yaml")

READ = {"get", "describe", "explain", "logs", "events", "kustomize", "api-resources", "api-versions",
        "version", "cluster-info", "top", "auth", "diff"}
MUTATE = {"create", "apply", "delete", "scale", "label", "annotate", "set", "expose", "run", "patch",
          "replace", "drain", "cordon", "uncordon", "taint", "autoscale", "rollout", "edit"}
STREAMS = {"exec", "attach", "port-forward", "proxy", "cp", "debug"}


def classify(argv: list[str]) -> tuple[str, str]:
    """(kind, why): kind is read, mutate or skip."""
    words = [w for w in argv if not w.startswith("-")]
    verb = words[0] if words else ""
    joined = " ".join(argv)
    if verb in STREAMS or re.search(r"(^|\s)(-i|-it|-ti|--stdin|--tty|-t)(\s|=|$)", joined) and verb == "run":
        return "skip", "streams (exec, attach, port-forward, proxy, run -i): would run twice; see test_streams.py"
    if verb == "config":
        return "skip", "reads the kubeconfig, which is the served one for the real kubectl"
    if (verb == "rollout" and words[1:2] == ["status"]) or verb == "wait" or re.search(r"\s(-w|--watch|-f|--follow)(\s|$)", " " + joined + " ") and verb in ("get", "logs"):
        return "skip", "waits on simulated time, which the notebook moves"
    if "--dry-run=client" in argv or "--dry-run" in argv or (verb == "rollout" and words[1:2] == ["history"]):
        return "read", ""
    if verb in READ:
        return "read", ""
    if verb in MUTATE:
        if verb == "rollout" and words[1:2] in (["pause"], ["resume"]):
            return "skip", "kubectl rollout pause/resume has no --dry-run"
        return "mutate", ""
    return "skip", f"not a command the comparison knows ({verb})"


_AGE = re.compile(r"(?<![\w.:-])(?:\d+d)?(?:\d+h)?(?:\d+m)?(?:\d+s)?(?<=[dhms])(?![\w.:-])")
_KLOG = re.compile(r"^([EWI])\d{4} \d\d:\d\d:\d\d\.\d{6}\s+\d+ ", re.M)


def normalise(text: str) -> str:
    """Ages to ``<age>`` (and the padding their width changed), klog stamps, the
    dispatcher build's version suffix."""
    text = _KLOG.sub(r"\1<klog> ", text)
    text = text.replace("v1.32.4-dispatcher", "v1.32.4")
    lines = []
    for line in text.split("\n"):
        aged = _AGE.sub("<age>", line)
        lines.append(re.sub(r" {2,}", "  ", aged) if aged != line else line)
    return "\n".join(lines)


def order_free(argv: list[str], text: str) -> str | None:
    """The output of a command whose order the real kubectl leaves to chance, put in
    one order (None for other commands): ``describe secret`` and ``describe configmap``
    range over the Go map of the data keys; ``drain`` joins its warnings from a Go map
    (PodDeleteList.Warnings) and evicts the pods concurrently, each printing as it
    starts and ends; ``diff``'s temporary names, file times and drawn uids (below).
    What is printed must still be the same, line for line."""
    words = [w for w in argv if not w.startswith("-")]
    if words[:2] in (["describe", "configmap"], ["describe", "configmaps"], ["describe", "cm"]):
        # describeConfigMap: `for k, v := range configMap.Data` writes "k:\n----\nv\n\n" a key,
        # then the same for BinaryData ("k: N bytes"), so the blocks come in Go's map order.
        head, sep, rest = text.partition("\nData\n====\n")
        data, sep2, tail = rest.partition("\nBinaryData\n====\n")
        if not sep or not sep2:
            return text
        blocks = re.split(r"(?m)^(?=[-._a-zA-Z0-9]+:\n----\n)", data)
        binary, sep3, events = tail.rpartition("\nEvents:") if "\nEvents:" in tail else (tail, "", "")
        rows = binary.split("\n")
        return (head + sep + "".join(sorted(b for b in blocks if b)) + sep2
                + "\n".join(sorted(r for r in rows if r) + [r for r in rows if not r]) + sep3 + events)
    if words[:2] == ["describe", "secret"] or words[:2] == ["describe", "secrets"]:
        head, sep, data = text.partition("\nData\n====\n")
        if not sep:
            return text
        rows = data.split("\n")
        return head + sep + "\n".join(sorted(r for r in rows if r) + [r for r in rows if not r])
    if words[:1] == ["diff"]:
        # kubectl diff's temporary directories (random numbers), the files' times (the
        # host's clock for the real kubectl, the simulated one for the kit) and the uid
        # a dry-run create draws (the real kubectl's draw comes first, from the same store).
        text = re.sub(r"/tmp/(LIVE|MERGED)-\d+/", r"/tmp/\1-<n>/", text)
        text = re.sub(r"(?m)^((?:---|\+\+\+) \S+)\t\S+ \S+ [-+]\d{4}$", r"\1\t<mtime>", text)
        return re.sub(r"(?m)^\+(\s+)uid: [0-9a-f-]{36}$", r"+\1uid: <uid>", text)
    if words[:1] == ["drain"]:
        lines = text.split("\n")
        fixed = ["Warning: " + "; ".join(sorted(line[len("Warning: "):].split("; "))) if line.startswith("Warning: ")
                 else line for line in lines]
        return "\n".join(sorted(fixed))
    return None


def chapter_cells(path: Path) -> list[str]:
    cells, current, is_code = [], [], False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# %%"):
            if is_code and current:
                cells.append("\n".join(current))
            current, is_code = [], "[markdown]" not in line
            continue
        current.append(line)
    if is_code and current:
        cells.append("\n".join(current))
    return cells


class Recorder:
    def __init__(self, magics, chapter: str):
        self.magics, self.chapter = magics, chapter
        self.served_cluster = None
        self.srv = None
        self.same, self.differ, self.skipped = [], [], []
        self.applied_same, self.applied_differ = [], []

    def serve(self):
        c = self.magics.cluster
        if self.served_cluster is not c:
            if self.srv is not None:
                self.srv.stop()
            self.srv = c.serve()
            self.served_cluster = c
            self.env = dict(os.environ, KUBECONFIG=self.srv.kubeconfig,
                            KUBECACHEDIR=os.path.join(self.srv._cleanup, "cache"), HOME=self.srv._cleanup)
        return c

    def close(self):
        if self.srv is not None:
            self.srv.stop()

    def real(self, argv: list[str], stdin: str | None) -> tuple[str, str, int]:
        cwd = self.magics.cluster.cwd or os.getcwd()       # where the kit's kubectl resolves -f and -k
        p = subprocess.run([KUBECTL, *argv], env=self.env, cwd=cwd, input=stdin, capture_output=True,
                           text=True, timeout=60)
        return p.stdout, p.stderr, p.returncode

    def emulated(self, argv: list[str], stdin: str | None) -> tuple[str, str, int]:
        c = self.magics.cluster
        pause, c.pause = c.pause, 0
        try:
            r = self.magics._kubectl(shlex.join(argv), stdin=stdin)
        finally:
            c.pause = pause
        return r.stdout, r.stderr, r.returncode

    def compare(self, line: str, stdin: str | None) -> None:
        try:
            argv = shlex.split(line)
        except ValueError:
            self.skipped.append((line, "does not split into words"))
            return
        c = self.magics.cluster
        if c.profile == "bare":
            self.skipped.append((line, "the chapter's kubectl runs on a simulated host, with its own kubeconfig"))
            return
        kind, why = classify(argv)
        if kind == "skip":
            self.skipped.append((line, why))
            return
        if kind == "mutate":
            cut = argv.index("--") if "--" in argv else len(argv)     # flags go before the container's command
            argv = [*argv[:cut], "--dry-run=server", *argv[cut:]]
        self.serve()
        real = self.real(argv, stdin)
        emu = self.emulated(argv, stdin)
        shown = shlex.join(argv)
        # describe measures ages on the host's clock, client-side: the columns' widths follow.
        norm = (lambda t: re.sub(r" {2,}", "  ", normalise(t))) if argv[0] == "describe" else normalise
        if order_free(argv, "") is not None:
            norm = (lambda n: lambda t: order_free(argv, n(t)))(norm)
        if tuple(map(norm, real[:2])) + (real[2],) == tuple(map(norm, emu[:2])) + (emu[2],):
            self.same.append(shown)
        else:
            self.differ.append((shown, real, emu))
        if argv[0] == "apply":
            self.compare_objects([*argv, "-o", "json"], stdin)

    def compare_objects(self, argv: list[str], stdin: str | None) -> None:
        """``apply -f``/``-k`` through both, as the server would store the objects."""
        real, emu = self.real(argv, stdin), self.emulated(argv, stdin)
        shown = shlex.join(argv)
        objects = [_objects(real[0]), _objects(emu[0])]
        if objects[0] == objects[1] and real[2] == emu[2]:
            self.applied_same.append(shown)
        else:
            self.applied_differ.append((shown, (json.dumps(objects[0], indent=1, sort_keys=True), real[1], real[2]),
                                        (json.dumps(objects[1], indent=1, sort_keys=True), emu[1], emu[2])))


#: What differs between two dry runs of one apply by design: the identity and time a
#: create is given, the addresses and ports allocated (a NodePort or LoadBalancer Service's
#: nodePort is drawn anew by each dry run, in a single object or a List's items alike), and
#: kubectl's last-applied annotation (whose known difference the allowlist explains once, on
#: the command's own output).
_VOLATILE = {"uid", "resourceVersion", "creationTimestamp", "managedFields", "clusterIP", "clusterIPs",
             "nodePort", "healthCheckNodePort"}
_LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"


_DRAWN = [(re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), "<uid>"),
          (re.compile(r"kube-api-access-[a-z0-9]{5}"), "kube-api-access-<random>")]


def _objects(text: str) -> list:
    """The objects of ``-o json`` output, without what each dry run draws anew (uids,
    the service-account volume's random suffix, allocated cluster IPs)."""
    for pattern, placeholder in _DRAWN:
        text = pattern.sub(placeholder, text)
    try:
        doc = json.loads(text) if text.strip() else []
    except ValueError:
        return [text]
    items = doc.get("items", [doc]) if isinstance(doc, dict) else doc

    def clean(v):
        if isinstance(v, dict):
            out = {k: clean(x) for k, x in v.items() if k not in _VOLATILE}
            ann = out.get("annotations")
            if isinstance(ann, dict) and _LAST_APPLIED in ann:
                ann = {k: x for k, x in ann.items() if k != _LAST_APPLIED}
                if ann:
                    out["annotations"] = ann
                else:
                    out.pop("annotations")
            return out
        if isinstance(v, list):
            return [clean(x) for x in v]
        return v
    return [clean(o) for o in items]


def run_chapter(path: Path) -> Recorder:
    from IPython.core.interactiveshell import InteractiveShell
    InteractiveShell.clear_instance()
    ip = InteractiveShell.instance()
    rec: Recorder | None = None
    cells = chapter_cells(path)
    try:
        for cell in cells:
            if cell.strip() == "%load_ext kubelab" or "%load_ext kubelab" in cell:
                ip.run_cell("%load_ext kubelab")
                magics = ip.magics_manager.magics["line"]["kubelab"].__self__
                rec = Recorder(magics, path.stem)

                def line_magic(line, _rec=rec):
                    _rec.compare(line, None)
                    _rec.magics.kubectl_line(line)

                def cell_magic(line, cell, _rec=rec):
                    _rec.compare(line, cell)
                    _rec.magics.kubectl_cell(line, cell)
                ip.register_magic_function(line_magic, "line", "kubectl")
                ip.register_magic_function(cell_magic, "cell", "kubectl")
                cell = cell.replace("%load_ext kubelab", "")
            ip.run_cell(cell, silent=True)
    finally:
        if rec is not None:
            rec.close()
        InteractiveShell.clear_instance()
    assert rec is not None, f"{path.name} never loads kubelab"
    return rec


def allowed(chapter: str, command: str, real: tuple[str, str, int]) -> str | None:
    """The reason the allowlist gives for this difference, or None."""
    for entry in yaml.safe_load(ALLOWLIST.read_text(encoding="utf-8")) or []:
        if entry.get("chapter") not in (None, chapter[:2]):
            continue
        if not re.search(entry["command"], command):
            continue
        if entry.get("real") and not re.search(entry["real"], real[0] + real[1], re.M):
            continue
        return entry["reason"]
    return None


# ------------------------------------------------------------------ as a pytest plugin
_SCENARIO_RECORDERS: list[Recorder] = []


class _Shim:
    """What Recorder needs of the magics, for a bare Cluster: its kubectl, unrecorded."""

    def __init__(self, cluster, original):
        self.cluster, self._original = cluster, original

    def _kubectl(self, line: str, stdin: str | None = None):
        return self._original(self.cluster, line, stdin=stdin)


def pytest_configure(config) -> None:
    if not os.environ.get("REPLAY_REPORT"):
        return
    from kubelab.cluster import Cluster
    original = Cluster.kubectl
    recorders: dict[int, Recorder] = {}

    def kubectl(self, cmdline, stdin=None):
        rec = recorders.get(id(self))
        if rec is None or rec.magics.cluster is not self:
            rec = recorders[id(self)] = Recorder(_Shim(self, original), "scenarios")
            _SCENARIO_RECORDERS.append(rec)
        line = cmdline if isinstance(cmdline, str) else shlex.join(cmdline)
        if line.startswith("kubectl "):
            line = line[len("kubectl "):]
        try:
            rec.compare(line, stdin)
        except Exception as err:          # the replay must not change what the test sees
            rec.skipped.append((line, f"replay failed: {err!r}"))
        return original(self, cmdline, stdin=stdin)
    Cluster.kubectl = kubectl


def pytest_unconfigure(config) -> None:
    report = os.environ.get("REPLAY_REPORT")
    if not report:
        return
    out = {"same": [], "differ": [], "skipped": [], "applied_same": [], "applied_differ": []}
    for rec in _SCENARIO_RECORDERS:
        rec.close()
        for key in out:
            out[key] += getattr(rec, key)
    with open(report, "w", encoding="utf-8") as fh:
        json.dump(out, fh)
