"""A JupyterLab terminal beside chapter 00, in a real browser, as chapter 00 teaches it.

    python tests/browser/terminal.py [--artifacts DIR]

One JupyterLab server with terminals enabled (on a copy of the course, as lab.py does) and
headless Debian Chromium driven by PyPI playwright:

1. open chapter 00 and run its cells up to `%kubelab serve stop`: the notebook serves its
   cluster and prints `export KUBECONFIG=...`, creates Deployment `web` and scales it to 3;
2. open a terminal (the command File > New > Terminal runs) and put it to the right of
   the notebook; type the `export KUBECONFIG=...` line and `kubectl get pods`;
3. read the terminal's screen (xterm's rows: its buffer, line by line) and check it shows
   the three `web` pods the notebook's `%kubectl get pods` shows, Running;
4. type `kubectl get pods -w`, have the notebook's kernel scale `web` to 4 and settle, and
   check the watch prints the fourth pod Running; Ctrl-C.

Screenshots of the terminal beside the notebook go to artifacts/browser/ (terminal.png,
terminal-watch.png). Needs the real kubectl on PATH (the terminal's shell finds it there).
Exit status 0 when every check passed.
"""
from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import lab  # noqa: E402  (a sibling module: the server, the course copy, the page helpers)

CHAPTER = "notebooks/00-start-here.ipynb"

RUN_UP_TO = """async (stop) => {
    const w = window.kubelabNotebook;
    const i = w.content.widgets.findIndex(c => c.model.sharedModel.getSource().trim() === stop);
    if (i < 0) throw new Error('no cell ' + stop);
    w.content.activeCellIndex = i;
    await window.jupyterapp.commands.execute('notebook:run-all-above');
}"""
OPEN_TERMINAL = """async () => {
    const app = window.jupyterapp;
    const t = await app.commands.execute('terminal:create-new');
    app.shell.add(t, 'main', {mode: 'split-right', ref: window.kubelabNotebook.id});
    app.shell.activateById(t.id);
    window.kubelabTerminal = t;
}"""
# xterm's rows: the terminal's buffer (what the canvas/WebGL renderer draws), line by line.
SCREEN = """() => {
    const term = window.kubelabTerminal.content._term;
    if (!term) return '';
    const b = term.buffer.active, rows = [];
    for (let i = 0; i < b.length; i++) rows.push(b.getLine(i).translateToString(true));
    return rows.join('\\n').replace(/\\n+$/, '');
}"""
SHOW_CELL = """async (source) => {
    const nb = window.kubelabNotebook.content;
    const i = nb.widgets.findIndex(c => c.model.sharedModel.getSource().trim() === source);
    if (i >= 0) await nb.scrollToItem(i, 'start');
}"""
FOCUS = "() => window.kubelabTerminal.content._term.focus()"
EXECUTE = """async (code) => {
    const k = window.kubelabNotebook.sessionContext.session.kernel;
    let text = '';
    const f = k.requestExecute({code});
    f.onIOPub = (m) => { if (m.header.msg_type === 'stream') text += m.content.text; };
    await f.done;
    return text;
}"""
CLOSE_TERMINAL = """async () => {
    const t = window.kubelabTerminal;
    if (!t || t.isDisposed) return;
    await t.content.session.shutdown();
    t.dispose();
}"""


def _source(cell: dict) -> str:
    return ("".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]).strip()


def cell_text(nb: dict, source: str, after: str | None = None) -> str:
    """The output text of the cell whose source is ``source`` (the first one after the
    cell ``after``, when given)."""
    cells = nb["cells"]
    if after is not None:
        cells = cells[next(i for i, c in enumerate(cells) if _source(c) == after):]
    for cell in cells:
        if _source(cell) == source:
            return "".join("".join(o.get("text", "")) for o in cell.get("outputs", []))
    raise AssertionError(f"chapter 00 has no cell {source!r}")


def wait_screen(page, pattern: str | None = None, timeout: float = 60, until=None) -> str:
    """The terminal's screen once ``pattern`` (a regex) matches it, or ``until(screen)`` holds."""
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = page.evaluate(SCREEN)
        if (re.search(pattern, screen, re.M) if pattern else until(screen)):
            return screen
        page.wait_for_timeout(200)
    raise AssertionError(f"the terminal never showed {pattern or 'what was awaited'}; its screen:\n{screen}")


def running(text: str) -> set[str]:
    return set(re.findall(r"^(web-\S+)\s+1/1\s+Running", text, re.M))


def prompts(screen: str) -> int:
    return len(re.findall(r"[$#] ", screen))


