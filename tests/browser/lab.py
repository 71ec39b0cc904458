"""Run every notebook of the course in JupyterLab in a real browser, as a learner would.

    python tests/browser/lab.py                      # every notebooks/*.ipynb and widgets/*.ipynb
                                                     # and the Chinese edition's (notebooks/zh, widgets/zh)
    python tests/browser/lab.py notebooks/03-deployments.ipynb

One JupyterLab server (on copies of notebooks/ and widgets/ in a temporary directory: the
kernels and autosave must not write into the repository) and one headless Debian Chromium
driven by PyPI playwright. For each notebook: open it, wait until the kernel is attached
(the status bar reads "| Idle"; the toolbar indicator reads idle too early, and Run All is
then silently dropped), run all cells, then fail on

- a Python error in an output, or a code cell Run All never reached (checks.py);
- a widget that shows an error, "Loading widget" or "model not found", or a widget output
  that rendered nothing;
- in a chapter with a live control, a step of tests/browser/controls.py (choose, type, press,
  as a person would) whose result does not show on the screen;
- in a playground (widgets/), a picture that does not change when a control is used: the
  notebook's control marked with the CSS class ``kubelab-drive`` if there is one
  (``button.add_class("kubelab-drive")``), otherwise its buttons and sliders in order until
  one changes the picture (the largest image or SVG of the widget);
- in the Chinese edition, a character of the page's text that the browser draws as a box
  (no font with that glyph): each distinct CJK character is drawn on a canvas in the font
  of the text around it and compared with a character no font has.

A screenshot of each notebook goes to artifacts/browser/. Exit status 0 when all passed.
"""
from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
import checks  # noqa: E402  (a sibling module; this file runs as a script)
import controls  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
FOLDERS = ("notebooks", "widgets")
RUN_TIMEOUT = 180_000          # ms for one notebook's Run All
DRIVE_TRIES = 16               # controls tried in a playground before giving up
PICTURE = ("img, svg, canvas")

# --------------------------------------------------------------------------- the server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Lab:
    """A JupyterLab server on a temporary copy of the course; stopped by its PID."""

    def __init__(self, workdir: Path, terminals: bool = False):
        self.workdir = workdir
        self.terminals = terminals          # JupyterLab terminals (tests/browser/terminal.py)
        self.port = free_port()
        self.token = secrets.token_hex(16)
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 60) -> None:
        jupyter = Path(sys.executable).with_name("jupyter")
        cmd = [str(jupyter), "lab", "--no-browser", f"--port={self.port}", "--ServerApp.ip=127.0.0.1",
               f"--IdentityProvider.token={self.token}", "--expose-app-in-browser",
               f"--ServerApp.root_dir={self.workdir}",
               f"--LabApp.workspaces_dir={self.workdir / '.lab' / 'workspaces'}",
               f"--LabApp.user_settings_dir={self.workdir / '.lab' / 'settings'}",
               f"--ServerApp.terminals_enabled={self.terminals}"]
        if os.geteuid() == 0:
            cmd.append("--allow-root")
        self.log = open(self.workdir / ".lab" / "server.log", "w")
        self.proc = subprocess.Popen(cmd, cwd=self.workdir, stdout=self.log, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"jupyter lab exited with {self.proc.returncode}; see {self.log.name}")
            try:
                self.api("GET", "status")
                return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"jupyter lab did not answer within {timeout} s; see {self.log.name}")

    def api(self, method: str, path: str):
        req = urllib.request.Request(f"{self.base}/api/{path}", method=method,
                                     headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(req, timeout=10) as resp:
            body = resp.read()
        return json.loads(body) if body else None

    def shutdown_kernels(self) -> None:
        for session in self.api("GET", "sessions"):
            self.api("DELETE", f"sessions/{session['id']}")

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)            # the server shuts its kernels down
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)     # its own process group: kernels too
            self.proc.wait()
        self.log.close()


