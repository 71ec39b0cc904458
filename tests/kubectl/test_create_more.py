"""kubectl create serviceaccount|role|clusterrole|rolebinding|clusterrolebinding|quota|
priorityclass|ingress, and the `get` tables of what they create.

Golden YAML and error text come from the real kubectl v1.32.4 on this machine with
``--dry-run=client``.  `create role` and `create clusterrole --resource` resolve their
resources through the server's discovery, so those goldens were taken with kubectl
pointed (``-s``) at a discovery-only stub serving kubelab's resource registry.  The
table columns follow printers.go (printRoleBinding, printResourceQuota,
printPriorityClass) and apiserver's defaultTableConvertor (Role, ClusterRole).
"""
import re

import pytest

import kubelab


def run(cmd: str, cluster=None):
    return (cluster or kubelab.Cluster()).kubectl(cmd)


def rows(text: str) -> list[str]:
    """Table lines with each AGE cell (simulated time moves per command) shown as <age>."""
    return [re.sub(r"\b\d+s\b", "<age>", line) for line in text.splitlines()]


def test_create_serviceaccount_dry_run_and_alias():
    # kubectl create sa x -n foo --dry-run=client -o yaml
    r = run("create sa x -n foo --dry-run=client -o yaml")
    assert (r.stdout, r.returncode) == ("apiVersion: v1\nkind: ServiceAccount\nmetadata:\n"
                                        "  creationTimestamp: null\n  name: x\n  namespace: foo\n", 0)
    # kubectl create sa a b
    r = run("create sa a b")
    assert r.stderr == ("error: exactly one NAME is required, got 2\n"
                        "See 'kubectl create serviceaccount -h' for help and examples\n")


def test_create_serviceaccount_on_server_and_conflict():
    c = kubelab.Cluster()
    assert run("create serviceaccount build-bot", c).stdout == "serviceaccount/build-bot created\n"
    r = run("create serviceaccount build-bot", c)
    # create_serviceaccount.go Run wraps the server's error
    assert r.stderr == 'error: failed to create serviceaccount: serviceaccounts "build-bot" already exists\n'
    assert r.returncode == 1


# kubectl -s <discovery stub> create role r --verb=get,list --verb=get \
#   --resource=pods,deployments.apps,rs,pods/status,deploy --resource-name=x --resource-name=y \
#   --resource-name=x -n foo --dry-run=client -o yaml
ROLE_YAML = """\
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  creationTimestamp: null
  name: r
  namespace: foo
rules:
- apiGroups:
  - ""
  resourceNames:
  - x
  - "y"
  resources:
  - pods
  - pods/status
  verbs:
  - get
  - list
- apiGroups:
  - apps
  resourceNames:
  - x
  - "y"
  resources:
  - deployments
  - replicasets
  verbs:
  - get
  - list
"""


def test_create_role_groups_rules_by_api_group_and_resolves_short_names():
    r = run("create role r --verb=get,list --verb=get --resource=pods,deployments.apps,rs,pods/status,deploy "
            "--resource-name=x --resource-name=y --resource-name=x -n foo --dry-run=client -o yaml")
    assert (r.stdout, r.stderr, r.returncode) == (ROLE_YAML, "", 0)


@pytest.mark.parametrize("flags, resources", [
    ("--verb=get,*,list --resource=pods", "- apiGroups:\n  - \"\"\n  resources:\n  - pods\n  verbs:\n  - '*'\n"),
    ("--verb=get --resource=pods,*", "- apiGroups:\n  - \"\"\n  resources:\n  - '*'\n  verbs:\n  - get\n"),
    # a wildcard with a group stops validation, so the unknown "foo" is kept as typed
    ("--verb=get --resource=*.apps,foo",
     "- apiGroups:\n  - \"\"\n  resources:\n  - foo\n  verbs:\n  - get\n"
     "- apiGroups:\n  - apps\n  resources:\n  - '*'\n  verbs:\n  - get\n"),
    ("--verb=impersonate --resource=users,groups,serviceaccounts",
     "- apiGroups:\n  - \"\"\n  resources:\n  - users\n  - groups\n  - serviceaccounts\n  verbs:\n  - impersonate\n"),
])
def test_create_role_wildcards_and_special_verbs(flags, resources):
    r = run(f"create role r {flags} --dry-run=client -o yaml")
    head = "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  creationTimestamp: null\n  name: r\nrules:\n"
    assert (r.stdout, r.returncode) == (head + resources, 0)


