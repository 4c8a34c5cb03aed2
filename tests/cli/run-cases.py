#!/usr/bin/env python3
"""run-cases.py — runs the data-driven CLI tests in tests/cli/cases/*.case.

Usage: run-cases.py EXECUTABLE CASES_DIR DATA_DIR [CASE_NAME...]

Each case runs the built virt-inventory once, in a fresh temporary
directory (its working directory), with a clean environment
(XDG_CONFIG_HOME and HOME inside that directory, LC_ALL=C.UTF-8, TZ=UTC, no
VIRT_INVENTORY_PASSWORD or VINV_DEMO_DIR), and checks what it printed, what
it wrote and how it exited.  Output is TAP, one line per case.

Case file format (lines; '#' starts a comment outside blocks):

    args: show vms -c test://@DATA@/hv-a.xml -f 'status = up'
                           the arguments, split like a POSIX shell would
    env: NAME=VALUE        set a variable (repeatable)
    exit: 1                expected exit status (default 0)
    tty: stdout            run stdout (or stderr) on a pseudo-terminal
    tty-columns: 40        ... that is 40 columns wide (default 80)
    stdout-contains: TEXT  (also stderr-contains, stdout-lacks, stderr-lacks;
                           repeatable; \\n \\r \\t \\e \\\\ are escapes)
    file-exists: PATH      (also file-missing) relative to the case directory
    file-contains: PATH :: TEXT   (also file-lacks) TEXT with the escapes above
    symlink: PATH -> TARGET       create the symbolic link PATH (relative to
                           the case directory) to TARGET (as written) before
                           the run; repeatable
    --- stdout             exact expected stdout: every line up to the next
    --- stderr             '--- ' header or the end of the file
    --- stdout crlf        the same, with CRLF line ends (CSV)
    --- stdin              what to feed on stdin (default: nothing)
    --- create PATH        a file to create before the run
    --- file PATH          exact expected content of PATH after the run
    --- file PATH crlf     the same, with CRLF line ends (CSV)

Substituted everywhere: @DATA@ (tests/cli/data), @TMP@ (the case's
directory), @SRC@ (the source tree), @DEMO@ (data/demo of the source tree).

Regenerate switch: with VINV_REGENERATE=1 in the environment, the
'--- stdout' and '--- stderr' blocks of the cases run are rewritten with
what the program printed.  Review the diff before committing it.
"""

import fcntl
import os
import pty
import shlex
import shutil
import struct
import subprocess
import sys
import termios
import tempfile
import threading


class Case:
    def __init__(self, path):
        self.path = path
        self.name = os.path.basename(path)[:-len(".case")]
        self.args = None
        self.env = {}
        self.exit = 0
        self.tty = None
        self.tty_columns = None
        self.checks = []            # (kind, text)
        self.symlinks = []          # (path, target)
        self.blocks = []            # [header, lines]; header like "stdout"
        self.parse()

    def parse(self):
        with open(self.path, encoding="utf-8") as f:
            lines = f.read().split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        block = None
        for n, line in enumerate(lines, 1):
            if line.startswith("--- "):
                block = [line[4:].strip(), []]
                self.blocks.append(block)
                continue
            if block is not None:
                block[1].append(line)
                continue
            if line.strip() == "" or line.lstrip().startswith("#"):
                continue
            key, sep, value = line.partition(":")
            if not sep:
                raise ValueError("%s:%d: expected 'key: value'" % (self.path, n))
            key = key.strip()
            value = value[1:] if value.startswith(" ") else value
            if key == "args":
                self.args = value
            elif key == "env":
                name, _, val = value.partition("=")
                self.env[name] = val
            elif key == "exit":
                self.exit = int(value)
            elif key == "tty":
                if value not in ("stdout", "stderr"):
                    raise ValueError("%s:%d: tty is stdout or stderr" % (self.path, n))
                self.tty = value
            elif key == "tty-columns":
                self.tty_columns = int(value)
            elif key in ("stdout-contains", "stderr-contains", "stdout-lacks",
                         "stderr-lacks"):
                self.checks.append((key, unescape(value)))
            elif key in ("file-exists", "file-missing"):
                self.checks.append((key, value))
            elif key == "symlink":
                path, sep, target = value.partition(" -> ")
                if not sep:
                    raise ValueError("%s:%d: expected 'symlink: PATH -> TARGET'" % (self.path, n))
                self.symlinks.append((path, target))
            elif key in ("file-contains", "file-lacks"):
                path, sep, text = value.partition(" :: ")
                if not sep:
                    raise ValueError("%s:%d: expected '%s: PATH :: TEXT'" % (self.path, n, key))
                self.checks.append((key, (path, unescape(text))))
            else:
                raise ValueError("%s:%d: unknown key '%s'" % (self.path, n, key))
        if self.args is None:
            raise ValueError("%s: no 'args:' line" % self.path)

    def block_text(self, lines):
        return "".join(line + "\n" for line in lines)


ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "e": "\x1b", "\\": "\\"}


