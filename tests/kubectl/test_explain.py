"""kubectl explain and api-versions, as kubectl v1.32 renders them.

The layout is staging/src/k8s.io/kubectl/pkg/explain/v2/templates/plaintext.tmpl
(kubernetes-1.32.4); the texts are the apiserver's v1.32 schema descriptions.
"""
import pytest

import kubelab
from kubelab.kubectl.commands.explain import wrap


@pytest.fixture(scope="module")
def c():
    return kubelab.Cluster()


# github.com/mitchellh/go-wordwrap v1.0.1 wordwrap_test.go, which kubectl's `wrap` uses.
@pytest.mark.parametrize("text, lim, want", [
    ("foo", 4, "foo"),
    ("foobarbaz", 4, "foobarbaz"),
    ("foo bar baz", 4, "foo\nbar\nbaz"),
    ("foo bars bazzes", 4, "foo\nbars\nbazzes"),
    ("fo sop", 4, "fo\nsop"),
    ("foo bar\u00a0baz", 10, "foo\nbar\u00a0baz"),
    ("foo\nb\t r\n baz", 4, "foo\nb\t r\n baz"),
    ("foo    \nb   ar   ", 4, "foo\nb\nar"),
    ("foo bar baz\n", 4, "foo\nbar\nbaz\n"),
    ("\nfoo bar\n\n\nbaz\n", 4, "\nfoo\nbar\n\n\nbaz\n"),
    (" This is a list: \n\n\t* foo\n\t* bar\n\n\n\t* baz  \nBAM    ", 6,
     " This\nis a\nlist: \n\n\t* foo\n\t* bar\n\n\n\t* baz\nBAM"),
    ("\u2584 " * 4, 4, "\u2584 \u2584\n" + "\u2584 " * 2),
])
def test_wrap_is_go_wordwrap(text, lim, want):
    assert wrap(text, lim) == want


def test_explain_field_shows_its_own_then_its_types_description(c):
    r = c.kubectl("explain pod.spec.containers")
    assert r.returncode == 0 and r.stderr == ""
    # Real kubectl v1.32 output (a terminal capture of `kubectl explain pods.spec.containers`):
    # FIELD line, DESCRIPTION with the field's text then Container's, a "    " line, FIELDS.
    assert r.stdout.startswith(
        "KIND:       Pod\n"
        "VERSION:    v1\n"
        "\n"
        "FIELD: containers <[]Container>\n"
        "\n"
        "\n"
        "DESCRIPTION:\n"
        "    List of containers belonging to the pod. Containers cannot currently be\n"
        "    added or removed. There must be at least one container in a Pod. Cannot be\n"
        "    updated.\n"
        "    A single application container that you want to run within a pod.\n"
        "    \n"
        "FIELDS:\n"
        "  args\t<[]string>\n"
        "    Arguments to the entrypoint. The container image's CMD is used if this is\n"
        "    not provided. Variable references $(VAR_NAME) are expanded using the\n")
    # fieldDetail: " -required-" after the type of a required field; fields sorted by name.
    assert ("\n  name\t<string> -required-\n"
            "    Name of the container specified as a DNS_LABEL. Each container in a pod must\n"
            "    have a unique name (DNS_LABEL). Cannot be updated.\n\n") in r.stdout
    names = [line.split("\t")[0].strip() for line in r.stdout.splitlines() if line.startswith("  ") and "\t" in line]
    assert names == sorted(names) and "workingDir" == names[-1]
    assert r.stdout.endswith("\n\n\n")    # each field ends "\n\n", the template one more "\n"


def test_explain_resource_lists_top_level_fields_with_types(c):
    out = c.kubectl("explain pods").stdout
    assert out.startswith("KIND:       Pod\nVERSION:    v1\n\nDESCRIPTION:\n"
                          "    Pod is a collection of containers that can run on a host. This resource is\n"
                          "    created by clients and scheduled onto hosts.\n    \nFIELDS:\n  apiVersion\t<string>\n")
    for line in ("  kind\t<string>", "  metadata\t<ObjectMeta>", "  spec\t<PodSpec>", "  status\t<PodStatus>"):
        assert line in out.splitlines()