def type_line(page, line: str, wait: bool = True) -> None:
    """Type a line at the shell's prompt; with ``wait``, until the next prompt shows."""
    before = prompts(page.evaluate(SCREEN))
    page.evaluate(FOCUS)
    page.keyboard.type(line, delay=5)
    page.keyboard.press("Enter")
    if wait:
        wait_screen(page, timeout=60, until=lambda s: prompts(s) > before)


def check(page, shots: Path) -> list[str]:
    problems: list[str] = []
    page.evaluate(lab.OPEN, CHAPTER)
    page.wait_for_function(lab.KERNEL_IDLE, timeout=60_000, polling=100)
    page.evaluate(RUN_UP_TO, "%kubelab serve stop")
    lab.settle(page)
    nb = page.evaluate(lab.MODEL)
    problems += lab.checks.output_errors(nb)
    export = re.search(r"^export KUBECONFIG=\S+$", cell_text(nb, "%kubelab serve"), re.M)
    if not export:
        return problems + ["`%kubelab serve` printed no export line"]
    notebook_pods = sorted(running(cell_text(nb, "%kubelab settle\n%kubectl get pods", after="%kubelab serve")))
    if len(notebook_pods) != 3:
        problems.append(f"the notebook's get pods shows {notebook_pods}, not three Running web pods")

    page.evaluate(OPEN_TERMINAL)
    wait_screen(page, r"[$#]\s*$", 30)                       # the shell's prompt
    type_line(page, export.group(0))
    type_line(page, "kubectl get pods")
    screen = wait_screen(page, r"^web-\S+\s+1/1\s+Running(?:.*\n){0,5}.*[$#]\s*$")
    print("    the terminal's screen after kubectl get pods:")
    print("\n".join("      | " + row for row in screen.splitlines()[-8:]))
    shown = sorted(running(screen))
    if not re.search(r"^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s*$", screen, re.M):
        problems.append("the terminal's kubectl get pods printed no table header")
    if shown != notebook_pods:
        problems.append(f"the terminal shows pods {shown}, the notebook {notebook_pods}")
    page.evaluate(SHOW_CELL, "%kubectl create deployment web --image=nginx:1.16.1\n%kubectl scale deployment web --replicas=3")
    page.wait_for_timeout(300)
    page.screenshot(path=str(shots / "terminal.png"))

    type_line(page, "kubectl get pods -w", wait=False)
    wait_screen(page, r"get pods -w\n(?:.*\n)*NAME\s+READY", 30)
    said = page.evaluate(EXECUTE, "%kubectl scale deployment web --replicas=4\n%kubelab settle")
    print(f"    the notebook's kernel: {said.strip()!r}")
    try:
        screen = wait_screen(page, timeout=30,
                             until=lambda s: len(running(s.split("get pods -w", 1)[-1]) - set(notebook_pods)) == 1)
        print("    the watch printed:")
        print("\n".join("      | " + row for row in screen.split("get pods -w", 1)[1].splitlines()[-6:]))
    except AssertionError as err:
        problems.append(str(err).splitlines()[0])
    page.screenshot(path=str(shots / "terminal-watch.png"))
    page.evaluate(FOCUS)
    page.keyboard.press("Control+C")
    wait_screen(page, r"\^C\s*\n?.*[$#]\s*$", 15)
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--artifacts", type=Path, default=lab.ROOT / "artifacts" / "browser")
    args = parser.parse_args(argv)
    if shutil.which("kubectl") is None:
        print("terminal test: no kubectl on PATH; the terminal's kubectl is what it checks")
        return 1
    from playwright.sync_api import sync_playwright

    args.artifacts.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="kubelab-terminal-") as tmp:
        lab.copy_course(Path(tmp), [lab.ROOT / CHAPTER])
        server = lab.Lab(Path(tmp), terminals=True)
        try:
            server.start()
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=lab.CHROMIUM, args=lab.CHROMIUM_ARGS)
                context = browser.new_context(viewport={"width": 1600, "height": 900})
                page = lab.open_lab(context, server)
                try:
                    problems = check(page, args.artifacts)
                except Exception as exc:
                    problems = [f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"]
                    page.screenshot(path=str(args.artifacts / "terminal-failed.png"))
                finally:
                    page.evaluate(CLOSE_TERMINAL)
                    page.evaluate(lab.CLOSE)
                    server.shutdown_kernels()
                browser.close()
        finally:
            server.stop()
    status = "ok" if not problems else "FAILED"
    print(f"terminal test: {status} in {time.monotonic() - started:.1f} s; screenshots in {args.artifacts}")
    for p in problems:
        print(f"  - {p}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
