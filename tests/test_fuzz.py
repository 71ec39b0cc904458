"""Random command lines and mutated manifests: never a traceback, never an
internal error, and a rejected request changes nothing."""
import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

import kubelab

VERBS = ["get", "describe", "delete", "create", "apply", "scale", "label", "expose", "rollout", "logs",
         "exec", "config", "version", "api-resources", "set", "edit", "top", "wait",
         "patch", "cordon", "uncordon", "drain", "taint", "explain", "events", "api-versions", "port-forward",
         "run", "attach"]
WORDS = ["pods", "pod", "po", "deployment", "deploy", "rs", "svc", "nodes", "all", "events", "configmap",
         "secret", "generic", "namespace", "hello", "web", "minikube", "kube-system", "x/y", "deploy/web",
         "pods,svc", "-o", "yaml", "json", "wide", "name", "-n", "-A", "-l", "app=web", "app in (a,b)", "--all",
         "--image=nginx", "--replicas=2", "--replicas=-1", "--port=80", "-f", "-", "--dry-run=client",
         "--grace-period=0", "--force", "--", "sh", "-c", "echo", "=", "--from-literal=a=b", "--foo", "-z",
         "--selector", "''", "status", "history", "undo", "view", "--raw", "nope", "Web", "a" * 70,
         # the commands beyond the notes
         "-p", '{"spec":{"replicas":3}}', '{"spec":', "--type=json", "--type=merge", '[{"op":"remove","path":"/x"}]',
         "key=value:NoSchedule", "key-", "k=v:Bad", "--overwrite", "--ignore-daemonsets", "--delete-emptydir-data",
         "--for", "pod/x", "--types=Warning", "cronjob", "job", "--schedule=*/1 * * * *", "--schedule=bad",
         "--from=cronjob/x", "env", "resources", "image", "--limits=cpu=1", "--requests=cpu=2", "A=B", "A-",
         "pod.spec", "deployment.spec.strategy", "--recursive", "set-context", "--current",
         "--namespace=kube-system", "use-context", "get-contexts", "--local", "--timeout=5s", "--all-pods",
         "8080:80", ":80", "80", "svc/web", "pod/x:y", "sa", "role", "rolebinding", "--verb=get",
         "--resource=pods", "--role=r", "--user=alice", "quota", "--hard=pods=2", "ingress",
         "--rule=foo.com/=web:80", "priorityclass", "--value=10",
         # output features: templates, custom columns, sorting, label columns, resource.version.group
         '-o=go-template={{range .items}}{{.metadata.name}}{{"\\n"}}{{end}}', "--template", "{{.x", "{{.}}",
         "{{index .items 5}}", "{{(index .spec.ports 0).nodePort}}", "go-template", "go-template-file=nope",
         "-o=custom-columns=N:.metadata.name,L:.metadata.labels", "custom-columns=x", "custom-columns-file=nope",
         "jsonpath-file=nope", "--sort-by=.metadata.name", "--sort-by=.spec", "--sort-by={.status.replicas}",
         "-L", "app", "--show-labels", "--no-headers", "--allow-missing-template-keys=false",
         "deployment.v1.apps/web", "deployments.apps", "rs.v1.apps", "deployment.v2.apps/web", "pods.v1.",
         "-i", "--tty", "-it", "--rm", "--restart=Never", "--image=busybox", "nslookup"]

MANIFEST = {
    "apiVersion": "apps/v1", "kind": "Deployment",
    "metadata": {"name": "web", "labels": {"app": "web"}},
    "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "web"}},
             "template": {"metadata": {"labels": {"app": "web"}},
                          "spec": {"containers": [{"name": "web", "image": "nginx", "ports": [{"containerPort": 80}]}]}}},
}

PATHS = [("metadata", "name"), ("spec", "replicas"), ("spec", "selector"), ("spec", "template", "metadata", "labels"),
         ("spec", "template", "spec", "containers"), ("kind",), ("apiVersion",), ("metadata",)]
VALUES = [None, "", "Bad_Name", -1, 3, "three", [], {}, {"app": "other"}, [{"name": "x"}], "v1", "Pod", 10 ** 12]


def snapshot(c):
    return c.api._rv


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(WORDS), max_size=6), st.sampled_from(VERBS))
def test_random_command_lines(words, verb):
    c = kubelab.Cluster(pause=0)
    c.kubectl("create deployment web --image=nginx")
    c.settle()
    before = snapshot(c)
    r = c.kubectl([verb] + words)
    assert isinstance(r, kubelab.Result)
    assert "internal error" not in r.stderr, (verb, words, r.stderr)
    assert "Traceback" not in r.stderr
    # (drain cordons before it finds what it cannot evict, as kubectl does)
    if r.returncode != 0 and verb not in ("delete", "apply", "create", "label", "scale", "drain", "taint"):
        assert snapshot(c) == before


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(PATHS), st.sampled_from(VALUES))
def test_mutated_manifests_are_rejected_cleanly(path, value):
    import copy
    doc = copy.deepcopy(MANIFEST)
    cur = doc
    for key in path[:-1]:
        cur = cur.setdefault(key, {}) if isinstance(cur, dict) else {}
    if isinstance(cur, dict):
        if value is None:
            cur.pop(path[-1], None)
        else:
            cur[path[-1]] = value
    c = kubelab.Cluster(pause=0)
    before = snapshot(c)
    r = c.kubectl("apply -f -", stdin=yaml.safe_dump(doc))
    assert "internal error" not in r.stderr, (path, value, r.stderr)
    if r.returncode != 0:
        assert r.stderr.strip()
        assert snapshot(c) == before, (path, value, r.stderr)


TEMPLATE_PIECES = ["{{", "}}", "{{-", "-}}", " ", ".", ".items", ".metadata", ".name", "range", "if", "else", "end",
                   "with", "$x", ":=", "=", "|", "(", ")", '"a"', "`raw`", "'c'", "1", "-2", "0x1f", "1.5",
                   "index", "len", "printf", '"%d %s"', "eq", "lt", "and", "or", "not", "base64decode", "exists",
                   "break", "continue", "nil", "true", "/*", "*/", "define", "template", '"t"', "\n", "x"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(TEMPLATE_PIECES), max_size=14))
def test_random_go_templates_fail_as_go_does(pieces):
    """Any template either prints or fails with Go's kind of message, never a Python error."""
    from kubelab.kubectl import gotemplate
    data = {"items": [{"metadata": {"name": "a"}}, {"metadata": {"name": None}}], "spec": {"ports": []}, "n": 3}
    try:
        out = gotemplate.render("".join(pieces), data)
    except gotemplate.TemplateError as err:
        assert str(err).startswith("template: output:"), str(err)
    else:
        assert isinstance(out, str)
