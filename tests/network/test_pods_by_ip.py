"""The network's index of pod IPs (Network._on_pod) returns at once for changes
without an address before or after; over random changes it keeps the index an
unhurried handler (the one it replaced) keeps."""
import random
import types

from kubelab.network.traffic import Network


def reference(self, etype, pod, old):
    """The handler as it was: every change looked at in full."""
    key = f"{pod['metadata']['namespace']}/{pod['metadata']['name']}"
    for o in (old,) if old is not None else ():
        ip = (o.get("status") or {}).get("podIP")
        if ip and self.pods_by_ip.get(ip) == key:
            del self.pods_by_ip[ip]
    ip = (pod.get("status") or {}).get("podIP")
    if etype == "DELETED":
        if ip and self.pods_by_ip.get(ip) == key:
            del self.pods_by_ip[ip]
    elif ip and not pod["spec"].get("hostNetwork"):
        self.pods_by_ip[ip] = key


def test_the_ip_index_is_the_reference_handlers_over_random_changes():
    rng = random.Random(5)
    fast, slow = (types.SimpleNamespace(pods_by_ip={}) for _ in range(2))
    pods: dict[str, dict] = {}
    ips = [None, "", "10.0.0.1", "10.0.0.2", "10.0.0.3"]      # few addresses: reused, shared, taken over
    for _ in range(3000):
        name = rng.choice("abcdef")
        old = pods.get(name)
        status = {} if rng.random() < 0.2 else {"phase": "Running", "podIP": rng.choice(ips)}
        pod = {"metadata": {"namespace": rng.choice(("default", "default", "other")) if old is None
                            else old["metadata"]["namespace"], "name": name},
               "spec": {"hostNetwork": rng.random() < 0.2}}
        if rng.random() < 0.9:
            pod["status"] = status
        if old is None:
            etype = "ADDED"
        else:
            etype = rng.choice(("MODIFIED", "MODIFIED", "DELETED"))
        if etype == "DELETED":
            pod = old
        Network._on_pod(fast, etype, pod, None if etype == "ADDED" else old if etype == "MODIFIED" else None)
        reference(slow, etype, pod, None if etype == "ADDED" else old if etype == "MODIFIED" else None)
        assert fast.pods_by_ip == slow.pods_by_ip
        if etype == "DELETED":
            del pods[name]
        else:
            pods[name] = pod
    assert fast.pods_by_ip            # the index was used