@pytest.mark.parametrize("flags, stderr", [
    ("--resource=pods", "error: at least one verb must be specified\n"),
    ("--verb=get", "error: at least one resource must be specified\n"),
    ("--verb=get --resource=foo", 'the server doesn\'t have a resource type "foo"\n'),
    ("--verb=get --resource=foo.bar", 'the server doesn\'t have a resource type "foo" in group "bar"\n'),
    ("--verb=get --resource=deployments.extensions",
     'the server doesn\'t have a resource type "deployments" in group "extensions"\n'),
    ("--verb=get --resource=.apps", "error: resource must be specified if apiGroup/subresource specified\n"),
    ("--verb=bind,get --resource=roles,pods", "error: can not perform 'bind' on 'pods' in group ''\n"),
    ("--verb=use --resource=psp", "error: can not perform 'use' on 'psp' in group ''\n"),
    ("--verb=foo --resource=nope",
     "Warning: 'foo' is not a standard resource verb\nthe server doesn't have a resource type \"nope\"\n"),
])
def test_create_role_errors(flags, stderr):
    r = run(f"create role r {flags} --dry-run=client -o yaml")
    assert (r.stdout, r.stderr, r.returncode) == ("", stderr, 1)


def test_create_role_warns_for_non_standard_verbs_and_shared_short_names():
    r = run("create role r --verb=get,foo --resource=ev --dry-run=client -o name")
    assert r.stdout == "role.rbac.authorization.k8s.io/r\n"
    # the short-name warning comes once from validation and once from building the rules
    shared = 'Warning: short name "ev" could also match lower priority resource events.events.k8s.io\n'
    assert r.stderr == "Warning: 'foo' is not a standard resource verb\n" + shared * 2


# kubectl create clusterrole cr --verb=get --resource=pods --non-resource-url=/logs/*,/healthz \
#   --non-resource-url=/logs/* -n foo --dry-run=client -o yaml
CLUSTERROLE_YAML = """\
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  creationTimestamp: null
  name: cr
rules:
- apiGroups:
  - ""
  resources:
  - pods
  verbs:
  - get
- nonResourceURLs:
  - /logs/*
  - /healthz
  verbs:
  - get
"""

# kubectl create clusterrole cr --aggregation-rule=rbac.example.com/aggregate-to-monitoring=true,a=b \
#   --dry-run=client -o yaml
AGGREGATED_YAML = """\
aggregationRule:
  clusterRoleSelectors:
  - matchLabels:
      a: b
      rbac.example.com/aggregate-to-monitoring: "true"
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  creationTimestamp: null
  name: cr
rules: null
"""


def test_create_clusterrole_rules_and_aggregation():
    r = run("create clusterrole cr --verb=get --resource=pods --non-resource-url=/logs/*,/healthz "
            "--non-resource-url=/logs/* -n foo --dry-run=client -o yaml")
    assert r.stdout == CLUSTERROLE_YAML
    r = run("create clusterrole cr --aggregation-rule=rbac.example.com/aggregate-to-monitoring=true,a=b "
            "--dry-run=client -o yaml")
    assert r.stdout == AGGREGATED_YAML


