"""-o yaml / -o json / -o name against text the real kubectl v1.32.4 printed.

Every expected string below was produced on this machine by ``kubectl ... --dry-run=client``
(command in the comment above it) and pasted here verbatim.
"""
import yaml

from kubelab.kubectl.printers.yamljson import as_list, go_yaml_key_less, to_json, to_name, to_yaml

# kubectl create deployment x --image=nginx --replicas=3 --port=8080 --dry-run=client -o yaml
DEPLOYMENT_YAML = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  creationTimestamp: null
  labels:
    app: x
  name: x
spec:
  replicas: 3
  selector:
    matchLabels:
      app: x
  strategy: {}
  template:
    metadata:
      creationTimestamp: null
      labels:
        app: x
    spec:
      containers:
      - image: nginx
        name: nginx
        ports:
        - containerPort: 8080
        resources: {}
status: {}
"""

# kubectl create configmap c --from-literal=a=true --from-literal=b=8080 --from-literal=c="" \
#   --from-literal=d=$'multi\nline' --from-literal=e=$'ends\n' --from-literal=f='a: b' \
#   --from-literal=g='1.0' --from-literal=h='null' --from-literal=i='2025-01-06T09:00:00Z' \
#   --dry-run=client -o yaml
CONFIGMAP_YAML = """\
apiVersion: v1
data:
  a: "true"
  b: "8080"
  c: ""
  d: |-
    multi
    line
  e: |
    ends
  f: 'a: b'
  g: "1.0"
  h: "null"
  i: "2025-01-06T09:00:00Z"
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
"""

# kubectl create configmap c --from-literal=a=true --from-literal=b=8080 --from-literal=c="" \
#   --from-literal=d=$'multi\nline' --dry-run=client -o json
CONFIGMAP_JSON = """\
{
    "kind": "ConfigMap",
    "apiVersion": "v1",
    "metadata": {
        "name": "c",
        "creationTimestamp": null
    },
    "data": {
        "a": "true",
        "b": "8080",
        "c": "",
        "d": "multi\\nline"
    }
}
"""

# kubectl create secret generic s --from-literal=username=admin --from-literal=password='s3cr3t!' \
#   --dry-run=client -o yaml
SECRET_YAML = """\
apiVersion: v1
data:
  password: czNjcjN0IQ==
  username: YWRtaW4=
kind: Secret
metadata:
  creationTimestamp: null
  name: s
"""

# kubectl create service nodeport web --tcp=8080:80 --node-port=31234 --dry-run=client -o yaml
SERVICE_YAML = """\
apiVersion: v1
kind: Service
metadata:
  creationTimestamp: null
  labels:
    app: web
  name: web
spec:
  ports:
  - name: 8080-80
    nodePort: 31234
    port: 8080
    protocol: TCP
    targetPort: 80
  selector:
    app: web
  type: NodePort
status:
  loadBalancer: {}
"""

# kubectl create job j --image=busybox --dry-run=client -o yaml -- sh -c 'echo hello world && sleep 30'
JOB_YAML = """\
apiVersion: batch/v1
kind: Job
metadata:
  creationTimestamp: null
  name: j
spec:
  template:
    metadata:
      creationTimestamp: null
    spec:
      containers:
      - command:
        - sh
        - -c
        - echo hello world && sleep 30
        image: busybox
        name: j
        resources: {}
      restartPolicy: Never
status: {}
"""


def _shuffled(value):
    """The same object with every mapping's keys in reverse order: output must not care."""
    if isinstance(value, dict):
        return {k: _shuffled(value[k]) for k in reversed(list(value))}
    if isinstance(value, list):
        return [_shuffled(v) for v in value]
    return value


def test_yaml_of_real_kubectl_objects_is_byte_identical_whatever_the_key_order():
    for text in (DEPLOYMENT_YAML, CONFIGMAP_YAML, SECRET_YAML, SERVICE_YAML, JOB_YAML):
        obj = yaml.safe_load(text)
        assert to_yaml(_shuffled(obj)) == text


