"""A file of several documents where some cannot be applied: kubectl v1.32 applies
the others and reports every error at the end (apply.go Run, the builder's
ContinueOnError, cmdutil.CheckErr over the aggregate).  Every golden here is what
/usr/bin/kubectl v1.32.4 printed for the same file against kubelab's served cluster
(its client-side validation finds no OpenAPI for the unknown group-version, v3 nor
v2, and lets the document through to the mapping error, as against a real apiserver)."""
import pytest

import kubelab

MULTI = """\
apiVersion: v1
kind: ConfigMap
metadata:
  name: first
data:
  a: "1"
---
apiVersion: example.com/v1
kind: Widget
metadata:
  name: w
---
apiVersion: v1
kind: Pod
metadata:
  name: Bad_Name
spec:
  containers:
  - name: c
    image: nginx
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: second
data:
  b: "2"
---
apiVersion: v1
kind: Secret
metadata:
  name: s
data:
  x: "not base64!"
"""

MAPPING = ('resource mapping not found for name: "w" namespace: "" from "{src}": no matches for kind "Widget" '
           'in version "example.com/v1"\nensure CRDs are installed first\n')
INVALID = ('Error from server (Invalid): error when creating "{src}": Pod "Bad_Name" is invalid: metadata.name: '
           'Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric '
           "characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', "
           "regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')\n")
BASE64 = ('Error from server (BadRequest): error when creating "{src}": Secret in version "v1" cannot be handled '
          'as a Secret: illegal base64 data at input byte 3\n')


@pytest.fixture
def c(tmp_path):
    (tmp_path / "multi.yaml").write_text(MULTI)
    return kubelab.Cluster(cwd=str(tmp_path))


def names(c, kind):
    return sorted(o["metadata"]["name"] for o in c.api.list(kind, "default"))


def test_apply_applies_the_good_documents_and_reports_the_rest(c):
    r = c.kubectl("apply -f multi.yaml")
    assert r.stdout == "configmap/first created\nconfigmap/second created\n"
    # GetObjects' reading errors first, then the server's, one standard line each
    assert r.stderr == (MAPPING + INVALID + BASE64).format(src="multi.yaml")
    assert r.returncode == 1
    assert names(c, "configmaps") == ["first", "kube-root-ca.crt", "second"]
    assert names(c, "secrets") == [] and names(c, "pods") == []


def test_create_reports_the_reading_errors_last(c):
    r = c.kubectl("create -f - --dry-run=server", stdin=MULTI)
    assert r.stdout == "configmap/first created (server dry run)\nconfigmap/second created (server dry run)\n"
    assert r.stderr == (INVALID + BASE64 + MAPPING).format(src="STDIN")
    assert r.returncode == 1


def test_apply_from_stdin_names_stdin(c):
    r = c.kubectl("apply -f -", stdin=MULTI)
    assert r.stderr == (MAPPING + INVALID + BASE64).format(src="STDIN")
    r = c.kubectl("apply -f -", stdin="apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: 1\n")
    assert (r.stderr, r.returncode) == (
        'Error from server (BadRequest): error when creating "STDIN": ConfigMap in version "v1" cannot be handled '
        'as a ConfigMap: json: cannot unmarshal number into Go struct field ConfigMap.data of type string\n', 1)


def test_output_formats_print_nothing_after_an_error_but_name_prints_as_it_goes(c):
    r = c.kubectl("apply -f multi.yaml -o json --dry-run=server")
    assert r.stdout == "" and r.returncode == 1
    r = c.kubectl("apply -f multi.yaml -o name --dry-run=server")
    assert r.stdout == "configmap/first\nconfigmap/second\n"


def test_delete_goes_on_and_names_the_file(c):
    r = c.kubectl("delete -f multi.yaml --dry-run=server")
    assert r.stdout == ""
    assert r.stderr == (
        'Error from server (NotFound): error when deleting "multi.yaml": configmaps "first" not found\n'
        'Error from server (NotFound): error when deleting "multi.yaml": pods "Bad_Name" not found\n'
        'Error from server (NotFound): error when deleting "multi.yaml": configmaps "second" not found\n'
        'Error from server (NotFound): error when deleting "multi.yaml": secrets "s" not found\n'
        + MAPPING.format(src="multi.yaml"))


def test_a_yaml_error_ends_the_file_after_the_documents_before_it(c):
    text = ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n---\n"
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: z\n   bad: indent\n")
    r = c.kubectl("apply -f -", stdin=text)
    assert (r.stdout, r.stderr, r.returncode) == (
        "configmap/ok created\n",
        "error: error parsing STDIN: error converting YAML to JSON: yaml: line 5: mapping values are not "
        "allowed in this context\n", 1)


def test_metadata_that_does_not_decode_is_skipped(c):
    text = ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: 5\n---\n"
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: okay\n  namespace: [a]\n---\n"
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fine\n")
    r = c.kubectl("apply -f -", stdin=text)
    assert (r.stdout, r.stderr) == (
        "configmap/fine created\n",
        'unable to decode "STDIN": json: cannot unmarshal number into Go struct field ObjectMeta.metadata.name '
        'of type string\nunable to decode "STDIN": json: cannot unmarshal array into Go struct field '
        'ObjectMeta.metadata.namespace of type string\n')


def test_delete_f_with_another_namespace_is_refused(c):
    text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: yy\n  namespace: other\n"
    r = c.kubectl("delete -f - -n default", stdin=text)
    assert r.stderr == ('error: the namespace from the provided object "other" does not match the namespace '
                        "\"default\". You must pass '--namespace=other' to perform this operation.\n")


def test_the_last_applied_annotation_is_what_kubectl_writes(c):
    """util.GetModifiedConfiguration: "annotations":{} kept, the builder's namespace,
    Go's JSON (<>& escaped, UTF-8 as is)."""
    text = ('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: greeting\ndata:\n  message: "hello & <b>中文</b>"\n'
            "---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: team\n")
    c.kubectl("apply -f -", stdin=text)
    ann = "kubectl.kubernetes.io/last-applied-configuration"
    assert c.get("configmap", "greeting")["metadata"]["annotations"][ann] == (
        '{"apiVersion":"v1","data":{"message":"hello \\u0026 \\u003cb\\u003e中文\\u003c/b\\u003e"},"kind":"ConfigMap",'
        '"metadata":{"annotations":{},"name":"greeting","namespace":"default"}}\n')
    assert c.get("namespace", "team")["metadata"]["annotations"][ann] == (
        '{"apiVersion":"v1","kind":"Namespace","metadata":{"annotations":{},"name":"team"}}\n')
    assert c.kubectl("apply -f - --dry-run=server", stdin=text).stdout == (
        "configmap/greeting unchanged (server dry run)\nnamespace/team unchanged (server dry run)\n")
