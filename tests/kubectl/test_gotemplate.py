"""-o go-template as kubectl v1.32 runs it (Go's text/template with kubectl's
functions).  The expected text is what the real kubectl v1.32.4 printed for
``kubectl label --local -f object.yaml x=y -o go-template=TEMPLATE`` (and with
``--allow-missing-template-keys=false``): stdout, stderr and exit code, byte for
byte, errors included (see golden/gotemplate/label-local.json)."""
import json
import pathlib

import pytest

import kubelab
from kubelab.kubectl import gotemplate
from kubelab.kubectl.cli import CommandError
from kubelab.kubectl.output import go_template

GOLDEN = json.loads((pathlib.Path(__file__).parent / "golden" / "gotemplate" / "label-local.json").read_text())


class _Ctx:
    def __init__(self):
        self.out = []


@pytest.mark.parametrize("case", GOLDEN["cases"], ids=lambda c: ("" if c["allow_missing"] else "strict:") + c["template"][:40])
def test_template_matches_real_kubectl(case):
    ctx = _Ctx()
    err, code = "", 0
    try:
        go_template(ctx, case["template"], GOLDEN["object"], missing_error=not case["allow_missing"])
    except CommandError as e:
        err, code = (e.text if e.text.endswith("\n") else e.text + "\n"), e.code
    assert ("".join(ctx.out), err, code) == (case["stdout"], case["stderr"], case["code"])


def test_golden_covers_the_tutorial_forms():
    templates = {c["template"] for c in GOLDEN["cases"]}
    assert '{{range .entries}}{{.metadata.name}}{{"\\n"}}{{end}}' in templates
    assert any("(index" in t and ").spec" in t for t in templates)


def test_engine_reads_decoded_json_numbers_as_go_does():
    assert gotemplate.render("{{.a}} {{.b}} {{.c}}", {"a": 30080, "b": 0.5, "c": 1000000.0}) == "30080 0.5 1e+06"


@pytest.fixture
def bootcamp():
    c = kubelab.Cluster()
    c.kubectl("create deployment kubernetes-bootcamp --image=gcr.io/google-samples/kubernetes-bootcamp:v1")
    c.kubectl("expose deployment/kubernetes-bootcamp --type=NodePort --port 8080")
    c.settle()
    return c


def test_basics_tutorial_pod_name_and_node_port(bootcamp):
    """Learn Kubernetes Basics, modules 3 and 4."""
    r = bootcamp.kubectl("""get pods -o go-template --template '{{range .items}}{{.metadata.name}}{{"\\n"}}{{end}}'""")
    pod = bootcamp.api.list(bootcamp.api.resource("Pod"), "default")[0]["metadata"]["name"]
    assert (r.stdout, r.stderr, r.returncode) == (pod + "\n", "", 0)
    svc = bootcamp.kubectl(["get", "services/kubernetes-bootcamp", "-o", "json"]).stdout
    port = json.loads(svc)["spec"]["ports"][0]["nodePort"]
    r = bootcamp.kubectl("""get services/kubernetes-bootcamp -o go-template='{{(index .spec.ports 0).nodePort}}'""")
    assert r.stdout == str(port)


def test_template_flag_alone_means_go_template_and_wins_over_the_inline_one(bootcamp, tmp_path):
    assert bootcamp.kubectl("get deploy --template '{{range .items}}{{.spec.replicas}}{{end}}'").stdout == "1"
    (tmp_path / "t.tmpl").write_text("{{.kind}}\n")
    bootcamp.cwd = str(tmp_path)
    assert bootcamp.kubectl("get deploy -o go-template-file=t.tmpl").stdout == "List\n"
    assert bootcamp.kubectl("get deploy -o go-template-file --template t.tmpl").stdout == "List\n"
    assert bootcamp.kubectl("get deploy -o jsonpath --template '{.kind}'").stdout == "List"


def test_template_errors_read_as_kubectl_prints_them(bootcamp):
    # Each text is what the real kubectl v1.32.4 prints for the same flags.
    r = bootcamp.kubectl("get deploy -o go-template")
    assert (r.stdout, r.stderr, r.returncode) == ("", "error: template format specified but no template given\n", 1)
    r = bootcamp.kubectl("get deploy -o go-template-file=/nope")
    assert r.stderr == "error: error reading --template /nope, open /nope: no such file or directory\n"
    r = bootcamp.kubectl("get deploy -o yaml --template x")
    assert r.stderr.startswith('error: unable to match a printer suitable for the output format "yaml", allowed formats are: custom-columns,')
    r = bootcamp.kubectl("get deploy -o go-template='{{range .items}}'")
    assert r.stderr == "error: error parsing template {{range .items}}, template: output:1: unexpected EOF\n"


def test_no_objects_print_the_empty_list_through_the_template():
    c = kubelab.Cluster()
    r = c.kubectl("get pods -o go-template='{{len .items}} {{.kind}}'")
    assert (r.stdout, r.stderr) == ("0 List", "")
