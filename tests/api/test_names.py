"""api.names against k8s.io/apimachinery/pkg/util/validation/validation.go (v0.32): the same
verdicts and the same words, for the apiserver and for kubectl's generators alike."""
import pytest

from kubelab.api.names import (is_config_map_key, is_dns1035_label, is_dns1123_label,
                               is_dns1123_subdomain, is_env_var_name, is_valid_port_name)

CHARSET = "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)"
LETTER = "must contain at least one letter (a-z)"
HYPHENS = "must not contain consecutive hyphens"
ENDS = "must not begin or end with a hyphen"

PORT_NAMES = [
    ("http", []),
    ("web-8080", []),
    ("a", []),
    ("B_1", [CHARSET, LETTER]),           # every rule is checked, as IsValidPortName does
    ("8080", [LETTER]),
    ("HTTP", [CHARSET, LETTER]),
    ("a--b", [HYPHENS]),
    ("-web", [ENDS]),
    ("web-", [ENDS]),
    ("", [CHARSET, LETTER]),
    ("abcdefghijklmnop", ["must be no more than 15 characters"]),
    ("--", [LETTER, HYPHENS, ENDS]),
]


@pytest.mark.parametrize("name, errors", PORT_NAMES)
def test_is_valid_port_name(name, errors):
    assert is_valid_port_name(name) == errors


LABEL_REGEX = ("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or "
               "'-', and must start and end with an alphanumeric character (e.g. 'my-name',  or "
               "'123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')")
DNS1035_REGEX = ("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start "
                 "with an alphabetic character, and end with an alphanumeric character (e.g. "
                 "'my-name',  or 'abc-123', regex used for validation is "
                 "'[a-z]([-a-z0-9]*[a-z0-9])?')")
SUBDOMAIN_REGEX = ("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric "
                   "characters, '-' or '.', and must start and end with an alphanumeric character "
                   "(e.g. 'example.com', regex used for validation is "
                   "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")

NAMES = [
    # (rule, value, errors)
    (is_dns1123_label, "hello-node", []),
    (is_dns1123_label, "123-abc", []),
    (is_dns1123_label, "Hello", [LABEL_REGEX]),
    (is_dns1123_label, "a.b", ["must not contain dots"]),
    (is_dns1123_label, "a" * 64, ["must be no more than 63 characters"]),
    (is_dns1035_label, "web", []),
    (is_dns1035_label, "1web", [DNS1035_REGEX]),
    (is_dns1035_label, "web-", [DNS1035_REGEX]),
    (is_dns1123_subdomain, "example.com", []),
    (is_dns1123_subdomain, "1.example", []),
    (is_dns1123_subdomain, "Example.com", [SUBDOMAIN_REGEX]),
    (is_dns1123_subdomain, "", [SUBDOMAIN_REGEX]),
    (is_dns1123_subdomain, "a" * 254, ["must be no more than 253 characters"]),
    (is_config_map_key, "key.name", []),
    (is_config_map_key, "..data", ["must not start with '..'"]),
    (is_config_map_key, ".", ["must not be '.'"]),
    (is_env_var_name, "MY_ENV.NAME", []),
    (is_env_var_name, "..", ["must not be '..'"]),
]


@pytest.mark.parametrize("rule, value, errors", NAMES,
                         ids=[f"{r.__name__}-{v[:12]}" for r, v, _ in NAMES])
def test_name_rules(rule, value, errors):
    assert rule(value) == errors


def test_apiserver_and_kubectl_word_a_bad_port_name_alike():
    """The apiserver (a container port) and kubectl (expose --target-port) ask the same rule."""
    from kubelab import Cluster
    c = Cluster()
    r = c.kubectl("run web --image=nginx --port=80")
    assert r.returncode == 0
    bad = c.kubectl("apply -f -", stdin="""apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: c
    image: nginx
    ports: [{name: B_1, containerPort: 80}]
""")
    assert bad.returncode == 1
    assert f'spec.containers[0].ports[0].name: Invalid value: "B_1": {CHARSET}' in bad.stderr
    assert f'spec.containers[0].ports[0].name: Invalid value: "B_1": {LETTER}' in bad.stderr
    out = c.kubectl("expose pod web --port=80 --target-port=B_1")
    assert out.returncode == 1
    assert CHARSET in out.stderr and LETTER in out.stderr