@pytest.mark.parametrize("flags, stderr", [
    ("--verb=list --non-resource-url=/logs", "error: invalid verb: 'list' for nonResourceURL\n"),
    ("--verb=get --non-resource-url=logs", "error: nonResourceURL should start with /\n"),
    ("--verb=get --non-resource-url=/l*gs",
     "error: nonResourceURL only supports wildcard matches when '*' is at the end\n"),
    ("--verb=get", "error: one of resource or nonResourceURL must be specified\n"),
    ("--aggregation-rule=a=b --verb=get",
     "error: aggregation rule must be specified without nonResourceURLs, verbs, resources or resourceNames\n"),
    ("--aggregation-rule=foo", 'Error: invalid argument "foo" for "--aggregation-rule" flag: malformed pair, '
                               "expect string=string\nSee 'kubectl create clusterrole --help' for usage.\n"),
    ("--verb=foo --resource=pods --non-resource-url=/x",
     "Warning: 'foo' is not a standard resource verb\nerror: invalid verb: 'foo' for nonResourceURL\n"),
])
def test_create_clusterrole_errors(flags, stderr):
    r = run(f"create clusterrole cr {flags} --dry-run=client -o yaml")
    assert (r.stdout, r.stderr, r.returncode) == ("", stderr, 1)


# kubectl create rolebinding rb --role=r --user=alice --group=devs --serviceaccount=default:sa1 \
#   --dry-run=client -o yaml
ROLEBINDING_YAML = """\
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  creationTimestamp: null
  name: rb
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: r
subjects:
- apiGroup: rbac.authorization.k8s.io
  kind: User
  name: alice
- apiGroup: rbac.authorization.k8s.io
  kind: Group
  name: devs
- kind: ServiceAccount
  name: sa1
  namespace: default
"""


def test_create_rolebinding_subjects():
    r = run("create rolebinding rb --role=r --user=alice --group=devs --serviceaccount=default:sa1 "
            "--dry-run=client -o yaml")
    assert (r.stdout, r.returncode) == (ROLEBINDING_YAML, 0)


def test_create_rolebinding_repeated_user():
    # the command's own repeatable --user (StringArray) shadows the global --user
    r = run("create rolebinding rb --role=r --user=alice --user=bob --dry-run=client -o jsonpath={.subjects[*].name}")
    assert r.stdout == "alice bob"


@pytest.mark.parametrize("cmd, stderr", [
    ("create rolebinding rb", "error: exactly one of clusterrole or role must be specified\n"),
    ("create rolebinding rb --role=r --clusterrole=c", "error: exactly one of clusterrole or role must be specified\n"),
    ("create rolebinding rb --role=r --serviceaccount=a:b:c", "error: serviceaccount must be <namespace>:<name>\n"),
    ("create rolebinding rb --role=r --serviceaccount=:x", "error: serviceaccount must be <namespace>:<name>\n"),
    ("create clusterrolebinding crb --clusterrole=x --serviceaccount=foo",
     "error: serviceaccount must be <namespace>:<name>\n"),
])
def test_create_binding_errors(cmd, stderr):
    r = run(cmd + " --dry-run=client -o yaml")
    assert (r.stdout, r.stderr, r.returncode) == ("", stderr, 1)


def test_create_clusterrolebinding_needs_clusterrole_and_ignores_namespace():
    r = run("create clusterrolebinding crb")
    assert r.returncode == 1 and r.stderr.endswith('"command failed" err="required flag(s) \\"clusterrole\\" not set"\n')
    # kubectl create clusterrolebinding crb --clusterrole=x -n foo --dry-run=client -o yaml
    r = run("create clusterrolebinding crb --clusterrole=x -n foo --dry-run=client -o yaml")
    assert r.stdout == ("apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n"
                        "  creationTimestamp: null\n  name: crb\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n"
                        "  kind: ClusterRole\n  name: x\n")


# kubectl create quota q --hard=pods=2,cpu=1000m,memory=1024Mi,requests.cpu=0.5 \
#   --scopes=BestEffort,NotTerminating --dry-run=client -o yaml
QUOTA_YAML = """\
apiVersion: v1
kind: ResourceQuota
metadata:
  creationTimestamp: null
  name: q
spec:
  hard:
    cpu: "1"
    memory: 1Gi
    pods: "2"
    requests.cpu: 500m
  scopes:
  - BestEffort
  - NotTerminating
status: {}
"""


