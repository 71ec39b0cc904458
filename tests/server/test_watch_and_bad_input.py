"""Watch semantics, and bad input: each answer as the apiserver gives it, and the
store unchanged afterwards (its resourceVersion has not moved)."""
from __future__ import annotations

import json
import socket
import ssl
import threading
import time

import pytest


def _watch_events(api, path: str, n: int, timeout: float = 20) -> list[dict]:
    """Read ``n`` events of a watch (chunked JSON lines), then hang up."""
    conn = api.connect()
    conn.request("GET", path, headers={"Authorization": f"Bearer {api.token}"})
    resp = conn.getresponse()
    assert resp.status == 200 and resp.getheader("Transfer-Encoding") == "chunked"
    events: list[dict] = []
    buf = b""
    deadline = time.monotonic() + timeout
    while len(events) < n and time.monotonic() < deadline:
        chunk = resp.read1(65536)
        if not chunk:
            break
        buf += chunk
        while b"\n" in buf and len(events) < n:
            line, buf = buf.split(b"\n", 1)
            events.append(json.loads(line))
    conn.close()
    return events


def _rv(served) -> str:
    return served[1]._api.history.current()


# ------------------------------------------------------------------ watch
def test_watch_from_a_version_sends_what_changed_after_it(served, api):
    c, _ = served
    base = "/api/v1/namespaces/default/configmaps"
    api.request("POST", base, {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "w-before"}})
    rv = api.get(base).json["metadata"]["resourceVersion"]

    def later():
        time.sleep(0.3)
        c.kubectl("create configmap w-after --from-literal=k=v")
        c.kubectl("label configmap w-after x=y")
        c.kubectl("delete configmap w-after")
    threading.Thread(target=later).start()
    events = _watch_events(api, f"{base}?watch=true&resourceVersion={rv}", 3)
    assert [(e["type"], e["object"]["metadata"]["name"]) for e in events] == [
        ("ADDED", "w-after"), ("MODIFIED", "w-after"), ("DELETED", "w-after")]
    assert events[1]["object"]["metadata"]["labels"] == {"x": "y"}


def test_watch_without_a_version_starts_with_the_current_objects(served, api):
    events = _watch_events(api, "/api/v1/nodes?watch=true", 1)
    assert events[0]["type"] == "ADDED" and events[0]["object"]["metadata"]["name"] == "minikube"


def test_a_label_selector_turns_leaving_the_selection_into_deleted(served, api):
    c, _ = served
    c.kubectl("create configmap sel-watch")
    c.kubectl("label configmap sel-watch team=a")
    rv = _rv(served)

    def later():
        time.sleep(0.3)
        c.kubectl("label configmap sel-watch team=b --overwrite")
    threading.Thread(target=later).start()
    events = _watch_events(api, f"/api/v1/namespaces/default/configmaps?watch=true&labelSelector=team%3Da&resourceVersion={rv}", 1)
    assert events[0]["type"] == "DELETED" and events[0]["object"]["metadata"]["labels"] == {"team": "b"}


def test_a_version_older_than_the_window_is_410_gone(served, api):
    events = _watch_events(api, "/api/v1/namespaces/default/pods?watch=true&resourceVersion=1", 1)
    assert events[0]["type"] == "ERROR"
    status = events[0]["object"]
    assert (status["code"], status["reason"]) == (410, "Expired")
    assert status["message"].startswith("too old resource version: 1 (")


def test_bookmarks_when_asked_for(served, api):
    srv = served[1]
    srv._api.bookmark_every, srv._api.watch_tick = 0.2, 0.1
    try:
        rv = _rv(served)
        events = _watch_events(api, f"/api/v1/namespaces/default/pods?watch=true&resourceVersion={rv}&allowWatchBookmarks=true", 1)
    finally:
        srv._api.bookmark_every, srv._api.watch_tick = 60.0, 1.0
    assert events[0] == {"type": "BOOKMARK", "object": {"kind": "Pod", "apiVersion": "v1",
                                                        "metadata": {"resourceVersion": rv}}}


def test_a_watch_ends_at_its_timeout(served, api):
    conn = api.connect()
    conn.request("GET", f"/api/v1/namespaces/default/pods?watch=true&resourceVersion={_rv(served)}&timeoutSeconds=1",
                 headers={"Authorization": f"Bearer {api.token}"})
    resp = conn.getresponse()
    assert resp.read() == b""          # the stream ended cleanly, with no event
    conn.close()


