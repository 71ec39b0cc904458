"""``perl`` as the kubernetes.io Job example runs it, and little more.

The one-liners the pages use work: ``perl -Mbignum=bpi -wle "print bpi(2000)"``
prints pi to 2000 significant digits (computed here with integer arithmetic,
rounded half to even as Math::BigFloat rounds), ``print "text"``, ``-v``.  Any
other script is reported as not simulated, on stderr, with perl's exit status 255.

>>> pi_digits(10)
'3.141592654'
"""
from __future__ import annotations

import re
from functools import lru_cache

#: the Job's pod runs for a few seconds before it prints (bpi(2000) is real work)
BPI_SECONDS_PER_1000_DIGITS = 2.0


def _arctan_inverse(x: int, one: int) -> int:
    """arctan(1/x) scaled by `one`, by its Taylor series."""
    total = term = one // x
    x2, n, sign = x * x, 3, -1
    while term:
        term //= x2
        total += sign * (term // n)
        sign, n = -sign, n + 2
    return total


@lru_cache(maxsize=8)
def pi_digits(n: int) -> str:
    """Pi to `n` significant digits, rounded half to even, as ``bpi(n)`` prints it."""
    guard = 10
    one = 10 ** (n + guard)
    pi = 4 * (4 * _arctan_inverse(5, one) - _arctan_inverse(239, one))    # Machin's formula
    digits, rest = divmod(pi, 10 ** (guard + 1))                         # n significant digits
    half = 5 * 10 ** guard
    if rest > half or (rest == half and digits % 2):
        digits += 1
    text = str(digits)
    return text[0] + "." + text[1:] if n > 1 else text


VERSION_BANNER = """
This is perl 5, version {minor}, subversion {patch} (v5.{minor}.{patch}) built for x86_64-linux-gnu

Copyright 1987-{year}, Larry Wall

Perl may be copied only under the terms of either the Artistic License or the
GNU General Public License, which may be found in the Perl 5 source kit.

Complete documentation for Perl, including FAQ lists, should be found on
this system using "man perl" or "perldoc perl".  If you have access to the
Internet, point your browser at https://www.perl.org/, the Perl Home Page.

"""


def _unquote(text: str) -> str:
    return (text.replace("\\n", "\n").replace("\\t", "\t").replace('\\"', '"').replace("\\\\", "\\"))


def run_script(script: str, modules: list[str]) -> list[str] | None:
    """What each ``print`` prints, for the statements kubelab knows, else None."""
    out = []
    for stmt in filter(None, (s.strip() for s in script.split(";"))):
        m = re.fullmatch(r"print\s+bpi\(\s*(\d+)\s*\)", stmt)
        if m and any(mod.startswith("bignum=") and "bpi" in mod for mod in modules):
            out.append(pi_digits(int(m.group(1))))
            continue
        m = re.fullmatch(r'print\s+"((?:[^"\\]|\\.)*)"', stmt) or re.fullmatch(r"print\s+'([^']*)'", stmt)
        if m:
            out.append(_unquote(m.group(1)) if stmt.split(None, 1)[1].startswith('"') else m.group(1))
            continue
        return None
    return out


def perl(sh, argv, io):
    """The ``perl`` program of the perl image (a shell tool: the Job runs it as PID 1)."""
    args, modules, line_mode, script = list(argv[1:]), [], False, None
    while args and args[0].startswith("-") and script is None:
        opt = args.pop(0)
        if opt in ("-v", "--version"):
            version = sh.ctx.env.get("PERL_VERSION", "5.40.0")
            _, minor, patch = (version.split(".") + ["0", "0"])[:3]
            io.out.write(VERSION_BANNER.format(minor=minor, patch=patch, year=2024))
            return 0
        if opt.startswith("-M"):
            modules.append(opt[2:])
            continue
        flags = opt[1:]
        line_mode = line_mode or "l" in flags
        if flags.endswith("e"):
            if not args:
                io.err.write("No code specified for -e.\n")
                return 29
            script = args.pop(0)
    if script is None:
        if args:
            if sh.ctx.fs.read(sh.path(args[0])) is None:
                io.err.write(f'Can\'t open perl script "{args[0]}": No such file or directory\n')
                return 2
        io.err.write("kubelab: only perl one-liners (-e) are simulated\n")
        return 255
    printed = run_script(script, modules)
    if printed is None:
        io.err.write(f"kubelab: this perl script is not simulated: {script}\n")
        return 255
    bpi = re.search(r"bpi\((\d+)\)", script)
    if bpi:
        yield from sh.sleep(BPI_SECONDS_PER_1000_DIGITS * max(1, int(bpi.group(1)) // 1000))
    io.out.write("".join(text + ("\n" if line_mode else "") for text in printed))
    return 0
