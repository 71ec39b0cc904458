"""A Secret's ``stringData`` is write-only: the apiserver writes each value into
``data`` (Convert_v1_Secret_To_core_Secret) and never stores the field.  And
``kubectl apply`` says "configured" for any non-empty patch, even one the server
makes nothing of: re-applying a stringData manifest sends stringData again (the
live object has none), so it is "configured" every time.  Both checked against
the real kubectl v1.32.4 on a served cluster (and replayed by the differential test)."""
import base64

import yaml

import kubelab

SECRET = """apiVersion: v1
kind: Secret
metadata:
  name: s
stringData:
  password: changed
"""


def test_string_data_is_stored_as_data(tmp_path):
    (tmp_path / "s.yaml").write_text(SECRET)
    c = kubelab.Cluster(cwd=str(tmp_path))
    assert c.kubectl("apply -f s.yaml").stdout == "secret/s created\n"
    stored = yaml.safe_load(c.kubectl("get secret s -o yaml").stdout)
    assert "stringData" not in stored and stored["data"] == {"password": "Y2hhbmdlZA=="}
    assert base64.b64decode(stored["data"]["password"]) == b"changed"
    assert c.kubectl("apply -f s.yaml").stdout == "secret/s configured\n"
    assert c.kubectl("get secret s -o jsonpath={.metadata.resourceVersion}").stdout == stored["metadata"]["resourceVersion"]


def test_string_data_overwrites_data_of_the_same_key(tmp_path):
    (tmp_path / "s.yaml").write_text(SECRET + "data:\n  password: b3JpZw==\n  user: YWRtaW4=\n")
    c = kubelab.Cluster(cwd=str(tmp_path))
    assert c.kubectl("create -f s.yaml").returncode == 0
    assert c.kubectl("get secret s -o jsonpath={.data}").stdout == '{"password":"Y2hhbmdlZA==","user":"YWRtaW4="}'


POD = """apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  restartPolicy: Never
  containers:
  - name: p
    image: busybox
    command: ["sh", "-c", "echo $PW"]
    env:
    - name: PW
      valueFrom:
        secretKeyRef: {name: s, key: password}
"""


def test_a_pod_reads_the_value_written_as_string_data(tmp_path):
    (tmp_path / "s.yaml").write_text(SECRET)
    (tmp_path / "p.yaml").write_text(POD)
    c = kubelab.Cluster(cwd=str(tmp_path))
    c.kubectl("apply -f s.yaml")
    c.kubectl("apply -f p.yaml")
    c.settle()
    assert c.kubectl("logs p").stdout == "changed\n"
