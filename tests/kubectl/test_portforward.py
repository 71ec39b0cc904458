"""kubectl port-forward (kubectl pkg/cmd/portforward/portforward.go and client-go
tools/portforward/portforward.go, v1.32), kept running in the background."""
import kubelab


def web():
    c = kubelab.Cluster()
    c.kubectl("create deployment web --image=nginx --replicas=2")
    c.kubectl("expose deployment web --port=8000 --target-port=80")
    c.settle()
    return c


def test_a_service_port_is_forwarded_to_the_container_port_it_targets():
    c = web()
    r = c.kubectl("port-forward svc/web 9090:8000")
    # "Forwarding from %s -> %d\n" for each listener address (net.JoinHostPort)
    assert r.stdout == "Forwarding from 127.0.0.1:9090 -> 80\nForwarding from [::1]:9090 -> 80\n"
    resp = c.curl("http://localhost:9090/")
    assert resp.status == 200 and "Welcome to nginx!" in resp.body
    assert "no Service, no kube-proxy" in resp.explain()
    # the connection reaches the container from the pod's own loopback
    logs = c.kubectl("logs deploy/web --all-pods").stdout
    assert '127.0.0.1 - - [' in logs and '"GET / HTTP/1.1" 200 615 "-" "curl/7.81.0"' in logs


def test_nothing_listens_without_a_forward_and_a_forward_ends_with_its_pod():
    c = kubelab.Cluster()
    assert str(c.curl("http://localhost:8080/")) == \
        "curl: (7) Failed to connect to localhost port 8080 after 0 ms: Connection refused\n"
    c.kubectl("run web --image=nginx")
    c.settle()
    c.kubectl("port-forward pod/web 8080:80")
    assert c.curl("http://localhost:8080/").status == 200
    c.kubectl("delete pod web")
    assert c.curl("http://localhost:8080/").error == "Connection refused"
    assert 8080 not in c.network.forwards


def test_port_forward_errors_are_kubectls():
    c = web()
    usage = c.kubectl("port-forward svc/web")
    assert usage.stderr == ("error: TYPE/NAME and list of ports are required for port-forward\n"
                            "See 'kubectl port-forward -h' for help and examples\n")
    # util.LookupContainerPortNumberByServicePort
    assert c.kubectl("port-forward svc/web 7000:1234").stderr == "error: Service web does not have a service port 1234\n"
    assert c.kubectl("port-forward web 80").stderr == 'Error from server (NotFound): pods "web" not found\n'
    c.kubectl("run pending --image=busybox:nosuch")
    assert c.kubectl("port-forward pending 80").stderr == \
        "error: unable to forward port because pod is not running. Current status=Pending\n"


def test_a_port_already_forwarded_cannot_be_listened_on_again():
    c = web()
    c.kubectl("port-forward deploy/web 8080:80")
    r = c.kubectl("port-forward deploy/web 8080:80")
    busy = ("unable to create listener: Error listen tcp4 127.0.0.1:8080: bind: address already in use "
            "unable to create listener: Error listen tcp6 [::1]:8080: bind: address already in use")
    assert r.stderr == (f"Unable to listen on port 8080: Listeners failed to create with the following errors: "
                        f"[{busy}]\nerror: unable to listen on any of the requested ports: [{{8080 80}}]\n")
    both = c.kubectl("port-forward deploy/web 8080:80 8081:80")
    assert both.returncode == 0 and both.stdout.startswith("Forwarding from 127.0.0.1:8081 -> 80\n")
    assert [name for name, _ in both.transcript] == ["stderr", "stdout", "stdout"]
