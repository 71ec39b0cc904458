"""``kubectl scale`` with ``-o`` and ``--dry-run`` as kubectl v1.32.4 prints them
(RunScale in staging/src/k8s.io/kubectl/pkg/cmd/scale/scale.go prints ``info.Object``,
the object as the builder fetched it, before the scale): checked by hand against the
real kubectl on a served cluster, and replayed through it by the differential test.

    $ kubectl scale deployment web --replicas=3 --dry-run=client -o yaml   # replicas: 1
    $ kubectl scale deployment web --replicas=3 --dry-run=server -o name
    deployment.apps/web
    $ kubectl scale deployment web --replicas=3 -o yaml                     # replicas: 1, then scaled
"""
import yaml

import kubelab


def _cluster():
    c = kubelab.Cluster()
    c.kubectl("create deployment web --image=nginx --replicas=1")
    c.settle()
    return c


def test_client_dry_run_prints_the_object_unchanged_and_changes_nothing():
    c = _cluster()
    before = c.kubectl("get deployment web -o yaml").stdout
    r = c.kubectl("scale deployment web --replicas=3 --dry-run=client -o yaml")
    assert r.returncode == 0 and yaml.safe_load(r.stdout)["spec"]["replicas"] == 1
    assert r.stdout == before
    assert c.kubectl("scale deployment web --replicas=3 --dry-run=client").stdout == "deployment.apps/web scaled (dry run)\n"
    assert c.kubectl("get deployment web -o jsonpath={.spec.replicas}").stdout == "1"


def test_name_output_is_the_bare_name():
    c = _cluster()
    assert c.kubectl("scale deployment web --replicas=3 --dry-run=server -o name").stdout == "deployment.apps/web\n"
    assert c.kubectl("get deployment web -o jsonpath={.spec.replicas}").stdout == "1"
    assert c.kubectl("scale deployment web --replicas=2 -o name").stdout == "deployment.apps/web\n"
    assert c.kubectl("get deployment web -o jsonpath={.spec.replicas}").stdout == "2"


def test_output_shows_the_object_before_the_scale_which_still_happens():
    c = _cluster()
    r = c.kubectl("scale deployment web --replicas=3 -o jsonpath={.spec.replicas}")
    assert (r.returncode, r.stdout) == (0, "1")
    assert c.kubectl("get deployment web -o jsonpath={.spec.replicas}").stdout == "3"


def test_human_formats_are_refused():
    c = _cluster()
    r = c.kubectl("scale deployment web --replicas=3 -o wide")
    assert r.returncode == 1 and r.stderr.startswith(
        'error: unable to match a printer suitable for the output format "wide", allowed formats are: '
        "go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml")
    assert c.kubectl("get deployment web -o jsonpath={.spec.replicas}").stdout == "1"
