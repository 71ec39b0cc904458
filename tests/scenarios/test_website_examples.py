"""Every manifest copied from kubernetes/website's content/en/examples
(tests/data/website-examples, listed with its source path and commit in
SOURCES.tsv) applies as on a v1.32 cluster, and the cluster then settles
without a simulator error.  A namespace a manifest names is created first, as
the pages do (``kubectl create namespace qos-example``).

The copy holds 309 of the 477 YAML files under content/en/examples: those of the
kinds the kit serves (pods, workloads, Services, Ingresses, NetworkPolicies,
ConfigMaps, Secrets, storage, quotas, RBAC ...), as the search tool stored them (some
stored versions are older than today's files, a few of them broken).  Left out:
kinds the kit does not serve (admission policies and webhooks, CRDs, IngressClass,
Gateway API, PodSecurityPolicy, VolumeSnapshot, FlowSchema, kubelet and scheduler
configuration files, kind cluster configs), patch files that are not objects, and
files not copied yet: about 25 of served kinds in access/ (delegated CSR roles), admin/
(konnectivity, logging sidecars, cloud, my-scheduler), debug/ (fluentd,
node-problem-detector), policy/ (VolumeAttributesClass quotas), pods/ (cluster trust
bundle and pod certificate projections), and the directories outside access, admin,
application, configmap, controllers, debug, pods, policy, secret and service (about
85 files, not surveyed).

Of the 309: 286 apply as on a v1.32 cluster, 23 are refused as v1.32 refuses them
(REFUSED, with kubectl's words: kubectl's own refusals were recorded with the real
kubectl v1.32.4 against the served cluster), none fails in the kit (KIT_GAPS is empty).
After they apply, every image that exists pulls; PULL_FAILURES lists the rest.
"""
import pathlib

import pytest
import yaml

import kubelab

BASE = pathlib.Path(__file__).parents[1] / "data" / "website-examples"
SOURCES = [line.split("\t")[0] for line in (BASE / "SOURCES.tsv").read_text().splitlines()
           if line and not line.startswith("#")]

RFC1123 = ("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must "
           "start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is "
           "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")
LABEL = ("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must "
         "start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for "
         "validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')")

IPV6 = ('The Service "my-service" is invalid: spec.ipFamilies[0]: Invalid value: []string(nil): ipfamily IPv6 is '
        'not configured on cluster\n')

