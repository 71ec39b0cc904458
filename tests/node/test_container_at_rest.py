"""What a running container holds, and that holding less changes nothing it shows:
its files (image files, the kubelet's /etc files, the termination log) lie as
shared read-only layers under its own writes; its environment is built when read;
Service variables are one dict per namespace until a Service changes."""
import kubelab
from kubelab.network import envvars


def running(c, name):
    pod = c.api.peek("pods", name, "default")
    w = c.kubelets[pod["spec"]["nodeName"]].workers[f"default/{name}"]
    return w, next(iter(w.containers.values()))


def test_a_containers_files_are_layers_under_its_own_writes():
    c = kubelab.Cluster()
    c.kubectl("run a --image=nginx:1.16.1")
    c.kubectl("run b --image=nginx:1.16.1")
    c.settle()
    (_, a), (wb, b) = running(c, "a"), running(c, "b")
    # nothing written: the image's files are one mapping for both containers
    assert a.ctx.fs.files == {} and b.ctx.fs.files == {}
    assert a.ctx.fs.layers[-1] is b.ctx.fs.layers[-1]
    assert c.kubectl("exec a -- cat /etc/hostname").stdout == "a\n"
    assert c.kubectl("exec b -- cat /etc/hosts").stdout.splitlines()[-1] == f"{wb.ip}\tb"
    assert "Welcome to nginx!" in c.kubectl("exec a -- cat /usr/share/nginx/html/index.html").stdout
    # a write lands in the container's own files; the other container's do not change
    assert c.kubectl(["exec", "a", "--", "sh", "-c", "echo hi > /usr/share/nginx/html/index.html"]).returncode == 0
    assert c.kubectl("exec a -- cat /usr/share/nginx/html/index.html").stdout == "hi\n"
    assert "Welcome to nginx!" in c.kubectl("exec b -- cat /usr/share/nginx/html/index.html").stdout
    # a removed file of a lower layer is gone for this container only
    assert c.kubectl("exec a -- rm /usr/share/nginx/html/50x.html").returncode == 0
    assert c.kubectl("exec a -- ls /usr/share/nginx/html").stdout.split() == ["index.html"]
    assert c.kubectl("exec b -- ls /usr/share/nginx/html").stdout.split() == ["50x.html", "index.html"]
    assert c.kubectl("exec a -- cat /dev/termination-log").returncode == 0


def test_the_environment_is_built_when_read_and_service_vars_follow_services():
    c = kubelab.Cluster()
    c.kubectl("run a --image=redis:7.2")
    c.settle()
    _, a = running(c, "a")
    assert type(a.ctx._env) is tuple                  # nobody read it yet
    env_a = c.kubectl("exec a -- env").stdout
    assert "KUBERNETES_SERVICE_HOST=10.96.0.1" in env_a and "WEB_SERVICE_HOST" not in env_a
    c.kubectl("create service clusterip web --tcp=80:80")
    c.kubectl("run b --image=redis:7.2")
    c.settle()
    # a container sees the Services that existed when it started
    assert "WEB_SERVICE_HOST=" in c.kubectl("exec b -- env").stdout
    assert "WEB_SERVICE_HOST" not in c.kubectl("exec a -- env").stdout
    c.kubectl("delete service web")
    c.kubectl("run d --image=redis:7.2")
    c.settle()
    assert "WEB_SERVICE_HOST" not in c.kubectl("exec d -- env").stdout
    # pods of a namespace started between two Service changes share one dict of variables
    pod = c.api.peek("pods", "d", "default")
    assert envvars.service_env(c.api, pod) is envvars.service_env(c.api, pod)


def test_an_unchanged_status_part_is_the_stored_one():
    c = kubelab.Cluster()
    c.kubectl("run a --image=nginx:1.16.1")
    c.settle()
    w, cs = running(c, "a")
    stored = c.api.peek("pods", "a", "default")
    from kubelab.node.statuswriter import pod_status
    # nothing changed: the stored status itself comes back (no write)
    assert pod_status(stored, w, c.kubelets[stored["spec"]["nodeName"]].host_ip, "2030-01-01T00:00:00Z") is stored["status"]
    cs.ready = False
    again = pod_status(stored, w, c.kubelets[stored["spec"]["nodeName"]].host_ip, "2030-01-01T00:00:00Z")
    assert again is not stored["status"] and again["containerStatuses"][0]["ready"] is False
    assert again["podIPs"] is stored["status"]["podIPs"] and again["hostIPs"] is stored["status"]["hostIPs"]
    assert again["containerStatuses"][0]["volumeMounts"] is stored["status"]["containerStatuses"][0]["volumeMounts"]
    assert again["containerStatuses"][0]["state"] is stored["status"]["containerStatuses"][0]["state"]
