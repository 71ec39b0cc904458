"""kubectl get's tables keep the time-free facts of rows per object version (RowMemo):
what they print is what the printers print afresh, as objects change and time moves."""
import kubelab
from kubelab.clock import parse_timestamp
from kubelab.kubectl.printers import PrintContext, RowMemo, print_table, printer_for, row_memo


def fresh(c, *args):
    """`kubectl get pods` printed without the memo, from the same objects at the same time."""
    pods = c.api.list("pods", "default", copy=False)
    return print_table(pods, kind="Pod", now=c.now, ctx=PrintContext(now=c.now), **dict(args))


def test_get_pods_follows_new_versions_and_the_clock():
    c = kubelab.Cluster(workers=1, pause=0)
    c.kubectl("create deployment web --image=nginx --replicas=3")
    c.kubectl("run crash --image=busybox -- sh -c 'exit 1'")
    c.settle()
    first = c.kubectl("get pods").stdout
    assert first == fresh(c)
    c.run(95)                                          # ages and "(Ns ago)" move, the facts do not
    later = c.kubectl("get pods").stdout
    assert later == fresh(c) and later != first
    assert "ago)" in later                             # the crashing pod's last restart, at this time
    victim = c.api.list("pods", "default", copy=False)[0]["metadata"]["name"]
    c.kubectl(f"delete pod {victim} --wait=false")     # a new version of one pod
    after = c.kubectl("get pods").stdout
    assert after == fresh(c)
    assert [ln for ln in after.splitlines() if ln.startswith(victim)][0].split()[2] == "Terminating"
    assert c.kubectl("get pods -o wide").stdout == fresh(c, ("wide", True))


def test_the_memo_is_the_stores_own_and_bounded():
    c, d = kubelab.Cluster(pause=0), kubelab.Cluster(pause=0)
    assert row_memo(c.api) is row_memo(c.api) and row_memo(c.api) is not row_memo(d.api)
    memo = RowMemo()
    pod = {"metadata": {"name": "p", "resourceVersion": "1", "creationTimestamp": "2025-01-06T09:00:00Z"},
           "spec": {"containers": [{"name": "c"}]}, "status": {"phase": "Pending"}}
    for rv in range(1, 10_010):                        # 10,009 versions of one pod, one listed at a time
        pod = {**pod, "metadata": {**pod["metadata"], "resourceVersion": str(rv)}}   # a new version: a new object
        memo.rows("Pod", printer_for("Pod"), [pod], 0.0)
    assert sum(map(len, memo._facts.values())) <= 2 * 1 + 10_000


def test_the_same_objects_at_the_same_instant_print_the_same_table_in_each_layout():
    c = kubelab.Cluster(workers=1, pause=0)
    c.kubectl("create deployment web --image=nginx --replicas=3")
    c.settle()
    layouts = [(), (("wide", True),), (("show_labels", True),), (("no_headers", True),),
               (("label_columns", ("app",)),), (("with_kind", True),)]
    flags = ["", " -o wide", " --show-labels", " --no-headers", " -L app", " --show-kind"]
    for _ in range(2):                                 # the second round: each from the last listing's kept parts
        for layout, flag in zip(layouts, flags):
            assert c.kubectl("get pods" + flag).stdout == fresh(c, *layout), flag
    pods = c.api.list("pods", "default", copy=False)
    c.api.write_status("pods", pods[1]["metadata"]["name"], "default",
                       {**pods[1]["status"], "phase": "Failed", "reason": "Evicted"})   # a new version, same instant
    again = c.kubectl("get pods").stdout
    assert again == fresh(c) and "Evicted" in again


