"""kubernetes.io's "Declarative Management of Kubernetes Objects Using Configuration
Files" (content/en/docs/tasks/manage-kubernetes-objects/declarative-config.md): ``kubectl
diff`` before and after ``kubectl apply``, a field set imperatively (``scale``) that
apply leaves alone, and what ``diff`` shows for an object the server does not have, a
changed one and a Secret.  The outputs are kubectl v1.32.4's (diff_test.go's cases and
the real kubectl against a served cluster; the differential test replays these
commands through it, the temporary names, times and drawn uids aside)."""
import re

import kubelab

DIFF_HEADER = re.compile(
    r"^diff -u -N /tmp/LIVE-(\d+)/(\S+) /tmp/MERGED-(\d+)/\2\n"
    r"--- /tmp/LIVE-\1/\2\t(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{9} \+0000)\n"
    r"\+\+\+ /tmp/MERGED-\3/\2\t\4\n")


def cluster(tmp_path):
    return kubelab.Cluster(cwd=str(tmp_path))


def test_diff_before_and_after_apply(tmp_path):
    (tmp_path / "web.yaml").write_text(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n"
        "      app: web\n  minReadySeconds: 5\n  template:\n    metadata:\n      labels:\n        app: web\n"
        "    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.14.2\n")
    c = cluster(tmp_path)
    r = c.kubectl("diff -f web.yaml")
    assert r.returncode == 1 and r.stderr == ""
    head = DIFF_HEADER.match(r.stdout)
    assert head and head.group(2) == "apps.v1.Deployment.default.web"
    body = r.stdout[head.end():]
    assert body.startswith("@@ -0,0 +1,")           # nothing live: every line is new
    assert "+  minReadySeconds: 5\n" in body and "+  replicas: 1\n" in body      # as the server defaults it
    assert c.kubectl("get deployments").stdout == ""  # a dry run: nothing was created
    c.kubectl("apply -f web.yaml")
    c.settle()
    assert c.kubectl("diff -f web.yaml").returncode == 0                  # applied: no difference
    c.kubectl("scale deployment web --replicas=2")
    assert (c.kubectl("diff -f web.yaml").stdout, c.kubectl("diff -f web.yaml").returncode) == ("", 0)
    (tmp_path / "web.yaml").write_text((tmp_path / "web.yaml").read_text()
                                       .replace("nginx:1.14.2", "nginx:1.16.1").replace("  minReadySeconds: 5\n", ""))
    r = c.kubectl("diff -f web.yaml")
    assert r.returncode == 1
    body = r.stdout[DIFF_HEADER.match(r.stdout).end():]
    hunks = [line for line in body.splitlines() if line[:1] in "+-"]
    assert hunks == ["-  generation: 2", "+  generation: 3", "-  minReadySeconds: 5",
                     "-      - image: nginx:1.14.2", "+      - image: nginx:1.16.1"]
    assert c.get("deployment", "web")["spec"]["template"]["spec"]["containers"][0]["image"] == "nginx:1.14.2"


def test_unified_hunks_and_ranges():
    from kubelab.kubectl.commands.diff import unified
    a = [f"{i}\n" for i in range(1, 21)]
    b = a[:4] + ["x\n"] + a[5:18] + a[19:]
    assert unified(a, b) == ["@@ -2,7 +2,7 @@\n", " 2\n", " 3\n", " 4\n", "-5\n", "+x\n", " 6\n", " 7\n", " 8\n",
                             "@@ -16,5 +16,4 @@\n", " 16\n", " 17\n", " 18\n", "-19\n", " 20\n"]
    assert unified([], ["a\n"]) == ["@@ -0,0 +1 @@\n", "+a\n"]
    assert unified(["a\n"], []) == ["@@ -1 +0,0 @@\n", "-a\n"]
    # a repeated line added after its twin is drawn after it, as GNU diff draws it
    assert unified(["p: 1\n", "q: 2\n"], ["p: 1\n", "q: 2\n", "q: 2\n"]) == ["@@ -1,2 +1,3 @@\n", " p: 1\n", " q: 2\n", "+q: 2\n"]


def test_secret_values_are_masked(tmp_path):
    (tmp_path / "s.yaml").write_text("apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  password: one\n"
                                     "  user: admin\n")
    c = cluster(tmp_path)
    r = c.kubectl("diff -f s.yaml")
    lines = r.stdout.splitlines()
    assert "@@ -1 +1,11 @@" in lines and "-null" in lines        # the masker's nil object prints as null
    assert "+  password: '***'" in lines and "+  user: '***'" in lines and "one" not in r.stdout
    c.kubectl("apply -f s.yaml")
    (tmp_path / "s.yaml").write_text((tmp_path / "s.yaml").read_text().replace("one", "two"))
    lines = c.kubectl("diff -f s.yaml").stdout.splitlines()
    assert "-  password: '*** (before)'" in lines and "+  password: '*** (after)'" in lines
    assert "   user: '***'" in lines


def test_errors_exit_two(tmp_path):
    (tmp_path / "bad.yaml").write_text("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: nosuch\n")
    c = cluster(tmp_path)
    r = c.kubectl("diff")
    assert (r.returncode, r.stderr) == (2, "error: must specify one of -f and -k\n")
    r = c.kubectl("diff -f bad.yaml")
    assert (r.returncode, r.stderr) == (2, 'Error from server (NotFound): namespaces "nosuch" not found\n')
    r = c.kubectl("diff -f bad.yaml --force-conflicts")
    assert (r.returncode, r.stderr) == (2, "error: --force-conflicts only works with --server-side\n")
    r = c.kubectl("diff -f nosuch.yaml")
    assert r.returncode == 2 and r.stderr.startswith('error: the path "nosuch.yaml" does not exist')
