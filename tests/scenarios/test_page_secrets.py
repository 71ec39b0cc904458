"""kubernetes.io's "Distribute Credentials Securely Using Secrets"
(content/en/docs/tasks/inject-data-application/distribute-credentials-secure.md), its
commands in the page's order, with the website's ``pods/inject/secret.yaml``,
``secret-pod.yaml`` and ``pod-secret-envFrom.yaml``.  The stored copies of the two
secretKeyRef examples are early broken ones (one has no apiVersion, the other a tab
in its YAML), so those two pods are written here as the page's text describes them
(``env-single-secret``, ``envvars-multiple-secrets``).  The interactive shells
(``kubectl exec -it ... -- /bin/bash``, then ``cd``, ``ls``, ``cat``) run as one
``sh -c``.
"""
import pathlib

import pytest

import kubelab
from kubelab.setup import shell

EXAMPLES = pathlib.Path(__file__).parents[1] / "data" / "website-examples"


@pytest.fixture
def c():
    return kubelab.Cluster(cwd=str(EXAMPLES))


def test_base64_then_the_secret_and_its_description(c):
    laptop = c.machines["laptop"]
    assert shell.run(c, laptop, "echo -n 'my-app' | base64").stdout == "bXktYXBw\n"
    assert shell.run(c, laptop, "echo -n '39528$vdg7Jb' | base64").stdout == "Mzk1MjgkdmRnN0pi\n"
    assert c.kubectl("apply -f pods/inject/secret.yaml").stdout == "secret/test-secret created\n"
    got = [line.split() for line in c.kubectl("get secret test-secret").stdout.splitlines()]
    assert got[0] == ["NAME", "TYPE", "DATA", "AGE"] and got[1][:3] == ["test-secret", "Opaque", "2"]
    d = c.kubectl("describe secret test-secret").stdout
    assert d.startswith("Name:         test-secret\nNamespace:    default\nLabels:       <none>\n"
                        "Annotations:  <none>\n\nType:  Opaque\n\nData\n====\n")
    # the page shows 13 and 7 bytes, from an older secret.yaml whose values ended in a newline
    assert sorted(d.splitlines()[-2:]) == ["password:  12 bytes", "username:  6 bytes"]
    # the page's note: the same Secret from literals (it exists now, so kubectl says so)
    r = c.kubectl(["create", "secret", "generic", "test-secret", "--from-literal=username=my-app",
                   "--from-literal=password=39528$vdg7Jb"])
    assert (r.stderr, r.returncode) == ('error: failed to create secret secrets "test-secret" already exists\n', 1)


def test_the_secret_as_a_volume(c):
    c.kubectl("apply -f pods/inject/secret.yaml")
    assert c.kubectl("apply -f pods/inject/secret-pod.yaml").stdout == "pod/secret-test-pod created\n"
    c.settle()
    assert c.kubectl("get pod secret-test-pod --no-headers").stdout.split()[1:3] == ["1/1", "Running"]
    r = c.kubectl(["exec", "secret-test-pod", "--", "/bin/bash", "-c",
                   "cd /etc/secret-volume; ls; cat username; echo; cat password; echo"])
    assert r.stdout == "password\nusername\nmy-app\n39528$vdg7Jb\n"


def test_secret_data_as_environment_variables(c):
    assert c.kubectl("create secret generic backend-user --from-literal=backend-username='backend-admin'").stdout == \
        "secret/backend-user created\n"
    c.kubectl("apply -f -", stdin="""\
apiVersion: v1
kind: Pod
metadata:
  name: env-single-secret
spec:
  containers:
  - name: envars-test-container
    image: nginx
    env:
    - name: SECRET_USERNAME
      valueFrom:
        secretKeyRef:
          name: backend-user
          key: backend-username
""")
    c.settle()
    assert c.kubectl("exec env-single-secret -- /bin/sh -c 'echo $SECRET_USERNAME'").stdout == "backend-admin\n"
    r = c.kubectl("create secret generic backend-user --from-literal=backend-username='backend-admin'")
    assert r.stderr == 'error: failed to create secret secrets "backend-user" already exists\n'
    c.kubectl("create secret generic db-user --from-literal=db-username='db-admin'")
    c.kubectl("create -f -", stdin="""\
apiVersion: v1
kind: Pod
metadata:
  name: envvars-multiple-secrets
spec:
  containers:
  - name: envars-test-container
    image: nginx
    env:
    - name: BACKEND_USERNAME
      valueFrom:
        secretKeyRef:
          name: backend-user
          key: backend-username
    - name: DB_USERNAME
      valueFrom:
        secretKeyRef:
          name: db-user
          key: db-username
""")
    c.settle()
    r = c.kubectl("exec envvars-multiple-secrets -- /bin/sh -c 'env | grep _USERNAME'")
    assert sorted(r.stdout.splitlines()) == ["BACKEND_USERNAME=backend-admin", "DB_USERNAME=db-admin"]


def test_all_keys_with_env_from(c):
    r = c.kubectl(["create", "secret", "generic", "test-secret", "--from-literal=username=my-app",
                   "--from-literal=password=39528$vdg7Jb"])
    assert r.stdout == "secret/test-secret created\n"
    assert c.kubectl("create -f pods/inject/pod-secret-envFrom.yaml").stdout == "pod/envfrom-secret created\n"
    c.settle()
    # nginx's /bin/sh is dash, whose echo turns \n into a new line, as the page shows
    r = c.kubectl(["exec", "envfrom-secret", "--", "/bin/sh", "-c", 'echo "username: $username\\npassword: $password"'])
    assert r.stdout == "username: my-app\npassword: 39528$vdg7Jb\n"