def test_event_rows_as_printEvent_computes_them():
    """LAST SEEN is the series' last observation when there is a series, else
    lastTimestamp, else FIRST SEEN; COUNT is at least 1 (printers.go printEvent)."""
    base = {"metadata": {"name": "e", "namespace": "default", "resourceVersion": "7"}, "type": "Normal",
            "reason": "Pulled", "involvedObject": {"kind": "Pod", "name": "web", "fieldPath": "spec.containers{c}"},
            "source": {"component": "kubelet", "host": "node1"}, "message": " pulled \n",
            "firstTimestamp": "2025-01-06T09:00:00Z"}
    plain = {**base, "lastTimestamp": "2025-01-06T09:01:00Z", "count": 3}
    unset = {**base, "metadata": {**base["metadata"], "resourceVersion": "8"}, "lastTimestamp": None}
    series = {**base, "metadata": {**base["metadata"], "resourceVersion": "9"},
              "eventTime": "2025-01-06T09:00:00.000000Z", "firstTimestamp": None,
              "series": {"count": 9, "lastObservedTime": "2025-01-06T09:02:00.000000Z"}}
    at = parse_timestamp("2025-01-06T09:03:00Z")
    table = print_table([plain, unset, series], kind="Event", now=at, wide=True, no_headers=True,
                        ctx=PrintContext(now=at, memo=RowMemo()))
    rows = [line.split("   ") for line in table.splitlines()]
    cells = [[cell.strip() for cell in row if cell.strip()] for row in rows]
    assert cells[0][0] == "2m" and cells[0][-3:] == ["3m", "3", "e"]
    assert cells[1][0] == "3m" and cells[1][-3:] == ["3m", "1", "e"]
    assert cells[2][0] == "60s" and cells[2][-3:] == ["3m", "9", "e"]
    assert cells[0][3:6] == ["pod/web", "spec.containers{c}", "kubelet, node1"] and cells[0][6] == "pulled"


