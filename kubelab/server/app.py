"""Routing: a request's path and verb to discovery, OpenAPI or a REST verb, and
every answer (errors included) to the bytes the apiserver would send.

The transport (kubelab.server.httpd) hands over a :class:`Request` and writes the
:class:`Response`; nothing here touches a socket.  Every cluster access happens
under ``self.lock``, one request at a time.
"""
from __future__ import annotations

import hmac
import json
import threading
import traceback
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator
from urllib.parse import parse_qs

from ..api import errors, resources
from ..api.connect import OPTIONS, ProxyOptions, UpgradeError, validate_container
from ..api.meta import Obj
from ..api.resources import ResourceType
from ..kubectl.printers import PrintContext
from . import discovery, openapi, openapipb, portforward, rest, spdystreams, streams, tables, versions, watch
from . import metrics as served_metrics
from .websocket import is_spdy_upgrade, is_upgrade, offered_protocols, spdy_protocols
from .rest import Target

JSON = "application/json"


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]            # lower-case names
    body: bytes = b""
    raw_query: str = ""                # the query string as sent (repeated parameters: exec's command)


@dataclass
class Response:
    code: int = 200
    body: bytes = b""
    content_type: str = JSON
    headers: list[tuple[str, str]] = field(default_factory=list)
    stream: Iterator[bytes | None] | None = None
    #: a WebSocket upgrade: the transport completes the handshake with ``protocol``
    #: and hands the connection to ``upgrade`` (kubelab.server.websocket.WebSocket)
    upgrade: Callable[[Any], None] | None = None
    protocol: str = ""
    spdy: bool = False               # an HTTP/1.1 SPDY/3.1 upgrade rather than a WebSocket


