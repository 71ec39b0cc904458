"""kubectl label/annotate when a key already has a value: the words of the real
kubectl v1.32.4, recorded against the served cluster (``c.serve()``).  label.go
visits every object and collects the refusals: one is printed as ``error: ...``,
several (cmdutil.CheckErr on an aggregate) one a line without the prefix; the
objects without a clash are still labeled.  ``--overwrite`` changes the value."""
import pytest

import kubelab


@pytest.fixture
def c():
    c = kubelab.Cluster()
    c.kubectl("run web --image=nginx")
    c.kubectl("run web1 --image=nginx")
    c.settle()
    return c


def test_one_clash_is_an_error_line(c):
    r = c.kubectl("label pod web run=other")
    assert (r.stdout, r.stderr, r.returncode) == (
        "", "error: 'run' already has a value (web), and --overwrite is false\n", 1)
    assert c.kubectl("label pod web run=other --overwrite").stdout == "pod/web labeled\n"
    assert c.kubectl("label pod web run=other --overwrite").stdout == "pod/web not labeled\n"
    assert c.get("pod", "web")["metadata"]["labels"]["run"] == "other"


def test_several_clashes_a_line_each_and_the_others_still_labeled(c):
    c.kubectl("label pods --all tier=a")
    r = c.kubectl("label pods --all tier=b")
    assert (r.stdout, r.returncode) == ("", 1)
    assert r.stderr == "'tier' already has a value (a), and --overwrite is false\n" * 2
    c.kubectl("label pod web1 color=red")
    r = c.kubectl("label pods --all color=blue")
    assert (r.stdout, r.stderr) == ("pod/web labeled\n",
                                    "error: 'color' already has a value (red), and --overwrite is false\n")
    assert c.get("pod", "web")["metadata"]["labels"]["color"] == "blue"
    assert c.get("pod", "web1")["metadata"]["labels"]["color"] == "red"
    assert c.kubectl("label pods --all tier=b --overwrite").stdout == "pod/web labeled\npod/web1 labeled\n"


def test_annotate_clashes(c):
    c.kubectl("annotate pods --all note=a")
    r = c.kubectl("annotate pods --all note=b")
    assert r.stderr == ("--overwrite is false but found the following declared annotation(s): "
                        "'note' already has a value (a)\n") * 2
    r = c.kubectl("annotate pod web note=b")
    assert r.stderr == ("error: --overwrite is false but found the following declared annotation(s): "
                        "'note' already has a value (a)\n")