def test_names_of_one_kind_and_of_several():
    from kubelab.kubectl.printers.yamljson import to_names
    pods = [{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": n}} for n in ("a", "b")]
    assert to_names(pods) == "pod/a\npod/b\n"
    assert to_names(pods, "deleted") == "pod/a deleted\npod/b deleted\n"
    mixed = pods + [{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"}},
                    {"apiVersion": "v1", "kind": "Pod", "metadata": {}}]
    assert to_names(mixed) == "pod/a\npod/b\ndeployment.apps/web\npod/<unknown>\n"


def test_names_read_by_c_loops_are_to_names_own_lines_over_many_shapes(monkeypatch):
    """to_names' way for objects of one apiVersion and kind (_names_of_one_kind)
    against its loop over each, over lists of one kind, of several, with parts
    missing, null or not text."""
    import random

    from kubelab.kubectl.printers import yamljson
    rng = random.Random(18)
    shapes = [{"apiVersion": "v1", "kind": "Pod"}, {"apiVersion": "apps/v1", "kind": "Deployment"},
              {"kind": "Pod"}, {"apiVersion": "v1"}, {"apiVersion": None, "kind": "Pod"}, {}]
    metas = [{"name": "a"}, {"name": "b-1"}, {"name": ""}, {"name": None}, {}, None, "absent", {"name": 7}]

    def names(objs, operation, fast):
        with monkeypatch.context() as m:
            if not fast:
                m.setattr(yamljson, "_names_of_one_kind", lambda objs, suffix: None)
            try:
                return yamljson.to_names(objs, operation)
            except (TypeError, AttributeError) as err:
                return type(err)

    for _ in range(400):
        objs = []
        for _ in range(rng.randint(0, 4)):
            obj = dict(rng.choice(shapes[:2] if rng.random() < 0.7 else shapes))
            meta = rng.choice(metas[:2] if rng.random() < 0.7 else metas)
            if meta != "absent":
                obj["metadata"] = meta
            objs.append(obj)
        for operation in ("", "deleted"):
            assert names(objs, operation, True) == names(objs, operation, False), objs


def test_a_listing_between_two_keeps_the_first_and_tables_follow_the_clock():
    """A listing of a few (a name, a node's pods) between two whole ones leaves the
    whole one kept; a table printed at a later instant is the same text when no AGE
    moved (the same cells), and what the printers give afresh either way."""
    c = kubelab.Cluster(workers=1, pause=0)
    c.kubectl("create deployment web --image=nginx --replicas=5")
    c.settle()
    memo = row_memo(c.api)
    first = c.kubectl("get pods").stdout
    assert first == fresh(c)
    kept = memo._last["Pod"][0]
    name = c.api.list("pods", "default", copy=False)[0]["metadata"]["name"]
    assert c.kubectl(f"get pod {name}").stdout.splitlines()[1].startswith(name)
    assert memo._last["Pod"][1] is kept                 # the whole listing kept besides the one pod
    assert c.kubectl("get pods -o wide").stdout == fresh(c, ("wide", True))
    assert memo._last["Pod"][0] is kept
    for step in (1, 1, 60, 600, 1, 1, 3600, 1):       # ages in seconds, then minutes, then hours
        before = kept[3]
        c.run(step)
        text = c.kubectl("get pods").stdout
        assert text == fresh(c)
        assert (kept[3] is before) == (text == first)   # the same cells exactly when the table did not move
        first = text
    c.kubectl("delete pod " + name + " --wait=false")
    assert c.kubectl("get pods").stdout == fresh(c)


def test_pod_cells_same_says_so_only_when_every_rows_cells_are_the_same():
    import random

    from kubelab.kubectl.printers.pods import pod_cells, pod_cells_same
    rng = random.Random(18)
    base = parse_timestamp("2025-01-06T09:00:00Z")
    stamps = ["2025-01-06T09:00:00Z", "2025-01-06T08:00:00Z", "2025-01-01T09:00:00Z", None]
    for _ in range(2000):
        facts = [("p", "1/1", "Running", "2" if restart else "0", base - 30 if restart else None,
                  rng.choice(stamps), "<none>", "<none>", "<none>", "<none>")
                 for restart in (rng.random() < 0.1 for _ in range(rng.randint(0, 4)))]
        then = base + rng.choice([0, 5, 59, 119, 590, 3590, 86390])
        now = then + rng.choice([0, 1, 2, 30, 61, 600])
        same = [pod_cells(f, then) for f in facts] == [pod_cells(f, now) for f in facts]
        if pod_cells_same(facts, then, now):
            assert same, (facts, then, now)


def test_a_table_leaves_the_collector_as_it_found_it():
    import gc
    pod = {"metadata": {"name": "p", "resourceVersion": "1", "creationTimestamp": "2025-01-06T09:00:00Z"},
           "spec": {"containers": [{"name": "c"}]}, "status": {"phase": "Pending"}}
    was = gc.isenabled()
    try:
        for enabled in (True, False):
            (gc.enable if enabled else gc.disable)()
            assert "p      0/1     Pending" in print_table([pod], kind="Pod", ctx=PrintContext(memo=RowMemo()))
            assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_the_common_pods_shortcut_gives_what_printpods_steps_give():
    """pod_facts' way for a pod with no init containers (one running container in
    a few lookups) against the general one (_pod_facts), over many shapes of pod."""
    import itertools
    import random

    from kubelab.kubectl.printers.pods import _pod_facts, pod_facts

    rng = random.Random(18)
    states = [{"running": {"startedAt": "2025-01-06T09:00:00Z"}}, {"running": None}, {},
              {"waiting": {"reason": "CrashLoopBackOff"}}, {"waiting": {}},
              {"terminated": {"reason": "Completed", "exitCode": 0}}, {"terminated": {"exitCode": 2}},
              {"running": {}, "terminated": {"reason": "Error"}}, None]
    last_states = [{}, {"terminated": {"finishedAt": "2025-01-06T09:01:00Z"}}]
    conditions = [None, [], [{"type": "Ready", "status": "True"}, {"type": "PodScheduled", "status": "True"}],
                  [{"type": "Ready", "status": "False"}],
                  [{"type": "PodScheduled", "status": "False", "reason": "SchedulingGated"}],
                  [{"type": "Ready", "status": "False", "reason": "SchedulingGated"}]]

    def container_status(i):
        cs = {"name": f"c{i}", "state": rng.choice(states), "lastState": rng.choice(last_states)}
        for key, values in (("ready", [True, False, None]), ("restartCount", [0, 3, "0", None])):
            value = rng.choice(values)
            if value is not None:
                cs[key] = value
        return cs

    seen = set()
    for n, phase, reason, deleted in itertools.product((0, 1, 1, 1, 2), ("Running", "Succeeded", "Pending", None),
                                                       (None, "NodeLost", "Evicted"), (False, True)):
        for _ in range(12):
            status = {"conditions": rng.choice(conditions), "podIPs": rng.choice([None, [{"ip": "10.244.0.5"}]])}
            if phase is not None:
                status["phase"] = phase
            if reason is not None:
                status["reason"] = reason
            if n or rng.random() < 0.5:
                status["containerStatuses"] = [container_status(i) for i in range(n)]
            meta = {"name": "p", "creationTimestamp": "2025-01-06T09:00:00Z"}
            if deleted:
                meta["deletionTimestamp"] = "2025-01-06T09:02:00Z"
            spec = {"containers": [{"name": f"c{i}"} for i in range(max(n, 1))], "nodeName": "m02"}
            pod = {"metadata": meta, "spec": spec, "status": status}
            facts = pod_facts(pod)
            assert facts == _pod_facts(pod, meta, spec, status), pod
            seen.add(facts[1:4])
    assert {("1/1", "Running", "0"), ("0/1", "Running", "0"),
            ("0/1", "CrashLoopBackOff", "0"), ("1/1", "Terminating", "0")} <= seen


def test_stored_tables_laid_out_from_the_memos_rows_are_what_tabwrite_gives():
    """print_table of stored pods and events with the default options (the memo's rows
    laid out as they are, wide-only cells formatted away: table._stored_table) against
    the general way (table_rows, tabwrite, escaping), over many shapes of row."""
    import random

    from kubelab.kubectl.printers import table

    rng = random.Random(18)
    words = ["", "a", "web", "nginx-7c5ddbdf54-x2x9z", "Running", "CrashLoopBackOff", "ünïcödé", "日本語",
             "line\nbreak", "esc\x1b[0m", "cr\rx", "ff\fx", "a-name-longer-than-thirty-characters-for-sure"]

    def pod(i):
        status = {"phase": rng.choice(["Running", "Pending", "Succeeded"]), "conditions": []}
        if rng.random() < 0.3:
            status["reason"] = rng.choice(words)
        if rng.random() < 0.8:
            status["podIPs"] = [{"ip": rng.choice(["10.244.0.5", "", "fd00::1"])}]
        if rng.random() < 0.5:
            status["containerStatuses"] = [{"name": "c", "ready": rng.random() < 0.5, "restartCount": rng.choice([0, 2]),
                                            "state": rng.choice([{"running": {}}, {"waiting": {"reason": rng.choice(words)}}]),
                                            "lastState": {"terminated": {"finishedAt": "2025-01-06T09:01:00Z"}}}]
        spec = {"containers": [{"name": "c"}], "nodeName": rng.choice(["", "minikube", "m02", "node-with-a-long-name"])}
        if rng.random() < 0.1:
            spec["readinessGates"] = [{"conditionType": "x"}]
        meta = {"name": f"{rng.choice(words[1:8])}-{i}", "resourceVersion": str(i),
                "creationTimestamp": rng.choice(["2025-01-06T09:00:00Z", "2025-01-06T08:00:00Z"])}
        if rng.random() < 0.1:
            meta["deletionTimestamp"] = "2025-01-06T09:02:00Z"
        return {"apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": spec, "status": status}

    def event(i):
        return {"apiVersion": "v1", "kind": "Event", "metadata": {"name": f"e{i}", "resourceVersion": str(i)},
                "type": rng.choice(["Normal", "Warning"]), "reason": rng.choice(words),
                "involvedObject": {"kind": "Pod", "name": rng.choice(words)}, "message": rng.choice(words),
                "firstTimestamp": "2025-01-06T09:00:00Z", "count": rng.choice([0, 1, 12])}

    at = parse_timestamp("2025-01-06T09:03:00Z")
    seen = set()
    for _ in range(300):
        n = rng.choice([1, 2, 5, 20])
        kind, make = rng.choice([("Pod", pod), ("Event", event)])
        objs = [make(i) for i in range(n)]
        options = dict(kind=kind, now=at, wide=rng.random() < 0.4, no_headers=rng.random() < 0.3)
        stored = table._stored_table(objs, **options, with_namespace=False, with_kind=False, show_labels=False,
                                     label_columns=(), ctx=PrintContext(now=at, memo=RowMemo()))
        general = table.tabwrite(table.table_rows(objs, **options, escape=False, ctx=PrintContext(now=at)))
        assert stored is not None and stored == general, (objs, options)
        printed = print_table(objs, **options, ctx=PrintContext(now=at, memo=RowMemo()))
        assert printed == print_table(objs, **options), (objs, options)
        seen.add((kind, printed != general))                # escaped, or as laid out
    assert seen == {("Pod", False), ("Pod", True), ("Event", False), ("Event", True)}
