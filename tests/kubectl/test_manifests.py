"""kubectl v1.32's manifest reading.  Golden text: kubectl v1.32.4 on this machine, run
as ``kubectl apply|create --validate=false -f FILE`` against a stub API server that
logged what kubectl sent (see the report of the change that added this file)."""
from pathlib import Path

import pytest

from kubelab.kubectl.manifests import ManifestError, duplicate_keys, load_documents

NOTES = Path(__file__).resolve().parents[2] / "course" / "kubernetes-notes.zh.md"     # the notes, copied in


def notes_kubernetes_yaml() -> str:
    """The notes' kubernetes.yaml (after "配置文件(configMapKeyRef,secretKeyRef)"),
    exactly as written there: four manifests with no ``---`` between them."""
    lines = NOTES.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, l in enumerate(lines) if l.startswith("配置文件(configMapKeyRef")) + 2
    end = next(i for i in range(start, len(lines)) if "nodePort: 32000" in lines[i]) + 1
    return "".join(lines[start:end])


def load_error(text: str, source: str = "f.yaml", **kw) -> ManifestError:
    with pytest.raises(ManifestError) as info:
        load_documents(text, source, **kw)
    return info.value


# ------------------------------------------------------------------ the notes' file
@pytest.mark.skipif(not NOTES.exists(), reason="study notes not present")
def test_notes_manifests_without_separators_collapse_into_the_last_service():
    # kubectl apply -f kubernetes.yaml printed only "service/inventory-service created":
    # without '---' the four manifests are one mapping whose duplicate keys keep the last value.
    text = notes_kubernetes_yaml()
    assert text.startswith("apiVersion: apps/v1\nkind: Deployment\n")
    docs = load_documents(text, "kubernetes.yaml")
    assert docs == [{
        "apiVersion": "v1", "kind": "Service", "metadata": {"name": "inventory-service"},
        "spec": {"type": "NodePort", "selector": {"app": "inventory"},
                 "ports": [{"protocol": "TCP", "port": 9080, "targetPort": 9080, "nodePort": 32000}]},
    }]


@pytest.mark.skipif(not NOTES.exists(), reason="study notes not present")
def test_duplicate_keys_name_every_overwritten_field_of_the_notes_file():
    dups = duplicate_keys(notes_kubernetes_yaml())
    assert [(d.line, d.key, d.first_line) for d in dups[:4]] == [
        (27, "apiVersion", 1), (28, "kind", 2), (29, "metadata", 3), (33, "spec", 7)]
    assert {d.key for d in dups} == {"apiVersion", "kind", "metadata", "spec"}
    assert len(dups) == 12


@pytest.mark.skipif(not NOTES.exists(), reason="study notes not present")
def test_strict_mode_reports_duplicates_as_go_yaml_unmarshal_strict_words_them():
    err = load_error(notes_kubernetes_yaml(), "kubernetes.yaml", strict=True)
    first = err.message.splitlines()[:3]
    # go-yaml v2 decode.go setMapIndex: "line %d: key %#v already set in map" (value's line)
    assert first == [
        "error: error parsing kubernetes.yaml: error converting YAML to JSON: yaml: unmarshal errors:",
        '  line 27: key "apiVersion" already set in map',
        '  line 28: key "kind" already set in map',
    ]


def test_fixed_notes_file_with_separators_gives_four_objects():
    text = notes_kubernetes_yaml() if NOTES.exists() else ""
    if not text:
        pytest.skip("study notes not present")
    fixed = text.replace("apiVersion:", "---\napiVersion:")
    docs = load_documents(fixed, "kubernetes.yaml")
    assert [(d["kind"], d["metadata"]["name"]) for d in docs] == [
        ("Deployment", "system-deployment"), ("Deployment", "inventory-deployment"),
        ("Service", "system-service"), ("Service", "inventory-service")]
    # the env entries the notes put under ports stay there (the apiserver rejects them)
    ports = docs[0]["spec"]["template"]["spec"]["containers"][0]["ports"]
    assert ports[1] == {"name": "APP_NAME", "valueFrom": {"configMapKeyRef": {"name": "sys-app-name", "key": "name"}}}


