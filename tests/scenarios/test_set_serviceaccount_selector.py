"""``kubectl set serviceaccount`` and ``kubectl set selector`` (set_serviceaccount.go,
set_selector.go), and ``--local`` without files for every ``set`` command.  Each
expected text was printed by the real kubectl v1.32.4 against a served cluster in the
same state; the differential test replays these commands through it again."""
import pathlib

import pytest

import kubelab

NEEDS_RESOURCES = ("error: You must provide one or more resources by argument or filename.\n"
                   "Example resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n"
                   "   '<resource> <name>'\n   '<resource>'\n")
NEEDS_FILES = ("error: you must specify resources by --filename when --local is set.\n"
               "Example resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n")


@pytest.fixture
def c():
    cluster = kubelab.Cluster()
    for cmd in ("create deployment web --image=nginx --replicas=1", "create serviceaccount robot",
                "create service clusterip web --tcp=80:80", "create configmap cm --from-literal=a=b"):
        assert cluster.kubectl(cmd).returncode == 0
    cluster.settle()
    return cluster


def template_account(c):
    return c.kubectl("get deployment web -o jsonpath={.spec.template.spec.serviceAccountName}").stdout


def test_set_serviceaccount(c):
    r = c.kubectl("set serviceaccount deployment web robot --dry-run=client -o jsonpath={.spec.template.spec}")
    assert r.stdout == ('{"containers":[{"image":"nginx","imagePullPolicy":"Always","name":"nginx","resources":{},'
                        '"terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File"}],'
                        '"dnsPolicy":"ClusterFirst","restartPolicy":"Always","schedulerName":"default-scheduler",'
                        '"securityContext":{},"serviceAccountName":"robot","terminationGracePeriodSeconds":30}')
    assert c.kubectl("set serviceaccount deployment web robot --dry-run=server").stdout == \
        "deployment.apps/web serviceaccount updated (server dry run)\n"
    assert c.kubectl("set serviceaccount deployment web robot --dry-run=client").stdout == \
        "deployment.apps/web serviceaccount updated (dry run)\n"
    assert template_account(c) == ""                       # dry runs change nothing
    assert c.kubectl("set sa deployment web robot -o name").stdout == "deployment.apps/web\n"
    assert template_account(c) == "robot"
    assert c.kubectl("set serviceaccount deployment web robot").stdout == "deployment.apps/web serviceaccount updated\n"
    # The apiserver does not check the account exists (the ReplicaSet's pods would wait for it).
    assert c.kubectl("set serviceaccount deployment/web nobody").stdout == "deployment.apps/web serviceaccount updated\n"
    assert template_account(c) == "nobody"


@pytest.mark.parametrize("cmd, err", [
    ("set serviceaccount", "error: serviceaccount is required\n"),
    ("set serviceaccount deployment web", "error: resource(s) were provided, but no name was specified\n"),
    ("set serviceaccount deployment", NEEDS_RESOURCES),
    ("set serviceaccount service web robot",
     "error: services/web the object is not a pod or does not have a pod template: *v1.Service\n"),
    ("set serviceaccount configmap cm robot",
     "error: configmaps/cm the object is not a pod or does not have a pod template: *v1.ConfigMap\n"),
    ("set serviceaccount deployment nosuch robot", 'Error from server (NotFound): deployments.apps "nosuch" not found\n'),
    ("set serviceaccount deployment web robot --local", NEEDS_RESOURCES),
    ("set serviceaccount deployment web robot --local --dry-run=server",
     "error: cannot specify --local and --dry-run=server - did you mean --dry-run=client?\n"),
    ("set selector", "error: one selector is required\n"),
    ("set selector service web", "error: resource(s) were provided, but no name was specified\n"),
    ("set selector app=x", NEEDS_RESOURCES),
    ("set selector service web 'app in (a,b)'", "error: match expression [{app In [a b]}] not supported on this object\n"),
    ("set selector service web '!app'", "error: match expression [{app DoesNotExist []}] not supported on this object\n"),
    ("set selector service web 'app!=x'", 'error: "!=" is not a valid label selector operator\n'),
    ("set selector service web 'a>1'", "error: \"gt\" isn't supported in label selectors\n"),
    ("set selector deployment web app=x", "error: setting a selector is only supported for Services\n"),
    ("set selector service web app=x --resource-version=1",
     'Error from server (Conflict): Operation cannot be fulfilled on services "web": the object has been modified; '
     "please apply your changes to the latest version and try again\n"),
    ("set selector service web app=x --local", NEEDS_FILES),
    ("set image deployment web nginx=nginx:2 --local", NEEDS_FILES),
    ("set resources deployment web --limits=cpu=1 --local", NEEDS_FILES),
    ("set env deployment web A=b --local", NEEDS_RESOURCES),
    ("set image nginx=x", NEEDS_RESOURCES),
    ("set image nginx=x --local", NEEDS_RESOURCES),
    ("set image deployment/web", "error: at least one image update is required\n"),
    ("set image deployment web nginx=x --local --dry-run=server", NEEDS_FILES),
])
def test_refusals_change_nothing(c, cmd, err):
    before = c.kubectl("get deployment,service -o yaml").stdout
    r = c.kubectl(cmd)
    assert (r.returncode, r.stdout, r.stderr) == (1, "", err)
    assert c.kubectl("get deployment,service -o yaml").stdout == before


def test_set_selector(c):
    selector = "get service web -o jsonpath={.spec.selector}"
    assert c.kubectl("set selector service web app=x --dry-run=client -o jsonpath={.spec.selector}").stdout == '{"app":"x"}'
    assert c.kubectl("set selector service web app=new --dry-run=server").stdout == \
        "service/web selector updated (server dry run)\n"
    assert c.kubectl(selector).stdout == '{"app":"web"}'
    assert c.kubectl("set selector service web app=other").stdout == "service/web selector updated\n"
    assert c.kubectl(selector).stdout == '{"app":"other"}'
    assert c.kubectl("set selector service/web app=y -o name").stdout == "service/web\n"
    assert c.kubectl(selector).stdout == '{"app":"y"}'


def test_local_with_files_never_asks_the_server(c, tmp_path):
    dep = tmp_path / "dep.yaml"
    dep.write_text(c.kubectl("create deployment loc --image=nginx --dry-run=client -o yaml").stdout)
    r = c.kubectl(f"set image -f {dep} nginx=nginx:2 --local -o jsonpath={{.spec.template.spec.containers[0].image}}")
    assert r.stdout == "nginx:2"
    assert c.kubectl(f"set serviceaccount -f {dep} robot --local").stdout == "deployment.apps/loc serviceaccount updated\n"
    assert c.kubectl("get deployment loc").returncode == 1          # nothing was created
    assert c.kubectl("set image deployment web nginx=nginx:2 --local").returncode == 1
    assert c.kubectl("get deployment web -o jsonpath={.spec.template.spec.containers[0].image}").stdout == "nginx"