def test_create_quota_canonical_quantities():
    r = run("create quota q --hard=pods=2,cpu=1000m,memory=1024Mi,requests.cpu=0.5 "
            "--scopes=BestEffort,NotTerminating --dry-run=client -o yaml")
    assert r.stdout == QUOTA_YAML
    # kubectl create resourcequota q --dry-run=client -o yaml
    assert run("create resourcequota q --dry-run=client -o yaml").stdout.endswith("  name: q\nspec: {}\nstatus: {}\n")


@pytest.mark.parametrize("flags, stderr", [
    ("--hard=pods", "error: Invalid argument syntax pods, expected <resource>=<value>\n"),
    ("--hard=pods=1=2", "error: Invalid argument syntax pods=1=2, expected <resource>=<value>\n"),
    ("--hard=pods=x",
     "error: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'\n"),
    ("--scopes=Foo,,Bar", 'error: invalid resource quota scope ""\n'),
])
def test_create_quota_errors(flags, stderr):
    r = run(f"create quota q {flags} --dry-run=client -o yaml")
    assert (r.stdout, r.stderr, r.returncode) == ("", stderr, 1)


def test_create_priorityclass():
    # kubectl create pc high --value=1000 --description=high --global-default --preemption-policy=Never \
    #   --dry-run=client -o yaml
    r = run("create pc high --value=1000 --description=high --global-default --preemption-policy=Never "
            "--dry-run=client -o yaml")
    assert r.stdout == ("apiVersion: scheduling.k8s.io/v1\ndescription: high\nglobalDefault: true\n"
                        "kind: PriorityClass\nmetadata:\n  creationTimestamp: null\n  name: high\n"
                        "preemptionPolicy: Never\nvalue: 1000\n")
    # kubectl create priorityclass high -n foo --dry-run=client -o yaml
    r = run("create priorityclass high -n foo --dry-run=client -o yaml")
    assert r.stdout.endswith("  name: high\npreemptionPolicy: PreemptLowerPriority\nvalue: 0\n")
    # kubectl create pc high --value=x
    r = run("create pc high --value=x")
    assert r.stderr == ('Error: invalid argument "x" for "--value" flag: strconv.ParseInt: parsing "x": '
                        "invalid syntax\nSee 'kubectl create priorityclass --help' for usage.\n")


# kubectl create ingress t --rule=foo.com/=svc:https,tls --rule=foo.com/path/subpath*=othersvc:8080 \
#   --rule=bar.com/*=svc:8080,tls=secret1 --rule=baz.com/=s:1,tls=secret1 --class=nginx \
#   --annotation=a=b=c --dry-run=client -o yaml
INGRESS_YAML = """\
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  annotations:
    a: b=c
  creationTimestamp: null
  name: t
spec:
  ingressClassName: nginx
  rules:
  - host: foo.com
    http:
      paths:
      - backend:
          service:
            name: svc
            port:
              name: https
        path: /
        pathType: Exact
      - backend:
          service:
            name: othersvc
            port:
              number: 8080
        path: /path/subpath
        pathType: Prefix
  - host: bar.com
    http:
      paths:
      - backend:
          service:
            name: svc
            port:
              number: 8080
        path: /
        pathType: Prefix
  - host: baz.com
    http:
      paths:
      - backend:
          service:
            name: s
            port:
              number: 1
        path: /
        pathType: Exact
  tls:
  - hosts:
    - foo.com
  - hosts:
    - bar.com
    - baz.com
    secretName: secret1
status:
  loadBalancer: {}
"""