def test_yaml_quotes_strings_that_would_read_back_as_other_types():
    obj = {"data": {"a": "true", "b": "8080", "c": "", "d": "null", "e": "y", "f": "0x1F",
                    "g": "1e3", "h": "12:30", "i": "plain words", "j": "<<"}}
    # Expected lines: kubectl create configmap --from-literal=... -o yaml with these values.
    assert to_yaml(obj) == (
        "data:\n"
        '  a: "true"\n  b: "8080"\n  c: ""\n  d: "null"\n  e: "y"\n  f: "0x1F"\n'
        '  g: "1e3"\n  h: "12:30"\n  i: plain words\n  j: <<\n'
    )


def test_yaml_quotes_and_folds_like_go_yaml():
    # kubectl create configmap c --from-literal=k0='*x' --from-literal=k1=' lead' \
    #   --from-literal=k2=$'tab\there' --from-literal=k3="x: $(printf 'w %.0s' {1..40})" -o yaml
    obj = {"data": {"k0": "*x", "k1": " lead", "k2": "tab\there", "k3": "x: " + "w " * 40}}
    assert to_yaml(obj) == (
        "data:\n"
        "  k0: '*x'\n"
        "  k1: ' lead'\n"
        '  k2: "tab\\there"\n'
        "  k3: 'x: w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w\n"
        "    w w w w '\n"
    )


def test_yaml_key_order_is_go_yaml_natural_order():
    # kubectl create configmap with keys a10, a2, a-b, ab, B1, b1 printed them in this order.
    keys = ["a10", "a2", "a-b", "ab", "B1", "b1"]
    import functools
    ordered = sorted(keys, key=functools.cmp_to_key(lambda x, y: -1 if go_yaml_key_less(x, y) else 1))
    assert ordered == ["B1", "a-b", "a2", "a10", "ab", "b1"]


def test_json_matches_go_marshal_indent_including_html_escapes():
    obj = {"kind": "ConfigMap", "apiVersion": "v1",
           "metadata": {"name": "c", "creationTimestamp": None},
           "data": {"a": "true", "b": "8080", "c": "", "d": "multi\nline"}}
    assert to_json(obj, sort_keys=False) == CONFIGMAP_JSON
    # kubectl create configmap c --from-literal=d=$'multi\nline<>&' -o json
    assert '"d": "multi\\nline\\u003c\\u003e\\u0026"' in to_json({"d": "multi\nline<>&"})


def test_json_from_the_server_has_sorted_keys_and_empty_containers_inline():
    text = to_json({"spec": {}, "kind": "Pod", "apiVersion": "v1", "items": []})
    assert text == '{\n    "apiVersion": "v1",\n    "items": [],\n    "kind": "Pod",\n    "spec": {}\n}\n'


def test_several_objects_are_wrapped_in_a_v1_list():
    text = to_yaml(as_list([{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}}]))
    assert text == ("apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n"
                    "    name: a\nkind: List\nmetadata:\n  resourceVersion: \"\"\n")


def test_output_name_is_group_qualified():
    # kubectl create deployment x --image=nginx --dry-run=client -o name
    assert to_name(yaml.safe_load(DEPLOYMENT_YAML)) == "deployment.apps/x"
    assert to_name(yaml.safe_load(SERVICE_YAML)) == "service/web"
    assert to_name(yaml.safe_load(JOB_YAML), "created") == "job.batch/j created"


def test_json_output_ends_with_one_newline_and_bad_formats_list_what_kubectl_allows():
    # json.MarshalIndent then a newline; PrintFlags' error joins the sorted formats with ","
    import kubelab
    c = kubelab.Cluster()
    out = c.kubectl("create deployment x --image=nginx --dry-run=client -o json").stdout
    assert out.endswith("}\n") and not out.endswith("\n\n")
    assert c.kubectl("get ns default -o json").stdout.endswith('"\n    }\n}\n')
    assert c.kubectl("create deployment x --image=nginx --dry-run=client -o foo").stderr == (
        'error: unable to match a printer suitable for the output format "foo", allowed formats are: '
        "go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml\n")
    assert c.kubectl("get pods -o foo").stderr.endswith(
        "custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,"
        "jsonpath-file,name,template,templatefile,wide,yaml\n")
