"""The apiserver's answers to bad objects.  Golden wording: k8s.io/apimachinery v0.32
pkg/util/validation (validation.go: RegexError and the DNS/label/config-key messages;
field/errors.go: ErrorBody), k8s.io/apiserver handlers (transformDecodeError:
'%s in version %q cannot be handled as a %s: %v'), runtime strictDecodingError
('strict decoding error: ' + errors joined by ', '), encoding/json UnmarshalTypeError,
and pkg/apis/apps/validation ('`selector` does not match template `labels`')."""
import time
from pathlib import Path

import pytest

from kubelab.api.errors import ApiError
from kubelab.api.validation import validate
from kubelab.kubectl.manifests import load_documents

NOTES = Path(__file__).resolve().parents[2] / "course" / "kubernetes-notes.zh.md"     # the notes, copied in


def deployment(name="web", labels=None, selector=None, **container):
    c = {"name": "c", "image": "nginx", **container}
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": name},
            "spec": {"selector": {"matchLabels": selector or {"app": "web"}},
                     "template": {"metadata": {"labels": labels or {"app": "web"}},
                                  "spec": {"containers": [c]}}}}


def error_of(obj, old=None) -> ApiError:
    with pytest.raises(ApiError) as info:
        validate(obj, old)
    return info.value


def test_a_good_deployment_passes():
    validate(deployment())


@pytest.mark.skipif(not NOTES.exists(), reason="study notes not present")
def test_notes_env_entries_under_ports_are_unknown_fields():
    lines = NOTES.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, l in enumerate(lines) if l.startswith("配置文件(configMapKeyRef")) + 2
    end = next(i for i in range(start, len(lines)) if "nodePort: 32000" in lines[i]) + 1
    fixed = "".join(lines[start:end]).replace("apiVersion:", "---\napiVersion:")
    docs = load_documents(fixed, "kubernetes.yaml")
    err = error_of(docs[1])
    assert err.code == 400 and err.reason == "BadRequest"
    # ContainerPort has a "name" field, so only valueFrom is unknown.
    assert err.message == (
        'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: '
        'unknown field "spec.template.spec.containers[0].ports[1].valueFrom", '
        'unknown field "spec.template.spec.containers[0].ports[2].valueFrom"')
    validate(docs[2])
    validate(docs[3])


def test_wrong_json_type_is_an_unmarshal_error():
    err = error_of(deployment(ports=[{"containerPort": "80"}]))
    assert err.message == ('Deployment in version "v1" cannot be handled as a Deployment: json: cannot '
                           "unmarshal string into Go struct field ContainerPort.spec.template.spec."
                           "containers.ports.containerPort of type int32")


@pytest.mark.parametrize("obj, message", [
    ({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}, "data": {"k": {"x": 1}}},
     "json: cannot unmarshal object into Go struct field ConfigMap.data of type string"),
    ({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": True}},   # "name: y" in YAML
     "json: cannot unmarshal bool into Go struct field ObjectMeta.metadata.name of type string"),
    ({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": {"name": "c"}}},
     "json: cannot unmarshal object into Go struct field PodSpec.spec.containers of type []v1.Container"),
    ({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},
      "spec": {"containers": [{"name": "c", "image": "x", "resources": {"limits": {"cpu": "1 core"}}}]}},
     "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"),
])
def test_decoding_errors(obj, message):
    err = error_of(obj)
    kind = obj["kind"]
    assert err.message == f'{kind} in version "v1" cannot be handled as a {kind}: {message}'


def test_selector_must_match_template_labels():
    err = error_of(deployment(labels={"app": "x"}))
    assert err.code == 422
    assert err.kubectl_text() == ('The Deployment "web" is invalid: spec.template.metadata.labels: Invalid value: '
                                  'map[string]string{"app":"x"}: `selector` does not match template `labels`')


def test_several_causes_are_listed_in_order():
    err = error_of(deployment(name="My_App", ports=[{"containerPort": 70000}]))
    assert [c["field"] for c in err.details["causes"]] == [
        "metadata.name", "spec.template.spec.containers[0].ports[0].containerPort"]
    assert err.details["causes"][0]["message"] == (
        "Invalid value: \"My_App\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric "
        "characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', "
        "regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")
    assert err.details["causes"][1]["message"] == "Invalid value: 70000: must be between 1 and 65535, inclusive"


def test_missing_containers_and_image_are_required():
    d = deployment()
    d["spec"]["template"]["spec"]["containers"] = []
    assert error_of(d).details["causes"] == [{"field": "spec.template.spec.containers", "message": "Required value"}]
    d = deployment(image="")
    assert error_of(d).details["causes"] == [
        {"field": "spec.template.spec.containers[0].image", "message": "Required value"}]


def test_deployment_template_must_restart_always():
    d = deployment()
    d["spec"]["template"]["spec"]["restartPolicy"] = "Never"
    assert error_of(d).details["causes"][0]["message"] == 'Unsupported value: "Never": supported values: "Always"'


def test_selector_is_immutable():
    old = deployment()
    new = deployment(selector={"app": "web", "v": "2"}, labels={"app": "web", "v": "2"})
    causes = error_of(new, old).details["causes"]
    assert causes[-1]["field"] == "spec.selector" and causes[-1]["message"].endswith("field is immutable")


