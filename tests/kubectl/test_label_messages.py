"""What `kubectl label` says it did, as kubectl v1.32's updateDataChangeMsg decides
(label.go): "labeled" for any change, "unlabeled" only without --overwrite when the
object got shorter, "not labeled" for none.  Golden text from the real kubectl
v1.32.4 against the served cluster, one command after the other."""
from __future__ import annotations

import kubelab

STEPS = [
    ("label pod web app=debug tier- --overwrite", "pod/web labeled\n"),      # adds and removes: not "modified"
    ("label pod web x=1 app-", "pod/web unlabeled\n"),                       # shorter, no --overwrite
    ("label pod web y=1 x- --overwrite", "pod/web labeled\n"),
    ("label pod web y- --overwrite", "pod/web labeled\n"),                   # a removal, but --overwrite
    ("label pod web z=1 --overwrite", "pod/web labeled\n"),
    ("label pod web z- q=1", "pod/web labeled\n"),                           # as long as before
    ("label pod web q=1", "pod/web not labeled\n"),
    ("label pod bare foo-", 'label "foo" not found.\npod/bare labeled\n'),   # kubectl adds an empty labels map
    ("label pod bare a=1", "pod/bare labeled\n"),
    ("label pod bare a-", "pod/bare unlabeled\n"),
]


def test_label_says_what_kubectl_says():
    c = kubelab.Cluster(pause=0)
    c.kubectl("run web --image=nginx --labels=app=web,tier=front")
    c.kubectl("apply -f -", stdin="apiVersion: v1\nkind: Pod\nmetadata: {name: bare}\n"
                                  "spec: {containers: [{name: c, image: nginx}]}\n")
    for command, said in STEPS:
        r = c.kubectl(command)
        assert (r.returncode, r.stdout) == (0, said), command
    assert c.get("pod", "web")["metadata"]["labels"] == {"q": "1"}