def test_explain_grouped_resource_has_a_group_line_and_recursive_lists_names_only(c):
    r = c.kubectl("explain deployment.spec.strategy --recursive")
    assert r.stdout == (
        "GROUP:      apps\n"
        "KIND:       Deployment\n"
        "VERSION:    v1\n"
        "\n"
        "FIELD: strategy <DeploymentStrategy>\n"
        "\n"
        "\n"
        "DESCRIPTION:\n"
        "    The deployment strategy to use to replace existing pods with new ones.\n"
        "    DeploymentStrategy describes how to replace existing pods with new ones.\n"
        "    \n"
        "FIELDS:\n"
        "  rollingUpdate\t<RollingUpdateDeployment>\n"
        "    maxSurge\t<IntOrString>\n"
        "    maxUnavailable\t<IntOrString>\n"
        "  type\t<string>\n"
        "\n")


def test_type_guesses_for_maps_refs_to_primitives_and_group_prefixed_names(c):
    out = c.kubectl("explain pod.spec.containers.resources").stdout
    assert "\n  limits\t<map[string]Quantity>\n" in out
    assert "\n  claims\t<[]ResourceClaim>\n" in out
    # metav1.Time is a string schema, so the ref prints as its type; a plural.group prefix works.
    assert "FIELD: creationTimestamp <string>\n" in c.kubectl("explain pods.metadata.creationTimestamp").stdout
    assert "FIELD: nodeSelector <map[string]string>\n" in c.kubectl("explain po.spec.nodeSelector").stdout
    assert c.kubectl("explain deployments.apps.spec.replicas").stdout.startswith(
        "GROUP:      apps\nKIND:       Deployment\nVERSION:    v1\n\nFIELD: replicas <integer>\n")


def test_api_version_flag_picks_another_served_version(c):
    assert c.kubectl("explain hpa --api-version=autoscaling/v1").stdout.startswith(
        "GROUP:      autoscaling\nKIND:       HorizontalPodAutoscaler\nVERSION:    v1\n")
    assert c.kubectl("explain ev --api-version=events.k8s.io/v1").stdout.startswith(
        "GROUP:      events.k8s.io\nKIND:       Event\nVERSION:    v1\n")


def test_errors(c):
    # pkg/cmd/util/helpers.go: a NoResourceMatchError.
    r = c.kubectl("explain foo")
    assert (r.returncode, r.stdout, r.stderr) == (1, "", 'error: the server doesn\'t have a resource type "foo"\n')
    # The template throws after writing the header, which stays on stdout (kubernetes/kubectl#1872);
    # the message names the last path element.
    r = c.kubectl("explain pod.spec.nope.deeper")
    assert (r.returncode, r.stdout, r.stderr) == (1, "KIND:       Pod\nVERSION:    v1\n\n",
                                                  'error: field "deeper" does not exist\n')
    assert c.kubectl("explain pods --api-version=apps/v1").stderr == \
        "error: GVR (apps/v1, Resource=pods) not found in OpenAPI schema\n"
    assert c.kubectl("explain pods --api-version=foo/v1").stderr == \
        'error: couldn\'t find resource for "foo/v1, Resource=pods"\n'
    # pkg/cmd/explain/explain.go Validate
    assert c.kubectl("explain").stderr == ('error: You must specify the type of resource to explain. Use '
                                           '"kubectl api-resources" for a complete list of supported resources.\n')
    assert c.kubectl("explain pods svc").stderr == "error: We accept only this format: explain RESOURCE\n"


def test_api_versions_are_sorted_and_agree_with_api_resources(c):
    out = c.kubectl("api-versions").stdout.splitlines()
    assert out == sorted(out) and out[-1] == "v1"
    assert {"apps/v1", "autoscaling/v1", "autoscaling/v2", "batch/v1", "networking.k8s.io/v1"} <= set(out)
    listed = {line.split()[-3] for line in c.kubectl("api-resources --no-headers").stdout.splitlines()}
    assert listed <= set(out)