# ------------------------------------------------------------------ syntax errors
REDIS_POD = """apiVersion: v1
kind: Pod
metadata:
  name: redis
spec:
  containers:
  - name: redis
    image: redis:5.0.4
    command:
      - redis-server
      - "/redis-master/redis.conf"
    - name: MASTER
      value: "true"
    ports:
    - containerPort: 6379
"""


@pytest.mark.parametrize("text, message", [
    # the notes' redis-pod.yaml: go-yaml names the line BEFORE the bad one (parser errors)
    (REDIS_POD, "yaml: line 11: did not find expected key"),
    ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: x\n",
     "yaml: line 4: found character that cannot start any token"),
    ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels: [a\n",
     "yaml: line 5: did not find expected ',' or ']'"),
    ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: q: r\n",
     "yaml: line 4: mapping values are not allowed in this context"),
    ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: q\n  labels:\n    a: b\n   c: d\n",
     "yaml: line 6: did not find expected key"),
    ('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: q\ndata:\n  a: "unterminated\n',
     "yaml: line 7: found unexpected end of stream"),
    ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: q\ndata:\n  a: @x\n",
     "yaml: line 6: found character that cannot start any token"),
])
def test_yaml_syntax_errors_match_kubectl(text, message):
    err = load_error(text, "f.yaml")
    assert err.message == "error: error parsing f.yaml: error converting YAML to JSON: " + message


