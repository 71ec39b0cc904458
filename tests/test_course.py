"""The course as a whole: every section of the notes is taught by a chapter, every kubectl
command of the notes runs in that chapter, and the chapters link to each other.

The notes are read from the copy committed beside the course (course/kubernetes-notes.zh.md).
They have no Markdown headings: a section heading is a short line of its own. SECTIONS lists
them in the order of the notes with the chapter that teaches each (shared/DESIGN.md's table);
a section runs until the next entry, so each command line of the notes belongs to one chapter.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTES = ROOT / "course" / "kubernetes-notes.zh.md"
NOTEBOOKS = ROOT / "notebooks"
README = ROOT / "README.md"

# (line of the notes, chapter, is it a heading the chapter must name). The notes go from one
# topic to the next without a heading twice; those boundaries are lines that are not headings.
SECTIONS: list[tuple[str, str, bool]] = [
    ("初始化", "01", True),
    ("kubeadm安装", "01", True),
    ("minkube", "01", True),
    ("镜像处理:", "02", True),
    ("创建Deployment", "03", True),
    ("创建Service", "04", True),
    ("kubectl label pod $POD_NAME app=v1", "05", False),   # from Services straight to labels
    ("根据标签获取pods", "05", True),
    ("扩展到4倍", "05", True),
    ("滚动更新应用", "05", True),
    ("回滚到上个版本", "05", True),
    ("k8s设置docker容器环境变量的方式:", "06", True),
    ("删除旧的deployment,部署更新后的deployment", "06", True),
    ("使用ConfigMap配置Redis", "07", True),
    ("无状态应用程序", "08", True),
    ("解决k8s.gcr.io无法拉取镜像问题", "02", True),
    ("Kubernates", "09", True),
    ("控制平面组件(Control Plane Components)", "09", True),
    ("Node组件", "09", True),
    ("插件(Addons)", "09", True),
    ("ReplicaSet", "10", True),
    ("port, targetPort, nodePort的关系", "11", True),
    ("Pod是可以在k8s中创建和管理的、最小的可部署的计算单元", "12", False),   # Pods, no heading
    ("使用Pod", "12", True),
    ("Pod模板", "12", True),
    ("资源共享和存储", "12", True),
    ("Pod的生命周期", "13", True),
    ("Pod阶段", "13", True),
    ("Pod状况", "13", True),
    ("Pod的终止", "13", True),
    ("强制终止Pod", "13", True),
    ("失效Pod的垃圾收集", "13", True),
    ("Persistent Volumes", "14", True),
    ("volume和claim的生命周期", "14", True),
    ("Storage Classes", "14", True),
]
CHAPTERS = [f"{n:02d}" for n in range(0, 15)]
# How chapter 00 names each chapter's part of the notes (shared/DESIGN.md's table, first name).
NOTES_NAME = {"01": "初始化", "02": "镜像处理", "03": "创建Deployment", "04": "创建Service",
              "05": "kubectl label", "06": "k8s设置docker容器环境变量的方式", "07": "使用ConfigMap配置Redis",
              "08": "无状态应用程序", "09": "Kubernates", "10": "ReplicaSet",
              "11": "port, targetPort, nodePort的关系", "12": "Pod", "13": "Pod的生命周期",
              "14": "Persistent Volumes"}


# ----------------------------------------------------------------------------- reading


def norm(text: str) -> str:
    return " ".join(text.split())


def heading_text(line: str) -> str:
    """What a chapter must quote: the heading without its trailing colon."""
    return norm(line).rstrip(":：")


def notes_lines() -> list[str]:
    # Bullets ("  • Storage Classes") and indentation are layout, not text.
    return [norm(re.sub(r"^\s*•\s*", "", ln)) for ln in NOTES.read_text(encoding="utf-8").splitlines()]


def sections() -> list[tuple[int, str, str, bool]]:
    """(line index, text, chapter, heading) for SECTIONS, found in order in the notes."""
    lines, found, at = notes_lines(), [], 0
    for text, chapter, heading in SECTIONS:
        at = lines.index(norm(text), at)     # ValueError: the notes changed, update SECTIONS
        found.append((at, text, chapter, heading))
    return found


def notes_commands() -> list[tuple[str, str]]:
    """(kubectl command line, chapter) for every command line of the notes, in order.
    A prompt marker (`> kubectl get -k .`) is not part of the command; commented-out
    lines (`#kubectl ...`) are not commands."""
    bounds = sections()
    out = []
    for i, line in enumerate(notes_lines()):
        command = re.sub(r"^[>$]\s+", "", line)
        if command.startswith("kubectl "):
            chapter = [c for at, _, c, _ in bounds if at <= i][-1]
            out.append((command, chapter))
    return out


def chapter_path(chapter: str) -> Path | None:
    found = sorted(NOTEBOOKS.glob(f"{chapter}-*.ipynb"))
    return found[0] if found else None


def load(chapter: str) -> dict:
    path = chapter_path(chapter)
    if path is None:
        pytest.fail(f"chapter {chapter} does not exist yet (notebooks/{chapter}-*.ipynb)")
    return json.loads(path.read_text(encoding="utf-8"))


def source(cell: dict) -> str:
    s = cell.get("source", "")
    return "".join(s) if isinstance(s, list) else s


def markdown(nb: dict) -> str:
    return "\n".join(source(c) for c in nb["cells"] if c["cell_type"] == "markdown")


def text(nb: dict) -> str:
    return "\n".join(source(c) for c in nb["cells"])


KUBECTL_CALL = re.compile(r"""kubectl\(\s*f?(['"])(.*?)\1""")


def chapter_commands(nb: dict) -> list[str]:
    """The kubectl command lines a chapter's code cells run: `%kubectl ...`,
    `%%kubectl ...` and Python calls `cluster.kubectl("...")`, each as `kubectl ...`."""
    out = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        if re.match(r"\s*%%(shell|host)\b", source(cell)):
            out += shell_commands(source(cell).split("\n", 1)[1] if "\n" in source(cell) else "")
            continue
        for line in source(cell).splitlines():
            m = re.match(r"\s*%%?kubectl\s+(.*)", line)
            if m:
                out.append(norm("kubectl " + m.group(1)))
            out += [norm("kubectl " + m.group(2)) for m in KUBECTL_CALL.finditer(line)]
    return out


def shell_commands(text: str) -> list[str]:
    """The kubectl commands of a `%%shell` / `%%host` cell's lines: each command of a
    pipeline, list or `$(…)` that starts with kubectl."""
    out = []
    for line in text.replace("\\\n", " ").splitlines():
        for part in re.split(r"\|\||&&|[|;]|\$\(", line):
            part = part.strip().rstrip(")").strip()
            if part.startswith("kubectl "):
                out.append(norm(part))
    return out


def command_pattern(command: str) -> re.Pattern:
    """The notes' command as a pattern: `$POD_NAME` stands for whatever the chapter names
    (`{pod}`, `$pod`, a real pod name); whitespace is normalised; more flags may follow."""
    parts = [r"\S+" if re.fullmatch(r"\$\w+|<[^>]+>", tok) else re.escape(tok) for tok in command.split()]
    return re.compile(r"\s+".join(parts) + r"(\s|$)")


def links(md: str) -> list[str]:
    return re.findall(r"\]\(([^)\s]+\.ipynb)\)", md)


# ----------------------------------------------------------------------------- the notes


def test_sections_are_found_in_the_notes_in_order():
    found = sections()
    assert [at for at, *_ in found] == sorted(at for at, *_ in found)
    assert {c for _, _, c, _ in found} == set(CHAPTERS[1:]), "every chapter 01-14 teaches a section"


def test_the_notes_have_the_commands_this_test_expects():
    commands = [c for c, _ in notes_commands()]
    assert "kubectl create deployment hello-node --image=k8s.gcr.io/echoserver:1.4" in commands
    assert "kubectl get -k ." in commands                    # written after a `> ` prompt
    assert not any("registry.aliyuncs.com" in c for c in commands)   # commented out in the notes
    assert len(commands) == 32


def test_command_pattern_accepts_the_forms_chapters_use():
    p = command_pattern("kubectl label pod $POD_NAME app=v1")
    nb = {"cells": [{"cell_type": "code", "source": "pod = pods[0]\n%kubectl label pod {pod} app=v1\n"},
                    {"cell_type": "code", "source": 'cluster.kubectl("get   pods -l app=v1")'},
                    {"cell_type": "markdown", "source": "kubectl get rs"},
                    {"cell_type": "code", "source": "%%shell\nexport P=$(kubectl get pods -o name)\nkubectl get rs | grep x"}]}
    commands = chapter_commands(nb)
    assert commands == ["kubectl label pod {pod} app=v1", "kubectl get pods -l app=v1", "kubectl get pods -o name",
                        "kubectl get rs"]
    assert p.match(commands[0])
    assert command_pattern("kubectl get pods").match(commands[1])
    assert not command_pattern("kubectl get rs").match(" ".join(commands))   # markdown does not run


@pytest.mark.parametrize("chapter,line", [(c, t) for t, c, h in SECTIONS if h])
def test_section_is_taught_by_its_chapter(chapter, line):
    nb = load(chapter)
    assert heading_text(line) in norm(text(nb)), (
        f"chapter {chapter} ({chapter_path(chapter).name}) never names the notes' section {heading_text(line)!r}")


@pytest.mark.parametrize("chapter,command", [(c, cmd) for cmd, c in notes_commands()])
def test_command_of_the_notes_runs_in_its_chapter(chapter, command):
    nb = load(chapter)
    pattern = command_pattern(command)
    assert any(pattern.match(c) for c in chapter_commands(nb)), (
        f"chapter {chapter} ({chapter_path(chapter).name}) does not run `{command}` in a code cell")


# ----------------------------------------------------------------------------- navigation


@pytest.mark.parametrize("chapter", CHAPTERS[1:])
def test_start_here_links_the_chapter_with_its_titles(chapter):
    start = markdown(load("00"))
    nb = load(chapter)
    target = chapter_path(chapter).name
    rows = [ln for ln in start.splitlines() if f"]({target})" in ln]
    assert rows, f"chapter 00 does not link {target}"
    title = source(nb["cells"][0]).splitlines()[0]
    m = re.match(r"#\s*(\d\d)\s*·\s*(.+?)\s+—\s+(.+)", title)
    assert m and m.group(1) == chapter, f"{target} should open with '# {chapter} · English — 中文', not {title!r}"
    english = m.group(2)
    row = " ".join(rows)
    linked = re.search(rf"\[([^\]]+)\]\({re.escape(target)}\)", row).group(1)
    assert english.startswith(linked.split(":")[0]) or linked.startswith(english.split(":")[0]), (
        f"chapter 00 calls {target} {linked!r}, the chapter calls itself {english!r}")
    assert NOTES_NAME[chapter] in row, f"chapter 00's row for {target} should name the notes' {NOTES_NAME[chapter]!r}"


@pytest.mark.parametrize("chapter", CHAPTERS[1:])
def test_chapter_links_back_to_start_and_to_its_neighbours(chapter):
    nb = load(chapter)
    targets = set(links(markdown(nb)))
    assert "00-start-here.ipynb" in targets, f"chapter {chapter} does not link back to 00-start-here.ipynb"
    n = int(chapter)
    neighbours = [f"{n - 1:02d}"] + ([f"{n + 1:02d}"] if n < 14 else [])
    for other in neighbours:
        path = chapter_path(other)
        assert path is not None, f"chapter {other} (linked from {chapter}) does not exist yet"
        assert path.name in targets, f"chapter {chapter} does not link {path.name}"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_links_point_at_notebooks_that_exist(chapter):
    nb = load(chapter)
    broken = sorted({t for t in links(markdown(nb)) if not (NOTEBOOKS / t).resolve().is_file()})
    assert not broken, f"chapter {chapter} links notebooks that do not exist: {broken}"


def test_readme_coverage_table_maps_every_section_to_its_chapter():
    readme = README.read_text(encoding="utf-8")
    rows = {norm(r) for r in readme.splitlines() if r.startswith("|")}
    missing = [f"| {heading_text(t)} | {c} |" for t, c, h in SECTIONS
               if h and norm(f"| {heading_text(t)} | {c} |") not in rows]
    assert not missing, "README's coverage table lacks rows:\n" + "\n".join(missing)


def test_readme_binder_badges_open_chapter_00_in_jupyterlab():
    badges = re.findall(r"\]\((https://mybinder\.org/v2/[^)]+)\)", README.read_text(encoding="utf-8"))
    assert badges
    for url in badges:
        path = re.search(r"urlpath=lab/tree/([^&)]+)", url)
        # the English edition's chapter 00, or the Chinese edition's (README's 中文版 badge)
        assert path and path.group(1) in ("notebooks/00-start-here.ipynb", "notebooks/zh/00-start-here.ipynb"), url
        assert (ROOT / path.group(1)).is_file()
