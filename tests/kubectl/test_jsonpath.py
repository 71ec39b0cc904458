"""-o jsonpath as people use it on ConfigMaps and Secrets.  Expected text is the
output of the real kubectl v1.32.4 for
``kubectl create secret generic sys-app-credentials --from-literal username=bob
--from-literal password=bobpwd --dry-run=client -o jsonpath=TEMPLATE``."""
import base64

import pytest

import kubelab

GOLDEN = [
    ("{.data.password}", "Ym9icHdk", ""),
    ("{.data}", '{"password":"Ym9icHdk","username":"Ym9i"}', ""),
    ('{.metadata.name}{"\\n"}', "sys-app-credentials\n", ""),
    ('{.data.username}{" "}{.data.password}', "Ym9i Ym9icHdk", ""),
    ('{range .data}{@}{"\\n"}{end}', '{"password":"Ym9icHdk","username":"Ym9i"}\n', ""),
    ("{.data.missing}", "", ""),
    ("{.data.password", "", "error: error parsing jsonpath {.data.password, unclosed action\n"),
]

CREATE = "create secret generic sys-app-credentials --from-literal username=bob --from-literal password=bobpwd"


@pytest.fixture(scope="module")
def cluster():
    return kubelab.Cluster()


@pytest.mark.parametrize("template,out,err", GOLDEN)
def test_dry_run_jsonpath_matches_real_kubectl(cluster, template, out, err):
    r = cluster.kubectl(CREATE.split() + ["--dry-run=client", f"-o=jsonpath={template}"])
    assert (r.stdout, r.stderr) == (out, err)


def test_get_secret_password_then_decode():
    c = kubelab.Cluster()
    c.kubectl(CREATE)
    r = c.kubectl(["get", "secret", "sys-app-credentials", "-o", "jsonpath={.data.password}"])
    assert base64.b64decode(r.stdout).decode() == "bobpwd"