def test_create_ingress_rules_tls_and_annotations():
    r = run("create ingress t --rule=foo.com/=svc:https,tls --rule=foo.com/path/subpath*=othersvc:8080 "
            "--rule=bar.com/*=svc:8080,tls=secret1 --rule=baz.com/=s:1,tls=secret1 --class=nginx "
            "--annotation=a=b=c --dry-run=client -o yaml")
    assert (r.stdout, r.returncode) == (INGRESS_YAML, 0)
    # kubectl create ing d --default-backend=defaultsvc:http --dry-run=client -o yaml
    r = run("create ing d --default-backend=defaultsvc:http --dry-run=client -o yaml")
    assert r.stdout.endswith("spec:\n  defaultBackend:\n    service:\n      name: defaultsvc\n      port:\n"
                             "        name: http\nstatus:\n  loadBalancer: {}\n")


@pytest.mark.parametrize("flags, stderr", [
    ("", "error: not enough information provided: every ingress has to either specify a default-backend "
         "(which catches all traffic) or a list of rules (which catch specific paths)\n"),
    ("--rule=foo", "error: rule foo is invalid and should be in format host/path=svcname:svcport[,tls[=secret]]\n"),
    ("--default-backend=a", "error: default-backend should be in format servicename:serviceport\n"),
    ("--rule=/=s:1 --annotation=foo", "error: annotation foo is invalid and should be in format key=[value]\n"),
])
def test_create_ingress_errors(flags, stderr):
    r = run(f"create ingress x {flags} --dry-run=client -o yaml")
    assert (r.stdout, r.stderr, r.returncode) == ("", stderr, 1)


def test_created_objects_in_get_tables():
    c = kubelab.Cluster()
    for cmd, line in [
        ("create role pod-reader --verb=get,list --resource=pods", "role.rbac.authorization.k8s.io/pod-reader created"),
        ("create clusterrole node-reader --verb=get --resource=nodes",
         "clusterrole.rbac.authorization.k8s.io/node-reader created"),
        ("create rolebinding rb --role=pod-reader --user=jane --group=devs --serviceaccount=default:bot",
         "rolebinding.rbac.authorization.k8s.io/rb created"),
        ("create clusterrolebinding crb --clusterrole=node-reader --group=ops --group=dev",
         "clusterrolebinding.rbac.authorization.k8s.io/crb created"),
        ("create quota q --hard=pods=2", "resourcequota/q created"),
        ("create pc high --value=1000", "priorityclass.scheduling.k8s.io/high created"),
        ("create ingress web --class=nginx --rule=foo.com/=web:80,tls=cert", "ingress.networking.k8s.io/web created"),
    ]:
        assert run(cmd, c).stdout == line + "\n"
    stamp = c.get("role", "pod-reader")["metadata"]["creationTimestamp"]
    assert run("get role", c).stdout == f"NAME         CREATED AT\npod-reader   {stamp}\n"
    assert rows(run("get rolebinding -o wide", c).stdout) == [
        "NAME   ROLE              AGE   USERS   GROUPS   SERVICEACCOUNTS",
        "rb     Role/pod-reader   <age>    jane    devs     default/bot"]
    assert rows(run("get clusterrolebinding crb", c).stdout)[1].split() == ["crb", "ClusterRole/node-reader", "<age>"]
    assert run("get quota", c).stdout.splitlines()[0].split() == ["NAME", "REQUEST", "LIMIT", "AGE"]
    assert rows(run("get pc", c).stdout) == [
        "NAME   VALUE   GLOBAL-DEFAULT   AGE   PREEMPTIONPOLICY",
        "high   1000    false            <age>    PreemptLowerPriority"]
    assert rows(run("get ingress", c).stdout) == [
        "NAME   CLASS   HOSTS     ADDRESS   PORTS     AGE",
        "web    nginx   foo.com             80, 443   <age>"]


def test_resourcequota_row_splits_requests_and_limits():
    from kubelab.kubectl.printers.columns import PrintContext, printer_for
    quota = {"metadata": {"name": "q"},
             "status": {"hard": {"pods": "2", "limits.memory": "1Gi", "cpu": "1"}, "used": {"pods": "1"}}}
    assert printer_for("ResourceQuota").row(quota, PrintContext())[:3] == [
        "q", "cpu: 0/1, pods: 1/2", "limits.memory: 0/1Gi"]