# What v1.32 refuses, with kubectl's words (the stored copy predates the page's fix).
REFUSED = {
    "application/job/cronjob.yaml": (
        'error: resource mapping not found for name: "hello" namespace: "" from "application/job/cronjob.yaml": '
        'no matches for kind "CronJob" in version "batch/v1beta1"\nensure CRDs are installed first\n'),
    "service/networking/example-ingress.yaml": (
        'error: resource mapping not found for name: "example-ingress" namespace: "" from '
        '"service/networking/example-ingress.yaml": no matches for kind "Ingress" in version '
        '"networking.k8s.io/v1beta1"\nensure CRDs are installed first\n'),
    # the emptyDir's mode field is newer than v1.32 (strict field validation)
    "pods/emptydir-volume-mode.yaml": (
        'Error from server (BadRequest): error when creating "pods/emptydir-volume-mode.yaml": Pod in version "v1" '
        'cannot be handled as a Pod: strict decoding error: unknown field "spec.volumes[0].emptyDir.mode"\n'),
    # broken stored copies: no apiVersion; a tab
    "pods/inject/pod-single-secret-env-variable.yaml": (
        'error: error validating "pods/inject/pod-single-secret-env-variable.yaml": error validating data: apiVersion '
        "not set; if you choose to ignore these errors, turn validation off with --validate=false\n"),
    "pods/inject/pod-multiple-secret-env-variable.yaml": (
        "error: error parsing pods/inject/pod-multiple-secret-env-variable.yaml: error converting YAML to JSON: "
        "yaml: line 15: found a tab character that violates indentation\n"),
    # a list where v1.32's NodeAffinity has one NodeSelector (an early broken copy); operator Gt is newer than v1.32
    "pods/pod-with-node-affinity.yaml": (
        "Error from server (BadRequest): error when creating \"pods/pod-with-node-affinity.yaml\": Pod in version \"v1\" cannot be handled as a Pod: json: cannot unmarshal array into Go struct field NodeAffinity.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution of type v1.NodeSelector\n"),
    "pods/pod-with-numeric-toleration.yaml": (
        "The Pod \"nginx-numeric-toleration\" is invalid: spec.tolerations[0].operator: Unsupported value: \"Gt\": supported values: \"Equal\", \"Exists\"\n"),
    # restartPolicyRules is newer than v1.32 (strict field validation)
    "pods/restart-policy/restart-all-containers.yaml": (
        "Error from server (BadRequest): error when creating \"pods/restart-policy/restart-all-containers.yaml\": Pod in version \"v1\" cannot be handled as a Pod: strict decoding error: unknown field \"spec.initContainers[1].restartPolicyRules\"\n"),
    # image volumes are alpha in v1.32: the field is dropped, leaving a volume without a source
    "pods/image-volumes.yaml": (
        "The Pod \"image-volume\" is invalid: spec.volumes[0]: Required value: must specify a volume type\n"),
    # newer than v1.32: image volumes (dropped, no source left); fileKeyRef (strict field validation)
    "pods/image-volumes-subpath.yaml": (
        "The Pod \"image-volume\" is invalid: spec.volumes[0]: Required value: must specify a volume type\n"),
    "pods/inject/envars-file-container.yaml": (
        "Error from server (BadRequest): error when creating \"pods/inject/envars-file-container.yaml\": Pod in version \"v1\" cannot be handled as a Pod: strict decoding error: unknown field \"spec.containers[0].env[0].valueFrom.fileKeyRef\"\n"),
    # cgroupOptions is newer than v1.32 (strict field validation)
    "pods/security/security-context-7.yaml": (
        "Error from server (BadRequest): error when creating \"pods/security/security-context-7.yaml\": Pod in version \"v1\" cannot be handled as a Pod: strict decoding error: unknown field \"spec.containers[0].securityContext.cgroupOptions\"\n"),
    # broken copies: annotations written as a list; placeholder Secret data that is not base64
    "secret/serviceaccount/mysecretname.yaml": (
        "error: unable to decode \"secret/serviceaccount/mysecretname.yaml\": json: cannot unmarshal array into Go struct field ObjectMeta.metadata.annotations of type map[string]string\n"),
    "secret/tls-auth-secret.yaml": (
        "Error from server (BadRequest): error when creating \"secret/tls-auth-secret.yaml\": Secret in version \"v1\" cannot be handled as a Secret: illegal base64 data at input byte 7\n"),
    # the page creates the PriorityClass first; alone, Priority admission refuses the pod
    "policy/high-priority-pod.yaml": (
        "Error from server (Forbidden): error when creating \"policy/high-priority-pod.yaml\": pods \"high-priority\" is forbidden: no PriorityClass with name high was found\n"),
    # the stored copy has no metadata.name
    "controllers/job-success-policy-example.yaml": (
        'error: error when retrieving current configuration of:\nResource: "batch/v1, Resource=jobs", '
        'GroupVersionKind: "batch/v1, Kind=Job"\nName: "", Namespace: "default"\n'
        'from server for: "controllers/job-success-policy-example.yaml": resource name may not be empty\n'),
    # a template for `sed s/\$ITEM/apple/`: as it is, the name (and the job-name labels the
    # Job strategy puts on its pods) are not valid (apimachinery's validation words)
    "application/job/job-tmpl.yaml": (
        'The Job "process-item-$ITEM" is invalid: \n'
        '* metadata.name: Invalid value: "process-item-$ITEM": ' + RFC1123 + '\n'
        # once: the two job-name labels carry one bad value (the real kubectl against the served API)
        + '* spec.template.metadata.labels: Invalid value: "process-item-$ITEM": ' + LABEL + '\n'),
    # minikube's cluster is single-stack IPv4 (the service registry's initIPFamilyFields)
    **{f"service/networking/{name}.yaml": IPV6 for name in (
        "dual-stack-ipfamilies-ipv6", "dual-stack-prefer-ipv6-lb-svc", "dual-stack-preferred-ipfamilies-svc")},
    # spec.ipFamily went in v1.20: the apiserver's strict field validation refuses it
    **{f"service/networking/{name}.yaml": (
        f'Error from server (BadRequest): error when creating "service/networking/{name}.yaml": Service in version '
        '"v1" cannot be handled as a Service: strict decoding error: unknown field "spec.ipFamily"\n')
       for name in ("dual-stack-ipv6-lb-svc", "dual-stack-ipv6-svc")},
    # the stored copy indents its last line with a tab
    "controllers/job-pod-failure-policy-ignore.yaml": (
        "error: error parsing controllers/job-pod-failure-policy-ignore.yaml: error converting YAML to JSON: "
        "yaml: line 24: found a tab character that violates indentation\n"),
}


