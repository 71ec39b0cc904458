"""kubectl get's printers for lists: -o custom-columns(-file), jsonpath-file,
go-template(-file), --template, --sort-by.  The expected text is what the real
kubectl v1.32.4 printed for ``kubectl get ARGS`` against a fake apiserver serving
the lists stored in golden/getoutput/fake-apiserver.json (the server script is
fake_apiserver.py.txt beside it; the lists are the kit's own pods and deployments).
Only the clock-dependent klog stamp of a fatal sort error is compared by shape."""
import json
import pathlib
import re

import pytest

import kubelab
from kubelab.api import resources
from kubelab.kubectl import cli
from kubelab.kubectl.commands import get as getcmd
from kubelab.kubectl.output import with_template

HERE = pathlib.Path(__file__).parent / "golden" / "getoutput"
GOLDEN = json.loads((HERE / "fake-apiserver.json").read_text())


class _Ctx:
    def __init__(self, cluster, opts, cwd):
        self.out, self.err, self.global_opts, self.session, self.cwd = [], [], opts, cluster, cwd

    def print(self, text="", end="\n"):
        self.out.append(text + end)


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("files")
    for name, text in GOLDEN["files"].items():
        (d / name).write_text(text)
    return d


def _run(args, files, dataset=None):
    args = [a.replace("/tmp/fake/", str(files) + "/") for a in args]
    words, opts, _ = cli.parse_flags(args, getcmd.FLAGS + cli.PRINT_FLAGS + cli.GLOBAL_FLAGS, "get")
    ctx = _Ctx(kubelab.Cluster(), opts, str(files))
    try:
        if opts["template"]:
            opts["output"] = with_template(opts["output"], opts["template"], human=True)
        lists = {"pods": GOLDEN[dataset or "pods"]["items"], "deploy": GOLDEN["deployments"]["items"]}
        results = []
        for kind in words[0].split(","):
            rt = resources.lookup(kind)
            items = json.loads(json.dumps(lists[kind]))
            if len(words) > 1:
                items = [o for o in items if o["metadata"]["name"] in words[1:]]
            results += [(rt, o) for o in items]
        single = len(words) == 2
        getcmd._print_mixed(ctx, results, opts, opts["output"], single=single)
        return "".join(ctx.out), "", 0
    except cli.CommandError as err:
        return "".join(ctx.out), err.text if err.text.endswith("\n") else err.text + "\n", err.code


@pytest.mark.parametrize("case", GOLDEN["cases"], ids=lambda c: " ".join(c["args"])[:60])
def test_get_output_matches_real_kubectl(case, files):
    out, err, code = _run(case["args"], files, case.get("list"))
    stamp = re.compile(r"^F\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ ")
    assert (out, stamp.sub("F", err), code) == (case["stdout"], stamp.sub("F", case["stderr"]), case["code"])


def test_sort_by_orders_a_live_table_and_labels_columns():
    c = kubelab.Cluster()
    c.kubectl("create deployment web --image=nginx --replicas=3")
    c.kubectl("create deployment api --image=nginx --replicas=1")
    c.settle()
    r = c.kubectl("get deploy --sort-by=.spec.replicas -L app --show-labels --no-headers")
    assert [line.split()[0] for line in r.stdout.splitlines()] == ["api", "web"]
    assert r.stdout.splitlines()[0].split()[-2:] == ["api", "app=api"]
    r = c.kubectl("get deploy --sort-by=.spec -o name")
    assert r.returncode == 1 and "sorter.go:329] Field {.spec} in *unstructured.Unstructured is an unsortable type" in r.stderr


# What the real kubectl v1.32.4 printed against the fake apiserver (pods; apps/v1
# deployments and replicasets) for each resource argument.
RESOURCE_ARGS = [
    ("deployment.v1.apps/web", "deployment.apps/web\n", ""),
    ("deployments.apps", "deployment.apps/web\n", ""),
    ("deployment.apps", "deployment.apps/web\n", ""),
    ("deploy.apps", "deployment.apps/web\n", ""),
    ("deploy.v1.apps", "deployment.apps/web\n", ""),
    ("Deployment.apps", "deployment.apps/web\n", ""),
    ("deployment.apps/web", "deployment.apps/web\n", ""),
    ("deployment.v2.apps", "", 'error: the server doesn\'t have a resource type "deployment"\n'),
    ("deployments.nope", "", 'error: the server doesn\'t have a resource type "deployments"\n'),
    ("pod.v1", "", 'error: the server doesn\'t have a resource type "pod"\n'),
    ("pods.v1", "", 'error: the server doesn\'t have a resource type "pods"\n'),
    ("deployments.v1.apps.x", "", 'error: the server doesn\'t have a resource type "deployments"\n'),
    ("deployments.extensions", "", 'error: the server doesn\'t have a resource type "deployments"\n'),
]


@pytest.fixture(scope="module")
def one_deployment():
    c = kubelab.Cluster()
    c.kubectl("create deployment web --image=nginx")
    c.settle()
    return c


@pytest.mark.parametrize("arg,out,err", RESOURCE_ARGS)
def test_resource_version_group_forms(one_deployment, arg, out, err):
    r = one_deployment.kubectl(["get", arg, "-o", "name"])
    assert (r.stdout, r.stderr) == (out, err)


def test_core_group_with_version_and_the_replicaset_short_name(one_deployment):
    pods = one_deployment.kubectl("get pods.v1. -o name").stdout
    assert pods.startswith("pod/web-") and one_deployment.kubectl("get rs.v1.apps -o name").stdout.startswith("replicaset.apps/web-")


def test_fully_qualified_names_in_other_commands(one_deployment):
    c = one_deployment
    assert c.kubectl("rollout status deployment.v1.apps/web").stdout == 'deployment "web" successfully rolled out\n'
    assert c.kubectl("label deployment.v1.apps/web tier=fe").stdout == "deployment.apps/web labeled\n"
    assert c.kubectl("scale deployments.apps web --replicas=2").stdout == "deployment.apps/web scaled\n"
    assert c.kubectl("describe deployment.v1.apps/web").stdout.startswith("Name:                   web\n")
