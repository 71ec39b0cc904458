"""The interactive shell behind ``exec -it``/``run -it``: the pty's line discipline
and the shell reading line by line (kubelab.apps.interactive)."""
from __future__ import annotations

from kubelab.apps.interactive import Console, Terminal, is_interactive_shell
from kubelab.apps.shellio import Flavour
from kubelab.apps.testing import FakeContext
from kubelab.apps.toolbox import Toolbox


def console(tty=True, flavour=Flavour(), hostname="web", env=None):
    box = Toolbox.of({"sh", "echo", "cat", "ls", "pwd"}, flavour)
    return Console(box.shell(FakeContext(env=env or {})), tty, hostname)


def test_which_argv_is_an_interactive_shell():
    assert is_interactive_shell(["sh"]) and is_interactive_shell(["/bin/bash", "-l"])
    assert not is_interactive_shell(["sh", "-c", "ls"]) and not is_interactive_shell(["cat"])
    assert not is_interactive_shell([])


def test_the_line_discipline_echoes_edits_and_signals():
    t = Terminal(tty=True)
    assert t.input("ab\x7fc") == ("ab\b \bc", [])
    assert t.input("\r") == ("\r\n", ["ac\n"])
    assert t.input("xy\x15z\r") == ("xy\b \b\b \bz\r\n", ["z\n"])
    assert t.input("q\x03") == ("q^C\r\n", ["\x03"])
    assert t.input("\x04") == ("", [None])
    assert t.output("a\nb\r\n") == "a\r\nb\r\n"
    pipe = Terminal(tty=False)
    assert pipe.input("one\ntw") == ("", ["one\n"]) and pipe.input("o\n") == ("", ["two\n"])
    assert pipe.output("a\n") == "a\n"


def test_prompts_of_ash_dash_and_bash():
    assert console().take() == "/ # "
    assert console(flavour=Flavour("sh", "dash")).take() == "# "
    assert console(flavour=Flavour("bash", "bash")).take() == "root@web:/# "


def test_a_command_over_several_lines_and_ctrl_c():
    c = console()
    c.take()
    c.write("if true; then\r")
    c.write("echo yes\r")
    assert c.take() == "if true; then\r\n> echo yes\r\n> "
    c.write("fi\r")
    assert c.take() == "fi\r\nyes\r\n/ # "
    c.write("if true; then\r\x03")
    assert c.take() == "if true; then\r\n> ^C\r\n/ # "
    c.write("echo after\r")
    assert c.take() == "echo after\r\nafter\r\n/ # "


def test_without_a_tty_stdout_and_stderr_stay_apart_and_eof_ends_it():
    c = console(tty=False)
    c.write("echo a\nnope\n")
    assert (c.take(), c.take_errors()) == ("a\n", "sh: nope: not found\n")
    c.close()
    assert c.exit_code == 127


def test_exit_ends_the_shell_and_later_input_is_ignored():
    c = console()
    ended = []
    c.on_output = ended.append
    c.write("exit 4\recho late\r")
    assert c.exit_code == 4 and c.take() == "/ # exit 4\r\n"
    assert ended[-1] == ""                       # told once more at the end
