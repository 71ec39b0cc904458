"""The kit's own words in Chinese (kubelab.i18n): the catalogue covers what the exercise
checks say, translations keep every variable part, English stays the default."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

import kubelab
from kubelab import i18n
from kubelab.exercises import Check
from kubelab.i18n.templates import templates
from kubelab.i18n.zh import MESSAGES

ROOT = Path(__file__).resolve().parents[1]
EXERCISES = sorted((ROOT / "kubelab" / "exercises").glob("ch*.py"))


@pytest.fixture
def zh():
    before = i18n._lang
    i18n._lang = "zh"           # not set_lang: the font stays out of this test process
    yield
    i18n._lang = before


@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: p.name)
def test_every_exercise_message_has_a_chinese_translation(path):
    missing = [t for t in templates(path) if t not in MESSAGES]
    assert not missing, "add to kubelab/i18n/zh.py:\n" + "\n".join(map(repr, missing))


def test_translations_keep_every_variable_part():
    names = lambda s: set(re.findall(r"\{(\w+)\}", s))
    wrong = {en: zh for en, zh in MESSAGES.items() if names(en) != names(zh)}
    assert not wrong


def test_a_finished_message_is_translated_with_its_parts(zh):
    msg = 'there is no Deployment web: kubectl create deployment web --image=k8s.gcr.io/echoserver:1.4'
    assert i18n.translate(msg) == '没有 Deployment web：kubectl create deployment web --image=k8s.gcr.io/echoserver:1.4'
    assert str(Check(False, 'the Secret "s" has no key "password".')) == '❌ 还没完成：Secret "s" 中没有键 "password"。'
    assert str(Check(True, "that is not the stored value. Print it with -o jsonpath='{.data.pw}' first.")) == \
        "✅ 正确：这不是存储的值。先用 -o jsonpath='{.data.pw}' 把它打印出来。"


def test_a_message_the_catalogue_does_not_know_stays_as_it_is(zh):
    assert i18n.translate("deployment.apps/web created") == "deployment.apps/web created"


def test_english_is_the_default_and_unchanged():
    assert kubelab.get_lang() in ("en", "zh")
    assert i18n.translate("choose one of a, b.", lang="en") == "choose one of a, b."
    assert str(Check(True, "all good.")).startswith("✅ Correct: ")


def test_an_unknown_language_is_refused():
    with pytest.raises(ValueError, match="lang must be one of en, zh"):
        kubelab.set_lang("fr")


PICTURE_MODULES = ["kubelab.viz.render", "kubelab.viz.draw", "kubelab.viz.trace", "kubelab.viz.timeline",
                   "kubelab.viz.traffic", "kubelab.viz.bootstrap", "kubelab.viz.pull"]


def picture_words():
    import importlib
    out = []
    for name in PICTURE_MODULES:
        module = importlib.import_module(name)
        for attr, value in vars(module).items():
            if isinstance(value, i18n.Words):
                out += [(f"{name}.{attr}[{k!r}]", dict.__getitem__(value, k)) for k in value]
    return out


def test_every_word_of_the_pictures_has_a_chinese_translation():
    words = picture_words()
    assert words
    missing = [(where, text) for where, text in words if text not in MESSAGES]
    assert not missing, "add to kubelab/i18n/zh.py PICTURES:\n" + "\n".join(f"{w}: {t!r}" for w, t in missing)


def test_a_words_table_reads_in_the_chosen_language(zh):
    from kubelab.viz.traffic import WORDS
    assert WORDS["outside"].format(ip="192.168.49.1") == "你的电脑\n192.168.49.1"
    i18n._lang = "en"
    assert WORDS["outside"].format(ip="192.168.49.1") == "your computer\n192.168.49.1"


def test_the_cjk_font_has_a_glyph_for_every_character_the_kit_says_in_chinese():
    """PIL draws a missing glyph as a box without a word: every character of the catalogue
    must be in Noto Sans CJK SC (matplotlib warns instead, and falls back to DejaVu first)."""
    from fontTools.ttLib import TTFont

    from kubelab.i18n import fonts
    path = fonts.font_path()
    assert path is not None, "mplfonts is not installed (a dependency of kubelab)"
    cmap = TTFont(str(path), lazy=True).getBestCmap()
    from kubelab.i18n.zh import VERDICTS    # (the verdicts' ✅ ❌ are text, shown by the browser)
    text = "".join(v for k, v in MESSAGES.items() if k not in VERDICTS)
    missing = sorted({ch for ch in text if ch.strip() and ord(ch) not in cmap})
    assert not missing, "".join(missing)


def test_set_lang_zh_registers_the_cjk_font_with_matplotlib():
    from kubelab.i18n import fonts
    before = i18n._lang
    try:
        i18n._lang = "zh"
        assert fonts.families("DejaVu Sans") == ["DejaVu Sans", fonts.FAMILY]
        i18n._lang = "en"
        assert fonts.families("DejaVu Sans") == "DejaVu Sans"
    finally:
        i18n._lang = before


def test_a_control_shows_its_labels_in_chinese_and_keeps_its_values(zh):
    from kubelab.ui import Dashboard
    widget = i18n.localize(Dashboard(kubelab.Cluster()).widget)
    labels, titles = [], []

    def walk(w):
        labels.append(getattr(w, "description", ""))
        titles.extend(getattr(w, "titles", ()) or ())
        for child in getattr(w, "children", ()) or ():
            walk(child)
    walk(widget)
    assert {"扩缩", "删除 Pod", "让节点失效"} <= set(labels) and "scale" not in labels
    assert titles == ["对象", "事件", "上线"]


def test_the_kits_remarks_beside_the_tools_are_translated(zh):
    from kubelab.setup import addons, minikube
    c = kubelab.Cluster()
    assert addons.run(c.api, ["list"]).stderr == "（本套件模拟的是：minikube addons enable|disable metrics-server）\n"
    assert minikube.cli(c, None, ["dashboard"]).stderr == \
        "（本套件模拟 minikube start、status、addons 和 ssh，不模拟 'dashboard'）\n"
    assert i18n.translate("serving this cluster at https://127.0.0.1:8443; in a terminal:") == \
        "正在 https://127.0.0.1:8443 提供这个集群；在终端里："


def test_the_traffic_explorers_rows_in_chinese_keep_names_as_they_are(zh):
    from kubelab.viz.path import Path
    p = Path(hops=[{"kind": "client", "name": "your computer"}, {"kind": "pod", "name": "pod/client", "port": 80,
                                                                   "note": "targetPort"},
                   {"kind": "container", "name": "client"}])
    assert p.text() == "客户端    你的电脑\nPod       pod/client :80  — targetPort\n容器      client"
    # a pod (or anything) called "client" stays "client" inside a message
    assert i18n.translate("HTTP 200 from pod client") == "Pod client 应答 HTTP 200"
    i18n._lang = "en"
    assert p.text() == "client    your computer\npod       pod/client :80  — targetPort\ncontainer client"


def test_the_machines_remarks_in_chinese_keep_the_tools_own_words(zh):
    from kubelab.setup import docker, kubeadm, machines
    c = kubelab.Cluster(profile="bare")
    m = c.machines["master"]
    assert machines.run_argv(c, m, ["nosuchtool"]).stderr.startswith(
        "bash: nosuchtool: command not found（本套件模拟的是：kubeadm, kubectl, docker, minikube, ")
    assert machines.run_argv(c, m, ["yum", "install", "-y", "kubeadm"]).stdout.split("\n")[1] == \
        "（模拟：本套件不安装软件包；每台机器上都已经有 kubeadm、kubelet、kubectl、docker 和 conntrack）"
    assert docker.run(m.images, ["frobnicate"]).stderr == \
        "docker: 'frobnicate' is not a docker command.（本套件模拟 pull、tag、rmi、images）\n"
    assert kubeadm.run(c, m, ["frobnicate"]).stderr == ('unknown command "frobnicate" for "kubeadm"（本套件模拟 init、join、'
                                                        'token create、config images list、reset）\n')
    i18n._lang = "en"
    assert machines.run_argv(c, m, ["nosuchtool"]).stderr.startswith(
        "bash: nosuchtool: command not found (the kit simulates: kubeadm, kubectl, docker, minikube, ")


def test_the_sequence_tables_headings_in_chinese_stay_aligned(zh):
    from kubelab.viz.trace import sequence_table, trace_table
    c = kubelab.Cluster()
    t = c.now
    c.kubectl("create configmap x --from-literal=a=b")
    table = sequence_table(c, t)
    head, first = table.split("\n")[:2]
    assert head.split() == ["T+", "发送方", "接收方", "消息"]
    # a Chinese character takes two columns: each heading starts where its column does
    assert head.index("发送方") == first.index("kubectl") and head.index("接收方") + 3 == first.index("kube-apiserver")
    assert trace_table(c, t).split("\n")[0].split() == ["T+", "组件", "动作", "对象"]
    i18n._lang = "en"
    assert sequence_table(c, t).split("\n")[0].split() == ["T+", "FROM", "TO", "MESSAGE"]


def test_a_part_of_a_message_may_be_empty(zh):
    # traffic.py: 'Cluster DNS (CoreDNS) resolves "{host}"{named}: {what}.' with no " as FQDN"
    assert i18n.translate('Cluster DNS (CoreDNS) resolves "web": the ClusterIP 10.96.0.10.') == \
        '集群 DNS（CoreDNS）解析 "web"：ClusterIP 10.96.0.10。'


def test_the_derived_paths_reasons_in_chinese(zh):
    from kubelab.viz.path import hop_name, route
    c = kubelab.Cluster()
    c.kubectl("create service clusterip web --tcp=80:8080")
    p = route(c, "web", source="outside")
    assert p.text().endswith("失败：连接超时：ClusterIP（" + c.get("service", "web")["spec"]["clusterIP"]
                             + "）只能在集群内部访问")
    assert hop_name(p.hops[-1]) == "连接超时"