# What a v1.32 cluster applies and the kit does not (yet): the test runs and must fail,
# so that it says so when the kit catches up.
KIT_GAPS: dict[str, str] = {}


# Images that do not pull, and why: placeholders, and tags newer than the kit's
# registry (its world is January 2025, the month of minikube v1.35/Kubernetes v1.32).
NEWER = "ErrImagePull"
PULL_FAILURES = {
    "pods/private-reg-pod.yaml": {("<your-private-image>", "InvalidImageName")},
    "application/job/rabbitmq/job.yaml": {("gcr.io/<project>/job-wq-1", "InvalidImageName")},
    **{f"pods/multi-container/{name}.yaml": {("nginx:1.29", NEWER)}      # nginx 1.29.0: June 2025
       for name in ("localhost", "resources", "shared-volume")},
    "pods/resource/pod-level-resize.yaml": {("registry.k8s.io/nginx:latest", NEWER)},
}
_PULL_REASONS = ("ErrImagePull", "ImagePullBackOff", "InvalidImageName")


def pull_failures(c) -> set:
    """(image, reason) of every container waiting on its image; BackOff counts as the pull error."""
    out = set()
    for pod in c.api.list("pods"):
        status = pod.get("status") or {}
        for st in status.get("initContainerStatuses", []) + status.get("containerStatuses", []):
            reason = ((st.get("state") or {}).get("waiting") or {}).get("reason")
            if reason in _PULL_REASONS:
                out.add((st["image"], "ErrImagePull" if reason == "ImagePullBackOff" else reason))
    return out


def test_the_sample_is_listed_whole():
    on_disk = sorted(str(p.relative_to(BASE)) for p in BASE.rglob("*.yaml"))
    assert sorted(SOURCES) == on_disk


@pytest.mark.parametrize("path", SOURCES)
def test_manifest_applies(path, request):
    if path in KIT_GAPS:
        request.applymarker(pytest.mark.xfail(reason=KIT_GAPS[path], strict=True))
    c = kubelab.Cluster(cwd=str(BASE))
    try:
        docs = [d for d in yaml.safe_load_all((BASE / path).read_text()) if d]
    except yaml.YAMLError:
        docs = []
    for doc in docs:
        ns = (doc.get("metadata") or {}).get("namespace")
        if ns and c.get("namespace", ns, None) is None:
            assert c.kubectl(f"create namespace {ns}").returncode == 0
    r = c.kubectl(["apply", "-f", path])
    c.settle()
    if path in REFUSED:
        assert (r.returncode, r.stderr) == (1, REFUSED[path])
        return
    assert r.returncode == 0, r.stderr
    assert [line.rsplit(" ", 1)[1] for line in r.stdout.splitlines()] == ["created"] * len(docs)
    for doc in docs:                     # each object is stored
        md = doc["metadata"]
        assert c.get(doc["kind"], md["name"], md.get("namespace", "default")) is not None, md["name"]
    # and the images that exist pull (the rest fail as on a real node)
    assert pull_failures(c) == PULL_FAILURES.get(path, set())
