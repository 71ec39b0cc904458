"""The notes' shell lines run verbatim on a simulated machine."""
import kubelab
from kubelab.setup import shell


def cluster_with_hello():
    c = kubelab.Cluster()
    c.kubectl("create deployment hello-node --image=k8s.gcr.io/echoserver:1.4")
    c.settle()
    return c, c.machines["laptop"]


def test_export_a_command_substitution_and_echo_it():
    c, m = cluster_with_hello()
    pod = c.api.list("pods", "default")[0]["metadata"]["name"]
    r = shell.run(c, m, "export POD_NAME=$(kubectl get pods -o jsonpath='{.items[0].metadata.name}')\n"
                        "echo Name of the Pod: $POD_NAME")
    assert r.stdout == f"Name of the Pod: {pod}\n" and m.env["POD_NAME"] == pod
    assert shell.run(c, m, "kubectl label pod $POD_NAME version=v1 --overwrite").stdout == f"pod/{pod} labeled\n"


def test_quotes_keep_or_expand_as_bash_does():
    c, m = cluster_with_hello()
    m.env["X"] = "a  b"
    assert shell.run(c, m, "echo '$X' \"$X\" $X").stdout == "$X a  b a b\n"
    assert shell.run(c, m, 'echo "$(echo one   two)" $(echo three   four)').stdout == "one two three four\n"


def test_pipes_to_grep_and_lists():
    c, m = cluster_with_hello()
    assert shell.run(c, m, "kubectl get pods | grep -c hello-node").stdout == "1\n"
    r = shell.run(c, m, "kubectl get pods | grep nothing && echo found || echo none")
    assert r.stdout == "none\n"
    assert shell.run(c, m, "kubectl get pods | grep -v NAME | wc -l").stdout == "1\n"


def test_stderr_is_not_piped_unless_redirected():
    c, m = cluster_with_hello()
    r = shell.run(c, m, "kubectl get nope | grep x")
    assert 'the server doesn\'t have a resource type "nope"' in r.stderr and r.stdout == ""
    r = shell.run(c, m, "kubectl get nope 2>&1 | grep -c resource")
    assert r.stdout == "1\n" and r.stderr == ""
    assert shell.run(c, m, "kubectl get nope 2>/dev/null").stderr == ""


def test_unknown_commands_and_bad_quotes_fail_like_bash():
    c, m = cluster_with_hello()
    assert shell.run(c, m, "frobnicate").returncode == 127
    r = shell.run(c, m, "echo 'oops")
    assert r.returncode == 2 and "unexpected EOF" in r.stderr


def test_a_one_line_for_loop_repeats_its_body():
    c, m = cluster_with_hello()
    r = shell.run(c, m, "for i in 1 2 3; do echo round $i; done\necho after")
    assert r.stdout == "round 1\nround 2\nround 3\nafter\n"