# ------------------------------------------------------------------ bad input
@pytest.mark.parametrize("body, ctype, code, message", [
    (b'{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x"', "application/json", 400,
     "couldn't get version/kind; json parse error: unexpected end of JSON input"),
    (b"apiVersion: v1\nkind: ConfigMap\nmetadata: {name: [x\n", "application/yaml", 400, None),
    (b'{"metadata": {"name": "x"}}', "application/json", 400,
     'Object \'Kind\' is missing in \'{"metadata":{"name":"x"}}\''),
    (b'[1, 2]', "application/json", 400, "Object 'Kind' is missing in '[1, 2]'"),
    (b'{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"}}', "text/plain", 415,
     "the body of the request was in an unknown format - accepted media types include: application/json, "
     "application/yaml, application/vnd.kubernetes.protobuf"),
    (b"k8s\x00\x0a\xff\xff", "application/vnd.kubernetes.protobuf", 400, None),
    (b'{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"x"}}', "application/json", 400,
     "the API version in the data (apps/v1) does not match the expected API version (v1)"),
])
def test_malformed_bodies_are_refused_and_change_nothing(served, api, body, ctype, code, message):
    before = _rv(served)
    answer = api.request("POST", "/api/v1/namespaces/default/configmaps", body, {"Content-Type": ctype})
    assert answer.status == code
    assert answer.json["kind"] == "Status" and answer.json["code"] == code
    if message is not None:
        assert answer.json["message"] == message
    assert _rv(served) == before


def test_a_body_over_3_mib_is_413_before_it_is_read(served, api):
    before = _rv(served)
    big = json.dumps({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "big"},
                      "data": {"k": "x" * (3 * 1024 * 1024)}}).encode()
    answer = api.request("POST", "/api/v1/namespaces/default/configmaps", big)
    assert answer.status == 413
    assert answer.json["message"] == "Request entity too large: limit is 3145728"
    assert _rv(served) == before and served[0].get("configmap", "big") is None


def test_a_vanished_watch_client_is_let_go(served, api):
    srv = served[1]
    srv._api.watch_tick = 0.1
    try:
        raw = socket.create_connection(("127.0.0.1", srv.port))
        tls = api.context.wrap_socket(raw, server_hostname="127.0.0.1")
        tls.sendall(f"GET /api/v1/namespaces/default/pods?watch=true&resourceVersion={_rv(served)} HTTP/1.1\r\n"
                    f"Host: x\r\nAuthorization: Bearer {api.token}\r\n\r\n".encode())
        assert tls.recv(100).startswith(b"HTTP/1.1 200")
        watchers = len(srv._api.cluster.api._watchers)
        tls.close()
        deadline = time.monotonic() + 10
        while srv._api.stream_count and time.monotonic() < deadline:
            time.sleep(0.05)
        assert srv._api.stream_count == 0
        assert len(srv._api.cluster.api._watchers) == watchers     # one shared history, no per-client watcher
    finally:
        srv._api.watch_tick = 1.0
    assert api.get("/version").status == 200


def test_a_silent_client_does_not_block_others(served, api):
    srv = served[1]
    silent = socket.create_connection(("127.0.0.1", srv.port))      # connects, never speaks TLS
    try:
        assert api.get("/version").status == 200
    finally:
        silent.close()


def test_many_concurrent_requests_and_watches(served, api):
    c, srv = served
    before = _rv(served)
    watches = []
    for _ in range(20):
        conn = api.connect()
        conn.request("GET", f"/api/v1/namespaces/default/pods?watch=true&resourceVersion={before}",
                     headers={"Authorization": f"Bearer {api.token}"})
        watches.append(conn)
    results: list[int] = []

    def reader():
        for _ in range(10):
            results.append(api.get("/api/v1/namespaces/default/pods").status)
    threads = [threading.Thread(target=reader) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [200] * 80
    for conn in watches:
        conn.close()
    assert _rv(served) == before


def test_a_request_that_is_not_tls_gets_nothing_and_the_server_lives(served, api):
    srv = served[1]
    plain = socket.create_connection(("127.0.0.1", srv.port))
    plain.sendall(b"GET /version HTTP/1.1\r\nHost: x\r\n\r\n")
    plain.settimeout(5)
    try:
        plain.recv(100)
    except (ConnectionError, socket.timeout, ssl.SSLError):
        pass
    plain.close()
    assert api.get("/version").status == 200