def unescape(text):
    """Decodes \\n \\r \\t \\e (escape) and \\\\ in a *-contains value."""
    out = []
    i = 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text) and text[i + 1] in ESCAPES:
            out.append(ESCAPES[text[i + 1]])
            i += 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def substitute(text, subst):
    for key, value in subst.items():
        text = text.replace(key, value)
    return text


def unsubstitute(text, subst):
    # Longest paths first, so @TMP@ wins over a prefix of it.
    for key, value in sorted(subst.items(), key=lambda kv: -len(kv[1])):
        text = text.replace(value, key)
    return text


def read_all(fd, chunks):
    while True:
        try:
            data = os.read(fd, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)


def run_program(argv, env, cwd, stdin_text, tty, tty_columns=None):
    """Runs argv; returns (exit status, stdout text, stderr text)."""
    master = slave = None
    stdout = subprocess.PIPE
    stderr = subprocess.PIPE
    if tty is not None:
        master, slave = pty.openpty()
        if tty_columns is not None:
            fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, tty_columns, 0, 0))
        if tty == "stdout":
            stdout = slave
        else:
            stderr = slave
    proc = subprocess.Popen(argv, env=env, cwd=cwd, stdin=subprocess.PIPE,
                            stdout=stdout, stderr=stderr)
    tty_chunks = []
    reader = None
    if tty is not None:
        os.close(slave)
        reader = threading.Thread(target=read_all, args=(master, tty_chunks))
        reader.start()
    out, err = proc.communicate(stdin_text.encode("utf-8"), timeout=120)
    if reader is not None:
        reader.join()
        os.close(master)
        text = b"".join(tty_chunks).replace(b"\r\n", b"\n")
        if tty == "stdout":
            out = text
        else:
            err = text
    return (proc.returncode,
            (out or b"").decode("utf-8", "replace"),
            (err or b"").decode("utf-8", "replace"))