def encode(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()


def status_response(err: errors.ApiError) -> Response:
    return Response(err.code, encode(err.status))


NOT_FOUND = errors.ApiError(404, "NotFound", "the server could not find the requested resource")


def not_found() -> errors.ApiError:
    return errors.ApiError(404, "NotFound", "the server could not find the requested resource")


class ApiServer:
    def __init__(self, cluster, lock: threading.RLock, token: str, stopped: threading.Event):
        self.cluster = cluster
        self.lock = lock
        self.token = token
        self.stopped = stopped
        with lock:
            self.history = watch.History(cluster.api)
        self.bookmark_every = 60.0
        self.watch_tick = 1.0
        self.stream_count = 0                     # open watch (and log follow) streams
        self._count_lock = threading.Lock()
        self.rows = tables.RowCache()              # encoded Table rows of stored objects
        self.last_list: dict = {}                  # the last list's selection (rest.list_objects)

    def close(self) -> None:
        with self.lock:
            self.history.close()

    # ---------------------------------------------------------------- entry
    def handle(self, req: Request) -> Response:
        if not self._authenticated(req):
            return status_response(errors.ApiError(401, "Unauthorized", "Unauthorized"))
        try:
            return self._route(req)
        except errors.ApiError as err:
            return status_response(err)
        except Exception as exc:          # a bug of ours: the apiserver's 500, never a dead server
            traceback.print_exc()
            return status_response(errors.ApiError(500, "InternalError",
                                                   f"Internal error occurred: {type(exc).__name__}: {exc}",
                                                   {"causes": [{"message": str(exc)}]}))

    def _authenticated(self, req: Request) -> bool:
        auth = req.headers.get("authorization", "")
        scheme, _, value = auth.partition(" ")
        return scheme.lower() == "bearer" and hmac.compare_digest(value.strip().encode(), self.token.encode())

    def _route(self, req: Request) -> Response:
        parts = [p for p in req.path.split("/") if p]
        if req.method != "GET" and (not parts or parts[0] not in ("api", "apis")):
            raise errors.ApiError(405, "MethodNotAllowed", f"the server does not allow this method on the requested resource")
        if not parts:
            return Response(body=encode({"paths": ["/api", "/api/v1", "/apis", "/openapi/v2", "/openapi/v3", "/version"]}))
        head = parts[0]
        if head == "version" and len(parts) == 1:
            return Response(body=encode(discovery.VERSION))
        if head in ("healthz", "livez", "readyz") and len(parts) == 1:
            return Response(body=b"ok", content_type="text/plain; charset=utf-8")
        if head == "openapi":
            return self._openapi(req, parts[1:])
        if head == "api":
            if len(parts) == 1:
                return self._discovery(req, discovery.aggregated(True), discovery.api_versions())
            if parts[1] != "v1":
                raise not_found()
            return self._group_version(req, "", "v1", parts[2:])
        if head == "apis":
            if len(parts) == 1:
                return self._discovery(req, *served_metrics.with_group(
                    self.cluster.api, discovery.aggregated(False), discovery.api_group_list()))
            group = parts[1]
            if group == served_metrics.mapi.GROUP:          # the aggregator's proxy to metrics-server
                return Response(body=encode(served_metrics.answer(self.cluster.api, req.method, parts[2:], req.query)))
            if len(parts) == 2:
                doc = discovery.api_group(group)
                if doc is None or req.method != "GET":
                    raise not_found()
                return Response(body=encode({"kind": "APIGroup", "apiVersion": "v1", **doc}))
            return self._group_version(req, group, parts[2], parts[3:])
        raise not_found()

    def _discovery(self, req: Request, aggregated: Obj, legacy: Obj) -> Response:
        if req.method != "GET":
            raise not_found()
        accept = req.headers.get("accept", "")
        for part in accept.split(","):
            media = part.strip()
            compact = media.replace(" ", "")
            if "as=APIGroupDiscoveryList" in compact and "v=v2" in compact and "g=apidiscovery.k8s.io" in compact:
                return Response(body=encode(aggregated), content_type=discovery.AGGREGATED_V2,
                                headers=[("Vary", "Accept")])
            if media.split(";")[0] in ("application/json", "*/*", ""):
                break
        return Response(body=encode(legacy), headers=[("Vary", "Accept")])

    def _openapi(self, req: Request, rest_parts: list[str]) -> Response:
        if rest_parts == ["v2"]:
            return self._openapi_v2(req.headers.get("accept", ""))
        if rest_parts == ["v3"]:
            return Response(body=openapi.v3_index())
        if rest_parts[:1] == ["v3"]:
            rest_parts = rest_parts[1:]
            if rest_parts[:1] == ["api"] and len(rest_parts) == 2 and rest_parts[1] == "v1":
                return Response(body=openapi.v3_document("", "v1"), headers=[("Cache-Control", "public, immutable")])
            if rest_parts[:1] == ["apis"] and len(rest_parts) == 3 and (rest_parts[1], rest_parts[2]) in openapi.group_versions():
                return Response(body=openapi.v3_document(rest_parts[1], rest_parts[2]),
                                headers=[("Cache-Control", "public, immutable")])
        raise not_found()

    def _openapi_v2(self, accept: str) -> Response:
        """JSON, or the gnostic protobuf client-go asks for (kube-openapi's handler
        negotiates; it names the protobuf with the ``.v1.0`` spelling, which Go's
        mime parser accepts, whichever of the two was asked for)."""
        vary = [("Vary", "Accept")]
        for part in (accept or "*/*").split(","):
            media = part.split(";")[0].strip()
            if media in openapipb.MEDIA_TYPES:
                return Response(body=openapipb.encoded(openapi.v2_document()), content_type=openapipb.MEDIA_TYPES[1],
                                headers=vary)
            if media in ("application/json", "*/*", "application/*"):
                return Response(body=openapi.v2_document(), headers=vary)
        raise errors.ApiError(406, "NotAcceptable", "only the following media types are accepted: application/json, "
                              + ", ".join(openapipb.MEDIA_TYPES))

    # ---------------------------------------------------------------- resources
    def _group_version(self, req: Request, group: str, version: str, parts: list[str]) -> Response:
        if not parts:
            doc = discovery.resource_list(group, version)
            if doc is None or req.method != "GET":
                raise not_found()
            return Response(body=encode(doc))
        if _proxy_parts(parts):
            return self._proxy(req, group, version, parts)
        legacy_watch = parts[0] == "watch"
        if legacy_watch:
            parts = parts[1:]
        target = self._target(group, version, parts, req.query)
        if legacy_watch:
            target.query["watch"] = "true"
        return self._verb(req, target)

    def _target(self, group: str, version: str, parts: list[str], query: dict[str, str]) -> Target:
        namespace = None
        if len(parts) >= 3 and parts[0] == "namespaces" and parts[2] not in ("status", "finalize"):
            namespace, parts = parts[1], parts[2:]
        found = versions.by_plural(group, version, parts[0]) if parts else None
        if found is None or len(parts) > 3:
            raise not_found()
        rt, view = found
        if namespace is not None and not rt.namespaced:
            raise not_found()
        name = parts[1] if len(parts) > 1 else ""
        sub = parts[2] if len(parts) > 2 else ""
        if sub and sub not in [s for s, _, _ in discovery.subresources(rt)]:
            raise not_found()
        return Target(rt, namespace if rt.namespaced else None, name, sub, dict(query), view)

    def _verb(self, req: Request, t: Target) -> Response:
        m = req.method
        accept = req.headers.get("accept", "")
        ctype = req.headers.get("content-type", "")
        if t.sub in ("exec", "attach", "portforward"):
            return self._stream(req, t)
        if t.sub == "log":
            if m != "GET":
                raise errors.ApiError(405, "MethodNotAllowed", "the server does not allow this method on the requested resource")
            return self._log(t)
        if m == "GET" and t.query.get("watch") in ("true", "1"):
            if t.name:
                t.query["fieldSelector"] = ",".join(filter(None, [t.query.get("fieldSelector"), f"metadata.name={t.name}"]))
            return self._watch(t, tables.wants_table(accept))
        with self.lock:
            if m != "GET":
                self._admission_warnings()        # what an earlier caller left is not this request's
            if m == "GET" and t.name:
                if t.sub == "scale":
                    return self._object(rest.scale_of(self.cluster.api, t), accept, None)
                return self._object(rest.get(self.cluster.api, t), accept, t.rt, t=t)
            if m == "GET":
                return self._list(t, accept)
            if m == "POST" and not t.name:
                if t.rt.kind == "Binding":
                    return self._outcome(rest.bind(self.cluster.api, t, req.body, self.cluster.clock.timestamp(), ctype), accept, None)
                return self._outcome(rest.create(self.cluster.api, t, req.body, ctype), accept, t.rt, t)
            if m == "POST" and t.sub == "eviction":
                return self._outcome(rest.evict(self.cluster.api, t, req.body, ctype), accept, None)
            if m == "POST" and t.sub == "binding":
                return self._outcome(rest.bind(self.cluster.api, t, req.body, self.cluster.clock.timestamp(), ctype), accept, None)
            if m == "PUT" and t.name:
                return self._outcome(rest.update(self.cluster.api, t, req.body, ctype), accept,
                                     None if t.sub == "scale" else t.rt, t)
            if m == "PATCH" and t.name:
                return self._outcome(rest.patch(self.cluster.api, t, req.body, ctype), accept,
                                     None if t.sub == "scale" else t.rt, t)
            if m == "DELETE" and t.name and not t.sub:
                return self._outcome(rest.delete(self.cluster.api, t, req.body, ctype), accept, t.rt, t)
            if m == "DELETE" and not t.name:
                if "deletecollection" not in t.rt.verbs:
                    raise errors.ApiError(405, "MethodNotAllowed", "the server does not allow this method on the requested resource")
                return self._outcome(rest.delete_collection(self.cluster.api, t, req.body, self.history.current(), ctype), accept, None)
        raise errors.ApiError(405, "MethodNotAllowed", "the server does not allow this method on the requested resource")

    # ---------------------------------------------------------------- answers
    def _ctx(self) -> PrintContext:
        return PrintContext(now=self.cluster.now, extra={"api": self.cluster.api})

    def _object(self, obj: Obj, accept: str, rt: ResourceType | None, code: int = 200,
                warnings: list[str] = (), t: Target | None = None) -> Response:
        headers = [("Warning", f'299 - {json.dumps(w)}') for w in warnings]
        if rt is not None and obj.get("kind") == rt.kind and tables.wants_table(accept):
            body = tables.table(rt, [obj], self._ctx(), include=self._include(accept))
            return Response(code, encode(body), tables.TABLE_TYPE, headers)
        return Response(code, encode(t.present(obj) if t is not None else obj), headers=headers)

    def _include(self, accept: str) -> str:
        return "Metadata"

    def _outcome(self, out: rest.Outcome, accept: str, rt: ResourceType | None, t: Target | None = None) -> Response:
        return self._object(out.body, accept, rt, out.code, out.warnings + self._admission_warnings(), t)

    def _admission_warnings(self) -> list[str]:
        """Warnings admission left on the store for this request (a deprecated
        reclaim policy ...): the apiserver sends them as ``Warning`` headers."""
        pending = getattr(self.cluster.api, "warnings", None)
        if not pending:
            return []
        out = list(dict.fromkeys(pending))
        pending.clear()
        return out

    def _list(self, t: Target, accept: str) -> Response:
        """Lists read the stored objects without copying them (a thousand pods cost
        150 ms to copy), so they are encoded here, still under the lock."""
        rv = self.history.current()
        objs, meta = rest.list_objects(self.cluster.api, t, rv, self.last_list)
        if tables.wants_table(accept):
            body = tables.table_bytes(t.rt, objs, self._ctx(), self.rows,
                                      include=t.query.get("includeObject", "Metadata"), list_meta=meta)
            return Response(body=body, content_type=tables.TABLE_TYPE)
        items = [rest.without_type(t.present(o)) for o in objs]
        return Response(body=encode({"kind": f"{t.rt.kind}List", "apiVersion": t.api_version,
                                     "metadata": meta, "items": items}))

    def _watch(self, t: Target, as_table: bool) -> Response:
        include = t.query.get("includeObject", "Metadata")
        rv = t.query.get("resourceVersion", "")
        timeout = None
        if t.query.get("timeoutSeconds"):
            try:
                timeout = float(t.query["timeoutSeconds"])
            except ValueError:
                raise errors.bad_request(f'invalid timeoutSeconds "{t.query["timeoutSeconds"]}"') from None
        with self.lock:
            matches = rest.compile_filter(t.rt, t.query)
            flt = watch.Filter(t.rt, t.namespace, matches)
            if rv in ("", "0") or t.query.get("sendInitialEvents") == "true":
                initial = [o for o in self.cluster.api.list(t.rt, t.namespace) if matches(o)]
                start = self.history.position_after(watch.parse_key(self.history.current()))
            else:
                initial = []
                try:
                    start = self.history.position_after(watch.parse_key(rv))
                except errors.ApiError as err:
                    if err.code != 410:
                        raise
                    # The watch cache answers 200 and one ERROR event (cacher's errWatcher).
                    return Response(200, stream=iter([watch.encode_error(err)]))
        first = [True]

        def encode_event(etype: str, obj: Obj, change: watch.Change | None) -> bytes:
            if as_table:
                with self.lock:
                    body = tables.table(t.rt, [obj], self._ctx(), include=include, headers=first[0])
                first[0] = False
                return watch.event_bytes(etype, body)
            if change is None or t.view is not None:
                return watch.event_bytes(etype, t.present(obj))
            cached = change.encoded.get(etype)
            if cached is None:
                cached = change.encoded[etype] = watch.event_bytes(etype, obj)
            return cached

        bookmark = None
        if t.query.get("allowWatchBookmarks") == "true":
            def bookmark() -> bytes:
                return watch.event_bytes("BOOKMARK", {"kind": t.rt.kind, "apiVersion": t.api_version,
                                                      "metadata": {"resourceVersion": self.history.current()}})
        events = watch.stream(self.history, flt, start, initial, encode=encode_event, bookmark=bookmark,
                              timeout=timeout, stopped=self.stopped, tick=self.watch_tick,
                              bookmark_every=self.bookmark_every)
        if t.query.get("sendInitialEvents") == "true" and bookmark is not None:
            events = _with_initial_end(events, len(initial), self, t)
        return Response(200, content_type=tables.TABLE_TYPE if as_table else JSON, stream=self._counted(events))

    def _counted(self, events: Iterator[bytes | None]) -> Iterator[bytes | None]:
        with self._count_lock:
            self.stream_count += 1
        try:
            yield from events
        finally:
            with self._count_lock:
                self.stream_count -= 1

    def _proxy(self, req: Request, group: str, version: str, parts: list[str]) -> Response:
        """``pods/[NAME][:PORT]/proxy/PATH`` and ``services/[SCHEME:]NAME[:PORT]/proxy/PATH``:
        the request goes on to the pod or a ready endpoint of the Service, its answer
        comes back as the program gave it (kubelab.network.apiproxy)."""
        ns, resource, name = parts[1], parts[2], parts[3]
        if group or version != "v1":
            raise not_found()
        marker = f"/{resource}/{name}/proxy"
        tail = req.path[req.path.index(marker) + len(marker):] or "/"
        if req.raw_query:
            tail += "?" + req.raw_query
        headers = tuple((k, v) for k, v in req.headers.items() if k not in ("authorization", "connection"))
        options = ProxyOptions(path=tail, method=req.method, headers=headers,
                               body=req.body.decode("utf-8", "replace"))
        with self.lock:
            answer = self.cluster.api.connect(resource, name, ns, "proxy", options)
        hdrs = {k.lower(): v for k, v in (answer.headers or {}).items()}
        ctype = hdrs.pop("content-type", "text/plain; charset=utf-8")
        hdrs.pop("content-length", None)
        return Response(answer.status, answer.body.encode(), ctype, list(hdrs.items()))

    def _stream(self, req: Request, t: Target) -> Response:
        """exec, attach and portforward: a WebSocket upgrade (kubectl v1.32 tries it
        first; the apiserver's own checks answer before it, as plain errors)."""
        offered = offered_protocols(req.headers)
        query = parse_qs(req.raw_query, keep_blank_values=True)
        ns, name = t.namespace, t.name
        websocket = req.method == "GET" and is_upgrade(req.headers)
        spdy = is_spdy_upgrade(req.headers)
        if spdy:
            offered = spdy_protocols(req.headers)
        if t.sub == "portforward":
            with self.lock:
                self.cluster.api.get("pods", name, ns)
            if not (websocket or spdy):
                raise errors.bad_request("Upgrade request required")
            protocol = portforward.choose(offered if websocket else
                                          [f"SPDY/3.1+{p}" for p in offered if p == "portforward.k8s.io"])
            if protocol is None:
                raise errors.bad_request(f"unable to upgrade: unable to negotiate protocol: client supports {offered}, "
                                         f"server supports {list(portforward.PROTOCOLS)}")
            with self.lock:
                forward = self.cluster.api.connect("pods", name, ns, "portforward", query)
                pod = self.cluster.api.get("pods", name, ns)
            return Response(101, upgrade=lambda ws: portforward.serve_tunnel(ws, forward, pod, self.lock, self.stopped),
                            protocol=protocol.split("+", 1)[1] if spdy else protocol, spdy=spdy)
        with self.lock:
            # The apiserver's checks (the pod, the container) before the upgrade.
            options = OPTIONS[("pods", t.sub)].from_query(query)
            pod = self.cluster.api.get("pods", name, ns)
            validate_container(pod, options.container)
            if not pod["spec"].get("nodeName"):
                raise errors.bad_request(f"pod {name} does not have a host assigned")
        if spdy:
            protocol = streams.choose_spdy(offered)
            if protocol is None:
                raise errors.bad_request(f"unable to upgrade: unable to negotiate protocol: client supports {offered}, "
                                         f"server supports {list(streams.SPDY_PROTOCOLS)}")
            # Straight to the kubelet: a stream it refuses is refused before the upgrade.
            with self.lock:
                try:
                    session = self.cluster.api.connect("pods", name, ns, t.sub, options)
                except UpgradeError as err:
                    return Response(err.code, err.message.encode(), "text/plain; charset=utf-8")
            return Response(101, upgrade=lambda raw: spdystreams.serve_spdy(raw, session, self.lock, self.stopped),
                            protocol=protocol, spdy=True)
        if not websocket:
            raise errors.bad_request("Upgrade request required")
        protocol = streams.choose(offered)
        if protocol is None:
            raise errors.bad_request(f"unable to upgrade: unable to negotiate protocol: client supports {offered}, "
                                     f"server supports {list(streams.PROTOCOLS)}")
        return Response(101, upgrade=lambda ws: streams.serve_channels(
            ws, lambda: self.cluster.api.connect("pods", name, ns, t.sub, options), self.lock, self.stopped),
            protocol=protocol)

    def _log(self, t: Target) -> Response:
        """``pods/log`` through the store's connect registry (kubelab.api.connect):
        the text there is now, then, with ``follow``, what the container logs as
        simulated time moves, until its run ends or the client goes."""
        with self.lock:
            stream = self.cluster.api.connect("pods", t.name, t.namespace, "log", t.query)
            text = stream.read()
            done = stream.done
        if done:
            return Response(200, text.encode(), "text/plain")

        def follow() -> Iterator[bytes | None]:
            if text:
                yield text.encode()
            while not self.stopped.is_set():
                self.stopped.wait(self.watch_tick / 4)
                with self.lock:
                    more, finished = stream.read(), stream.done
                yield more.encode() if more else None
                if finished:
                    return
        return Response(200, content_type="text/plain", stream=self._counted(follow()))


def _proxy_parts(parts: list[str]) -> bool:
    """namespaces/NS/(pods|services)/NAME/proxy[/...]"""
    return len(parts) >= 5 and parts[0] == "namespaces" and parts[2] in ("pods", "services") and parts[4] == "proxy"


def _with_initial_end(events: Iterator[bytes | None], n: int, server: ApiServer, t: Target) -> Iterator[bytes | None]:
    """sendInitialEvents: after the initial ADDED events, a bookmark marked
    ``k8s.io/initial-events-end`` (the WatchList protocol)."""
    for i, chunk in enumerate(events):
        if i == n:
            yield watch.event_bytes("BOOKMARK", {"kind": t.rt.kind, "apiVersion": t.api_version, "metadata": {
                "resourceVersion": server.history.current(), "annotations": {"k8s.io/initial-events-end": "true"}}})
        yield chunk