def test_line_numbers_count_from_the_last_separator_and_earlier_documents_survive():
    text = ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\n"
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n  labels: {x\n")
    err = load_error(text, "seconderr.yaml")
    assert err.message == ("error: error parsing seconderr.yaml: error converting YAML to JSON: "
                           "yaml: line 5: did not find expected ',' or '}'")
    assert [d["metadata"]["name"] for d in err.documents] == ["a"]   # kubectl created configmap/a


def test_text_after_separator_is_rejected():
    err = load_error("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n--- {a: 1}\n", "badsep.yaml")
    assert err.message == "error: error parsing badsep.yaml: invalid Yaml document separator: {a: 1}"


def test_json_syntax_error_gives_go_offset():
    err = load_error('{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x",}}\n', "bad.json")
    assert err.message == ("error: error parsing bad.json: json: offset 68: "
                           "invalid character '}' looking for beginning of object key string")


# ------------------------------------------------------------------ decoding errors
def test_missing_kind_quotes_the_object_as_go_json():
    err = load_error("apiVersion: v1\nmetadata:\n  name: x\n", "nokind.yaml")
    assert err.message == ("error: unable to decode \"nokind.yaml\": Object 'Kind' is missing in "
                           "'{\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"x\"}}'")


def test_a_document_that_is_not_a_mapping_cannot_be_decoded():
    err = load_error("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\n- a\n- b\n", "seqdoc.yaml")
    assert err.message == ('error: unable to decode "seqdoc.yaml": json: cannot unmarshal array '
                           "into Go value of type unstructured.detector")
    assert len(err.documents) == 1


def test_unknown_kind_is_a_resource_mapping_error():
    err = load_error("---\n---\n# c\n---\napiVersion: v1\nkind: Foo\nmetadata:\n  name: x\n", "foo.yaml")
    assert err.message == ('error: resource mapping not found for name: "x" namespace: "" from "foo.yaml": '
                           'no matches for kind "Foo" in version "v1"\nensure CRDs are installed first')
    err = load_error("apiVersion: apps/v2\nkind: Deployment\nmetadata:\n  name: a\n", "badver.yaml")
    assert 'no matches for kind "Deployment" in version "apps/v2"' in err.message


def test_missing_api_version_still_maps_by_kind():
    # kubectl maps it (and the server later answers 404): no client-side error.
    assert load_documents("kind: ConfigMap\nmetadata:\n  name: x\n", "f.yaml")[0]["kind"] == "ConfigMap"


# ------------------------------------------------------------------ lists and streams
def test_lists_are_expanded_and_typed_lists_fill_in_item_kinds():
    docs = load_documents("apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n"
                          "  metadata:\n    name: x\n- apiVersion: v1\n  kind: Secret\n  metadata:\n"
                          "    name: s\n", "l.yaml")
    assert [d["kind"] for d in docs] == ["ConfigMap", "Secret"]
    docs = load_documents("apiVersion: v1\nkind: ConfigMapList\nitems:\n- metadata:\n    name: x\n", "l.yaml")
    assert docs == [{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x"}}]


def test_list_item_without_kind_fails_without_error_prefix():
    err = load_error("apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  metadata:\n    name: x\n")
    assert err.message == ('unable to get type info from the object "*unstructured.Unstructured": '
                           "Object 'Kind' is missing in 'object has no kind field '")


def test_empty_and_comment_only_documents_are_skipped():
    text = "\n\n# only a comment\n---\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: q\n...\n"
    assert [d["metadata"]["name"] for d in load_documents(text, "f.yaml")] == ["q"]


def test_json_streams_hold_several_objects():
    text = ('{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "j1"}}\n'
            '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "j2"}}\n')
    assert [d["metadata"]["name"] for d in load_documents(text, "two.json")] == ["j1", "j2"]


# ------------------------------------------------------------------ YAML 1.1 typing
def test_go_yaml_v2_scalar_typing():
    # Each value checked against what kubectl v1.32.4 sent to the server.
    text = ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n"
            "  a: y\n  b: yes\n  c: on\n  d: Off\n  e: 0x1F\n  f: 017\n  g: 1_000\n  h: 1.0\n"
            "  i: 1e3\n  j: 190:20:30\n  k: 2001-12-14\n  l: ~\n  o: 1.5\n  q: 0o17\n  r: +5\n"
            "  s: .5\n  t: NO\n  u: 1.\n  v: -0\n  1: int key\n  true: bool key\n  1.5: float key\n"
            '  w: "<<"\n  n: 0b101\n  big: 1e400\n')
    data = load_documents(text, "types.yaml")[0]["data"]
    assert data == {"a": True, "b": True, "c": True, "d": False, "e": 31, "f": 15, "g": 1000, "h": 1,
                    "i": 1000, "j": "190:20:30", "k": "2001-12-14", "l": None, "o": 1.5, "q": 15, "r": 5,
                    "s": 0.5, "t": False, "u": 1, "v": 0, "1": "int key", "true": "bool key",
                    "1.5": "float key", "w": "<<", "false": 5, "big": "1e400"}
    assert type(data["h"]) is int


def test_name_y_is_a_boolean():
    # YAML 1.1 reads "name: y" as true; the builder's typed ObjectMeta then refuses it
    # (the real kubectl v1.32.4, apply and create -f alike).
    err = load_error("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: y\n", "f.yaml")
    assert err.message == ('error: unable to decode "f.yaml": json: cannot unmarshal bool into Go struct field '
                           'ObjectMeta.metadata.name of type string')
    err = load_error("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: v\n  labels:\n    version: 1.0\n", "f.yaml")
    assert err.message == ('error: unable to decode "f.yaml": json: cannot unmarshal number into Go struct field '
                           'ObjectMeta.metadata.labels of type string')


def test_infinity_cannot_become_json():
    err = load_error("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  m: .inf\n", "types.yaml")
    assert err.message == ("error: error parsing types.yaml: error converting YAML to JSON: "
                           "json: unsupported value: +Inf")


def test_anchors_merge_keys_and_explicit_tags():
    text = ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: q\ndata:\n  a: &x hello\n  b: *x\n"
            "  base: &b {k: v}\n  m:\n    <<: *b\n    z: 1\n  s: !!str 123\n  d: 2024-01-01T00:00:00Z\n")
    data = load_documents(text, "f.yaml")[0]["data"]
    assert data["b"] == "hello" and data["m"] == {"k": "v", "z": 1}
    assert data["s"] == "123" and data["d"] == "2024-01-01T00:00:00Z"