def run_case(case, exe, subst_base):
    """Runs one case.  Returns (ok, diagnostics, actual {'stdout','stderr'})."""
    problems = []
    tmp = tempfile.mkdtemp(prefix="vinv-cli-%s-" % case.name)
    try:
        tmp = os.path.realpath(tmp)
        subst = dict(subst_base)
        subst["@TMP@"] = tmp
        os.makedirs(os.path.join(tmp, "config"))
        os.makedirs(os.path.join(tmp, "home"))

        env = {k: v for k, v in os.environ.items()
               if k not in ("VIRT_INVENTORY_PASSWORD", "VINV_DEMO_DIR",
                            "XDG_CONFIG_HOME", "VINV_REGENERATE")}
        env.update({"XDG_CONFIG_HOME": os.path.join(tmp, "config"),
                    "HOME": os.path.join(tmp, "home"),
                    "LC_ALL": "C.UTF-8", "TZ": "UTC"})
        for name, value in case.env.items():
            env[name] = substitute(value, subst)

        stdin_text = ""
        for header, lines in case.blocks:
            words = header.split()
            if words[0] == "create":
                path = os.path.join(tmp, words[1])
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path, "w", encoding="utf-8") as f:
                    f.write(substitute(case.block_text(lines), subst))
            elif words[0] == "stdin":
                stdin_text = substitute(case.block_text(lines), subst)
        for path, target in case.symlinks:
            path = os.path.join(tmp, path)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            os.symlink(substitute(target, subst), path)

        argv = [exe] + shlex.split(substitute(case.args, subst))
        status, out, err = run_program(argv, env, tmp, stdin_text, case.tty,
                                       case.tty_columns)
        actual = {"stdout": unsubstitute(out, subst), "stderr": unsubstitute(err, subst)}

        if status < 0:
            problems.append("killed by signal %d" % -status)
        elif status != case.exit:
            problems.append("exit status %d, expected %d" % (status, case.exit))

        streams = {"stdout": out, "stderr": err}
        for kind, text in case.checks:
            if kind in ("file-contains", "file-lacks"):
                path = os.path.join(tmp, text[0])
                needle = substitute(text[1], subst)
                if not os.path.exists(path):
                    problems.append("file %s was not created" % text[0])
                    continue
                with open(path, encoding="utf-8", newline="") as f:
                    content = f.read()
                if kind == "file-contains" and needle not in content:
                    problems.append("file %s does not contain %r" % (text[0], needle))
                elif kind == "file-lacks" and needle in content:
                    problems.append("file %s contains %r" % (text[0], needle))
                continue
            text = substitute(text, subst)
            if kind.endswith("-contains") and text not in streams[kind.split("-")[0]]:
                problems.append("%s does not contain %r" % (kind.split("-")[0], text))
            elif kind.endswith("-lacks") and text in streams[kind.split("-")[0]]:
                problems.append("%s contains %r" % (kind.split("-")[0], text))
            elif kind == "file-exists" and not os.path.exists(os.path.join(tmp, text)):
                problems.append("file %s was not created" % text)
            elif kind == "file-missing" and os.path.exists(os.path.join(tmp, text)):
                problems.append("file %s exists" % text)

        for header, lines in case.blocks:
            words = header.split()
            expected = substitute(case.block_text(lines), subst)
            if "crlf" in words[1:]:
                expected = expected.replace("\n", "\r\n")
            if words[0] in ("stdout", "stderr"):
                got = streams[words[0]]
                what = words[0]
            elif words[0] == "file":
                path = os.path.join(tmp, words[1])
                if not os.path.exists(path):
                    problems.append("file %s was not created" % words[1])
                    continue
                with open(path, encoding="utf-8", newline="") as f:
                    got = f.read()
                what = "file " + words[1]
            else:
                continue
            if got != expected:
                problems.append("%s differs:\n%s" % (what, diff(expected, got)))

        return (not problems, problems, actual)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def diff(expected, got):
    import difflib
    lines = difflib.unified_diff(expected.splitlines(True), got.splitlines(True),
                                 "expected", "actual")
    return "".join(lines) or ("expected %r\nactual   %r" % (expected, got))


def regenerate(case, actual):
    """Rewrites the stdout/stderr blocks of @case's file with @actual."""
    with open(case.path, encoding="utf-8") as f:
        text = f.read()
    out = []
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    skipping = False
    for line in lines:
        if line.startswith("--- "):
            words = line[4:].split()
            skipping = words[0] in ("stdout", "stderr")
            out.append(line)
            if skipping:
                body = actual[words[0]]
                if "crlf" in words[1:]:
                    body = body.replace("\r\n", "\n")
                if body.endswith("\n"):
                    body = body[:-1]
                if actual[words[0]] != "":
                    out.append(body)
            continue
        if not skipping:
            out.append(line)
    with open(case.path, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")


def main():
    if len(sys.argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    exe = os.path.realpath(sys.argv[1])
    cases_dir = sys.argv[2]
    data_dir = os.path.realpath(sys.argv[3])
    only = set(sys.argv[4:])
    src = os.path.realpath(os.path.join(os.path.dirname(__file__), "..", ".."))
    subst = {"@DATA@": data_dir, "@SRC@": src,
             "@DEMO@": os.path.join(src, "data", "demo")}
    regen = os.environ.get("VINV_REGENERATE") == "1"

    names = sorted(f for f in os.listdir(cases_dir) if f.endswith(".case"))
    if only:
        names = [n for n in names if n[:-5] in only]
    print("1..%d" % len(names))
    failed = 0
    for i, name in enumerate(names, 1):
        try:
            case = Case(os.path.join(cases_dir, name))
            ok, problems, actual = run_case(case, exe, subst)
        except Exception as e:                  # a broken case file is a failure
            ok, problems, actual, case = False, ["%s: %s" % (type(e).__name__, e)], None, None
        if not ok and regen and case is not None and actual is not None:
            regenerate(case, actual)
            print("ok %d - %s # regenerated" % (i, name[:-5]))
            continue
        print("%s %d - %s" % ("ok" if ok else "not ok", i, name[:-5]))
        if not ok:
            failed += 1
            for p in problems:
                for line in p.split("\n"):
                    print("# " + line)
        sys.stdout.flush()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