def copy_course(dest: Path, notebooks: list[Path]) -> list[str]:
    """Copy notebooks/ and widgets/ (with what the chapters read beside them) into dest."""
    for folder in FOLDERS:
        if (ROOT / folder).is_dir():
            shutil.copytree(ROOT / folder, dest / folder,
                            ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    # The learner's defaults (no news pop-up over the notebook), whether or not
    # scripts/install_lab_settings.py ran in this environment.
    settings = dest / ".lab" / "settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    overrides = json.loads((ROOT / "scripts" / "lab-overrides.json").read_text())
    (settings / "notification.jupyterlab-settings").write_text(
        json.dumps(overrides["@jupyterlab/apputils-extension:notification"]))
    # Every cell stays in the page (no windowing), so the controls of a long chapter can be
    # found and scrolled to like any element.
    tracker = dest / ".lab" / "settings" / "@jupyterlab" / "notebook-extension"
    tracker.mkdir(parents=True)
    (tracker / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    return [str(nb.resolve().relative_to(ROOT)) for nb in notebooks]


# --------------------------------------------------------------------------- the page

IDLE = """() => [...document.querySelectorAll('#jp-main-statusbar span')]
                 .some(s => s.textContent.includes('| Idle'))"""
BUSY_PROMPTS = """() => [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-InputPrompt')]
                 .filter(p => p.textContent.includes('[*]')).length"""
MODEL = "() => window.kubelabNotebook.context.model.toJSON()"
RUN_ALL = "async () => { await window.jupyterapp.commands.execute('notebook:run-all-cells'); }"
PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"
# A rendered widget view: the output element holds the view's top .jupyter-widgets node
# (or, when the model is missing, is itself marked .jupyter-widgets and holds the message).
WIDGET_OUT = (f"{PANEL} .jp-OutputArea-output:has(> .jupyter-widgets), "
              f"{PANEL} .jp-OutputArea-output.jupyter-widgets")


def wait_idle(page, timeout: float = 60_000) -> None:
    page.wait_for_function(IDLE, timeout=timeout)


def settle(page, timeout: float = RUN_TIMEOUT) -> None:
    """Until no cell shows [*] and the kernel reads idle."""
    page.wait_for_function(f"() => ({BUSY_PROMPTS})() === 0 && ({IDLE})()", timeout=timeout, polling=100)


def widget_problems(page, nb: dict) -> list[str]:
    problems = []
    expected = checks.widget_views(nb)
    if expected:
        # Rendering is asynchronous: give transient "Loading widget..." a moment to go.
        try:
            page.wait_for_function(
                f"""() => {{ const t = document.querySelector('{PANEL}').innerText;
                    return !t.includes('Loading widget'); }}""", timeout=15_000)
        except Exception:
            pass
    text = page.locator(PANEL).inner_text()
    problems += [f"page shows {m!r}" for m in checks.widget_failures(text)]
    if page.locator(f"{PANEL} .jupyter-widgets-error-widget").count():
        problems.append("a widget rendered .jupyter-widgets-error-widget")
    outs = page.locator(WIDGET_OUT)
    rendered = outs.count()
    if rendered != expected:
        problems.append(f"{expected} widget outputs in the notebook, {rendered} in the page")
    for i in range(rendered):
        box = outs.nth(i).bounding_box()
        if not box or box["height"] < 4:
            problems.append(f"widget output {i + 1} rendered nothing")
    return problems


PICTURE_JS = f"""(root) => {{
    // The largest picture in a widget output: what a control is expected to change.
    let best = null, area = 0;
    for (const el of root.querySelectorAll('{PICTURE}')) {{
        if (el.closest('button, .widget-slider, .jp-icon, .lm-TabBar')) continue;
        const r = el.getBoundingClientRect();
        if (r.width * r.height > area) {{ area = r.width * r.height; best = el; }}
    }}
    if (!best) return null;
    return best.tagName === 'IMG' ? best.getAttribute('src') + '|' + best.naturalWidth + 'x' + best.naturalHeight
                                  : best.outerHTML;
}}"""
# Controls a learner uses, in the order tried. Not the Play widget's buttons: playing keeps
# the kernel busy on a timer.
CONTROLS = ("button.jupyter-button:not([disabled]):not(.widget-play button), "
            ".widget-slider .noUi-handle")


def use_control(page, control) -> str:
    """Click a button, or move a slider two steps right with the keyboard; returns its label."""
    cls = control.get_attribute("class") or ""
    label = (control.inner_text() or control.get_attribute("title") or cls).strip()[:40]
    if "noUi-handle" in cls:
        control.focus()
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
    else:
        control.click(timeout=5_000)
    return label


def drive_playground(page, shots: Path, stem: str) -> list[str]:
    """Use controls of the playground until its picture changes; fail if none does."""
    outs = page.locator(WIDGET_OUT)
    tried = []
    for i in range(outs.count()):
        root = outs.nth(i)
        before = root.evaluate(PICTURE_JS)
        if before is None:
            continue
        marked = root.locator(".kubelab-drive")
        controls = marked if marked.count() else root.locator(CONTROLS)
        for j in range(min(controls.count(), DRIVE_TRIES)):
            try:
                label = use_control(page, controls.nth(j))
            except Exception as exc:           # hidden (another tab) or covered: say so, go on
                why = "covered by another element" if "intercepts pointer events" in str(exc) else type(exc).__name__
                tried.append(f"control {j + 1} not clickable ({why})")
                continue
            tried.append(repr(label))
            page.wait_for_timeout(150)
            settle(page, 30_000)
            for _ in range(10):
                if root.evaluate(PICTURE_JS) != before:
                    root.scroll_into_view_if_needed()
                    root.screenshot(path=str(shots / f"{stem}.driven.png"))
                    print(f"    drove {label!r}: the picture changed")
                    return []
                page.wait_for_timeout(100)
        return [f"no control of widget output {i + 1} changed its picture; tried {', '.join(tried)}"]
    return ["playground has no widget with a picture (img/svg/canvas) to drive"]


CONTROL_WAIT = 20_000           # ms for a control's text to show what a step expects


def use_controls(page, steps: list[tuple], shots: Path, stem: str) -> list[str]:
    """Play a chapter's steps on its live control (tests/browser/controls.py), as a person
    would; the first step whose result does not show on the screen fails the chapter."""
    def part(name: str):
        found = page.locator(f"{PANEL} .{name}")
        if found.count() != 1:
            raise LookupError(f"{found.count()} elements .{name} in the page (expected 1)")
        return found.first
    done = []
    for step in steps:
        kind, name, *arg = step
        try:
            el = part(name)
            if kind != "expect" and kind != "expect_not":   # what is read may be in a hidden tab
                el.scroll_into_view_if_needed(timeout=5_000)
            if kind == "click":
                el.click(timeout=5_000)
            elif kind == "fill":
                box = el.locator("input, textarea").first
                box.fill(arg[0], timeout=5_000)
                box.press("Tab")                   # leave the field: number fields send on change
            elif kind == "select":
                select = el.locator("select")
                # (the browser shows spaces in option labels as no-break spaces)
                labels = [o.replace("\xa0", " ").strip() for o in select.locator("option").all_inner_texts()]
                want = arg[0]
                index = next((i for i, o in enumerate(labels)
                              if (o.startswith(want[:-1]) if want.endswith("*") else o == want)), None)
                if index is None:
                    raise LookupError(f"no option {want!r} in .{name} (options: {', '.join(labels)})")
                select.select_option(index=index, timeout=5_000)
            elif kind in ("expect", "expect_not"):
                page.wait_for_function(
                    f"""([cls, text]) => {{
                        const el = document.querySelector('{PANEL} .' + cls);
                        const now = el ? el.textContent : '';
                        return {'' if kind == 'expect' else '!'}now.includes(text);
                    }}""", arg=[name, arg[0]], timeout=CONTROL_WAIT, polling=100)
            page.wait_for_timeout(100)             # the kernel's answer to a click is asynchronous
            done.append(step)
        except Exception as exc:
            now = ""
            try:
                now = part(name).text_content(timeout=2_000)[-600:]
                said = part(name.rsplit("-", 1)[0] + "-output").text_content(timeout=2_000)[-600:]
                if said and said not in now:
                    now += f" | its command output: {said}"
            except Exception:
                pass
            page.screenshot(path=str(shots / f"{stem}.control-failed.png"))
            return [f"control step {len(done) + 1} {step!r}: {type(exc).__name__}: "
                    f"{str(exc).splitlines()[0][:200]}" + (f"; the control shows: {now!r}" if now else "")]
    target = part(steps[-1][1]).locator("xpath=ancestor::div[contains(@class, 'jp-OutputArea-output')][1]")
    target.scroll_into_view_if_needed()
    target.screenshot(path=str(shots / f"{stem}.control.png"))
    print(f"    used the control: {len(done)} steps, all shown on the screen")
    return []


OPEN = """async (path) => {
    const app = window.jupyterapp;
    const w = await app.commands.execute('docmanager:open', {path, factory: 'Notebook'});
    await w.context.ready;
    await w.sessionContext.ready;
    app.shell.activateById(w.id);
    window.kubelabNotebook = w;
}"""
KERNEL_IDLE = f"""() => {{
    const k = window.kubelabNotebook.sessionContext.session?.kernel;
    return !!k && k.status === 'idle' && k.connectionStatus === 'connected' && ({IDLE})();
}}"""
CLOSE = """async () => {
    const w = window.kubelabNotebook;
    if (!w || w.isDisposed) return;
    await w.sessionContext.shutdown();
    w.context.model.dirty = false;     // a copy: nothing to save, no "save changes?" dialog
    w.dispose();
}"""


def open_lab(context, lab: Lab):
    """One JupyterLab page for all notebooks: loading the app costs more than a notebook."""
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(f"{lab.base}/lab?reset&token={lab.token}")
    page.wait_for_function("() => window.jupyterapp", timeout=120_000)
    page.evaluate("async () => { await window.jupyterapp.restored; }")
    return page


# Characters of the open notebook's text that the browser draws as the "missing glyph" box:
# each distinct CJK character, drawn in the font of the element that holds it, compared
# pixel for pixel with a private-use character no font has.
MISSING_GLYPHS = """() => {
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  const canvas = document.createElement('canvas'); canvas.width = 40; canvas.height = 40;
  const ctx = canvas.getContext('2d', {willReadFrequently: true});
  const draw = (ch, font) => { ctx.clearRect(0, 0, 40, 40); ctx.font = font; ctx.fillText(ch, 4, 30);
                               return ctx.getImageData(0, 0, 40, 40).data.join(','); };
  const missing = new Set(), tofu = {};
  const walker = document.createTreeWalker(panel, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const chars = n.textContent.match(/[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]/g);
    if (!chars || !n.parentElement) continue;
    const style = getComputedStyle(n.parentElement);
    const font = `${style.fontWeight} 24px ${style.fontFamily}`;
    if (!(font in tofu)) tofu[font] = draw('\ue83a', font);
    for (const ch of new Set(chars)) if (draw(ch, font) === tofu[font]) missing.add(ch);
  }
  return [...missing].join('');
}"""


def check_notebook(page, lab: Lab, rel: str, shots: Path) -> list[str]:
    marks = [time.monotonic()]
    try:
        page.evaluate(OPEN, rel)
        marks.append(time.monotonic())
        page.wait_for_function(KERNEL_IDLE, timeout=60_000, polling=100)
        marks.append(time.monotonic())
        page.evaluate(RUN_ALL)
        settle(page)
        marks.append(time.monotonic())
        nb = page.evaluate(MODEL)
        problems = checks.output_errors(nb)
        problems += [f"cell {i}: not executed by Run All" for i in checks.unexecuted_cells(nb)]
        problems += widget_problems(page, nb)
        stem = Path(rel).stem
        chinese = Path(rel).parent.name == "zh"
        if chinese:
            missing = page.evaluate(MISSING_GLYPHS)
            problems += [f"characters drawn as boxes (no font has them): {missing}"] if missing else []
            stem = f"zh-{stem}"
        if rel.startswith("widgets/") and not problems:
            problems += drive_playground(page, shots, stem)
        # (the control steps name the English labels; the Chinese edition's controls are the
        # same widgets, with translated labels, and are driven in the playgrounds above)
        if stem in controls.CHAPTERS and not problems:
            problems += use_controls(page, controls.CHAPTERS[stem], shots, stem)
            problems += widget_problems(page, page.evaluate(MODEL))
        page.screenshot(path=str(shots / f"{stem}.png"))
        marks.append(time.monotonic())
        print("    open %.1f s, kernel %.1f s, run all %.1f s, checks %.1f s"
              % tuple(b - a for a, b in zip(marks, marks[1:])))
        return problems
    finally:
        page.evaluate(CLOSE)
        lab.shutdown_kernels()


# --------------------------------------------------------------------------- main


def course_notebooks() -> list[Path]:
    return [nb for folder in FOLDERS for where in ("", "zh") for nb in sorted((ROOT / folder / where).glob("*.ipynb"))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every notebook of the course")
    parser.add_argument("--artifacts", type=Path, default=ROOT / "artifacts" / "browser")
    args = parser.parse_args(argv)
    notebooks = args.notebooks or course_notebooks()
    if not notebooks:
        print("browser test: no notebooks")
        return 0
    from playwright.sync_api import sync_playwright

    args.artifacts.mkdir(parents=True, exist_ok=True)
    failures: dict[str, list[str]] = {}
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="kubelab-browser-") as tmp:
        rels = copy_course(Path(tmp), notebooks)
        lab = Lab(Path(tmp))
        try:
            lab.start()
            print(f"browser test: JupyterLab up in {time.monotonic() - started:.1f} s (pid {lab.proc.pid})")
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                page = open_lab(context, lab)
                print(f"browser test: JupyterLab loaded in the browser at {time.monotonic() - started:.1f} s")
                for rel in rels:
                    t0 = time.monotonic()
                    try:
                        problems = check_notebook(page, lab, rel, args.artifacts)
                    except Exception as exc:       # a timeout is a failure of this notebook only:
                        problems = [f"{type(exc).__name__}: {str(exc).splitlines()[0]}"]
                        page.close()               # start the next one on a fresh page
                        page = open_lab(context, lab)
                    status = "ok" if not problems else "FAILED"
                    print(f"  {rel}: {status} ({time.monotonic() - t0:.1f} s)")
                    for p in problems:
                        print(f"    - {p}")
                    if problems:
                        failures[rel] = problems
                browser.close()
        finally:
            lab.stop()
    print(f"browser test: {len(rels) - len(failures)}/{len(rels)} notebooks passed in "
          f"{time.monotonic() - started:.1f} s; screenshots in {args.artifacts}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