def test_service_names_are_dns1035_labels_and_nodeport_needs_its_type():
    svc = {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "1svc"},
           "spec": {"ports": [{"port": 80, "nodePort": 30000}]}}
    causes = error_of(svc).details["causes"]
    assert causes[0]["message"] == (
        "Invalid value: \"1svc\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', "
        "start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or "
        "'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')")
    assert causes[1] == {"field": "spec.ports[0].nodePort",
                         "message": "Forbidden: may not be used when `type` is 'ClusterIP'"}


def test_service_port_names_required_and_unique():
    svc = {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"},
           "spec": {"ports": [{"name": "http", "port": 80}, {"name": "http", "port": 81}, {"port": 82}]}}
    causes = error_of(svc).details["causes"]
    assert {"field": "spec.ports[1].name", "message": 'Duplicate value: "http"'} in causes
    assert {"field": "spec.ports[2].name", "message": "Required value"} in causes


def test_config_keys_and_immutability():
    cm = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": {"a b": "x"}}
    assert error_of(cm).kubectl_text() == (
        "The ConfigMap \"c\" is invalid: data[a b]: Invalid value: \"a b\": a valid config key must consist of "
        "alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used "
        "for validation is '[-._a-zA-Z0-9]+')")
    old = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": {"a": "1"}, "immutable": True}
    new = {**old, "data": {"a": "2"}}
    assert error_of(new, old).details["causes"] == [
        {"field": "data", "message": "Forbidden: field is immutable when `immutable` is set"}]


def test_tls_secret_needs_cert_and_key():
    s = {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "t"}, "type": "kubernetes.io/tls",
         "data": {"tls.crt": "eA=="}}
    assert error_of(s).details["causes"] == [{"field": "data[tls.key]", "message": "Required value"}]


def test_job_restart_policy():
    job = {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "j"},
           "spec": {"selector": {"matchLabels": {"a": "b"}},
                    "template": {"metadata": {"labels": {"a": "b"}},
                                 "spec": {"restartPolicy": "Always", "containers": [{"name": "c", "image": "x"}]}}}}
    assert error_of(job).details["causes"] == [{"field": "spec.template.spec.restartPolicy",
                                                "message": 'Unsupported value: "Always": supported values: "OnFailure", "Never"'}]


def test_pvc_needs_access_modes_and_storage():
    pvc = {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": "c"}, "spec": {}}
    assert [c["field"] for c in error_of(pvc).details["causes"]] == ["spec.accessModes", "spec.resources[storage]"]


def test_validating_a_deployment_is_fast():
    d = deployment()
    validate(d)          # loads the schemas once
    start = time.perf_counter()
    for _ in range(100):
        validate(d)
    assert (time.perf_counter() - start) / 100 < 0.003


def cronjob(schedule="*/1 * * * *", restart="OnFailure", **spec):
    tmpl = {"spec": {"restartPolicy": restart, "containers": [{"name": "c", "image": "busybox"}]}}
    return {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "hello", "namespace": "default"},
            "spec": {"schedule": schedule, "jobTemplate": {"spec": {"template": tmpl}}, **spec}}


@pytest.mark.parametrize("obj, cause", [
    # validateScheduleFormat: field.Invalid(fldPath, schedule, err.Error()) with robfig/cron's error
    (cronjob("*/1 * * *"), 'spec.schedule: Invalid value: "*/1 * * *": expected exactly 5 fields, found 4: [*/1 * * *]'),
    (cronjob("TZ=UTC 0 * * * *"),
     'spec.schedule: Invalid value: "TZ=UTC 0 * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead'),
    # validateTimeZone: time.LoadLocation's "unknown time zone X"; "Local" must be explicit
    (cronjob(timeZone="Mars/Base"), 'spec.timeZone: Invalid value: "Mars/Base": unknown time zone Mars/Base'),
    (cronjob(timeZone="Local"), 'spec.timeZone: Invalid value: "Local": timeZone must be an explicit time zone '
                                'as defined in https://www.iana.org/time-zones'),
    (cronjob(timeZone=""), 'spec.timeZone: Invalid value: "": timeZone must be nil or non-empty string'),
    (cronjob(concurrencyPolicy="Sometimes"),
     'spec.concurrencyPolicy: Unsupported value: "Sometimes": supported values: "Allow", "Forbid", "Replace"'),
    # ValidateJobTemplateSpec -> validateJobSpec: a Job's pods never restart Always
    (cronjob(restart="Always"), 'spec.jobTemplate.spec.template.spec.restartPolicy: Unsupported value: "Always": '
                                'supported values: "OnFailure", "Never"'),
    (cronjob(startingDeadlineSeconds=-1), "spec.startingDeadlineSeconds: Invalid value: -1: must be greater than or equal to 0"),
])
def test_cronjob_schedules_and_time_zones_are_checked_as_the_apiserver_checks_them(obj, cause):
    field, message = cause.split(": ", 1)
    assert error_of(obj).details["causes"] == [{"field": field, "message": message}]


def test_good_cronjobs_pass():
    validate(cronjob())
    validate(cronjob("@hourly", timeZone="Europe/Berlin", restart="Never"))


def test_a_request_may_not_exceed_its_limit():
    # ValidateResourceRequirements: field.Invalid(reqPath, quantity.String(),
    # "must be less than or equal to %s limit of %s")
    d = deployment(resources={"requests": {"cpu": "0.1"}, "limits": {"cpu": "50m"}})
    assert error_of(d).details["causes"] == [{
        "field": "spec.template.spec.containers[0].resources.requests",
        "message": 'Invalid value: "100m": must be less than or equal to cpu limit of 50m'}]
    validate(deployment(resources={"requests": {"cpu": "50m"}, "limits": {"cpu": "0.05"}}))
