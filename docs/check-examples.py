#!/usr/bin/env python3
"""Runs every ```console block of README.md, CONTRIBUTING.md and docs/*.md and compares what the commands print with
what the block shows, so the examples cannot drift from the program (CONTRIBUTING.md, "Examples in the docs").

It also checks that every relative link of those files leads to a file of the repository.

A block's lines that start with "$ " are commands (a line ending in a backslash continues on the next); the lines
after a command, up to the next one, are what it prints, stdout and stderr together. A command that exits with a
code other than 0 prints "[exit N]" last. A line "..." stands for any number of lines. Timings, thread counts and
the machine's name are masked before comparing (MASKS below; a block may add its own with "<!-- mask: REGEX -->"
lines right above its fence), and runs of spaces compare equal whatever their length.

Every ```fsharp block is run too, as a script of its own with `dotnet fsi` against the Release build (its
`#i "nuget: …"` and `#r "nuget: Descent.FSharp"` lines become a `#load` of scripts/load.fsx), and must finish
without an error; a block that is only a fragment is marked "<!-- fsharp: fragment -->" right above its fence.

All the console blocks of one file run in one bash session (so `cd`, variables and files carry over), in a fresh folder that
holds links to examples/ and Tests/, with `descent` on the PATH standing for the Release build
(Cli.FSharp/bin/Release/net10.0/descent, or --descent PATH). `dotnet run --project Cli.FSharp -c Release --` in a
command runs that build too.

  python3 docs/check-examples.py              check; exit 1 and a diff per block that differs
  python3 docs/check-examples.py --update     rewrite the blocks that differ with what the commands print now
  python3 docs/check-examples.py docs/data.md only the files named
  python3 docs/check-examples.py --no-fsharp  the console blocks only
"""
import argparse
import difflib
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ELLIPSIS = "..."
MASK = "\x00"

# What changes from run to run or machine to machine, masked on both sides before comparing.
MASKS = [
    # Durations with a unit: "0.9 ms", "1.56 µs", "0.0021 s".
    r"(?<![\w.])\d+(?:\.\d+)?(?:[eE][-+]?\d+)?\s?(?:ns|µs|us|ms|s)\b",
    # JSON timings: "trainSeconds": 0.0021, and the object that holds them.
    r'"\w*[sS]econds": [-+0-9.eE]+',
    # A sweep table's "time (ms)" column: the number before the stop reason that ends the row.
    r"\b\d+\.\d+(?= +(?:epochs|diverged|target|patience|interrupted)\s*$)",
    # How many jobs or threads this machine runs at once.
    r"\b\d+ at a time\b",
    r"\b\d+ thread\(s\)",
    r"\b\d+ cores?\b",
]

RUN_PREFIX = re.compile(r"\bdotnet run --project Cli\.FSharp -c Release -- ")


class Block:
    def __init__(self, start, end, masks, commands):
        self.start, self.end = start, end  # line indexes of the opening and closing fences
        self.masks = masks
        self.commands = commands  # [(command text as shown, [expected lines])]


def parse(lines):
    blocks = []
    i = 0
    while i < len(lines):
        if lines[i].strip() == "```console":
            masks = []
            j = i - 1
            while j >= 0 and re.match(r"^<!-- mask: (.*) -->$", lines[j]):
                masks.insert(0, re.match(r"^<!-- mask: (.*) -->$", lines[j]).group(1))
                j -= 1
            k = i + 1
            commands = []
            while k < len(lines) and lines[k].strip() != "```":
                line = lines[k]
                if line.startswith("$ "):
                    text = [line[2:]]
                    while text[-1].endswith("\\") and k + 1 < len(lines):
                        k += 1
                        text.append(lines[k])
                    commands.append(("\n".join(text), []))
                elif commands:
                    commands[-1][1].append(line)
                k += 1
            blocks.append(Block(i, k, masks, commands))
            i = k
        i += 1
    return blocks


def fsharp_blocks(lines):
    """(line index of the fence, code) of each ```fsharp block not marked as a fragment."""
    found = []
    i = 0
    while i < len(lines):
        if lines[i].strip() == "```fsharp":
            k = i + 1
            while k < len(lines) and lines[k].strip() != "```":
                k += 1
            if not (i > 0 and lines[i - 1].strip() == "<!-- fsharp: fragment -->"):
                found.append((i, lines[i + 1:k]))
            i = k
        i += 1
    return found


def run_fsharp(code):
    """Runs one block with dotnet fsi in a fresh folder holding a link to examples/; returns None or the error text."""
    load = os.path.join(ROOT, "scripts", "load.fsx")
    if not os.path.exists(load):
        return "scripts/load.fsx is missing: build first (dotnet build Hybrid.sln -c Release)"
    work = tempfile.mkdtemp(prefix="descent-docs-fsx-")
    try:
        os.symlink(os.path.join(ROOT, "examples"), os.path.join(work, "examples"))
        body, loaded = [], False
        for line in code:
            if re.match(r'^#(i|r) "nuget:', line.strip()):
                if not loaded:
                    body.append('#load "%s"' % load)
                    loaded = True
            else:
                body.append(line)
        if not loaded:
            body.insert(0, '#load "%s"' % load)
            body.insert(1, "open Descent")
        script = os.path.join(work, "block.fsx")
        with open(script, "w", encoding="utf-8") as f:
            f.write("\n".join(body) + "\n")
        env = dict(os.environ, DOTNET_CLI_TELEMETRY_OPTOUT="1", DOTNET_NOLOGO="1")
        proc = subprocess.run(["dotnet", "fsi", "--quiet", "--exec", script], cwd=work, env=env, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=600)
        return None if proc.returncode == 0 else proc.stdout.strip() or "dotnet fsi exited %d" % proc.returncode
    finally:
        shutil.rmtree(work, ignore_errors=True)


def broken_links(path, lines):
    """The relative links of a markdown file whose target file does not exist."""
    folder = os.path.dirname(path)
    broken = []
    in_fence = False
    for n, line in enumerate(lines):
        if line.strip().startswith("```"):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        for target in re.findall(r"\]\(([^)\s]+)\)", line):
            if re.match(r"^[a-z]+:", target) or target.startswith("#"):
                continue
            if not os.path.exists(os.path.join(folder, target.split("#")[0])):
                broken.append((n + 1, target))
    return broken


def masked(line, masks):
    for m in masks:
        line = re.sub(m, MASK, line)
    return " ".join(line.split())


def matches(expected, actual, masks):
    """True when the expected lines (with "..." elisions) match the actual ones after masking."""
    exp = [e if e.strip() == ELLIPSIS else masked(e, masks) for e in expected]
    act = [masked(a, masks) for a in actual]
    # Dynamic programming over (expected index, actual index).
    memo = {}

    def go(i, j):
        if (i, j) in memo:
            return memo[(i, j)]
        if i == len(exp):
            r = j == len(act)
        elif exp[i].strip() == ELLIPSIS:
            r = any(go(i + 1, jj) for jj in range(j, len(act) + 1))
        else:
            r = j < len(act) and exp[i] == act[j] and go(i + 1, j + 1)
        memo[(i, j)] = r
        return r

    sys.setrecursionlimit(max(10000, 4 * (len(exp) + len(act))))
    return go(0, 0)


def elided(expected, actual):
    """The actual lines, shortened where the expected ones had "...": as many lines kept at the head and the tail."""
    if not any(e.strip() == ELLIPSIS for e in expected):
        return actual
    segments = [[]]
    for e in expected:
        if e.strip() == ELLIPSIS:
            segments.append([])
        else:
            segments[-1].append(e)
    head, tail = len(segments[0]), len(segments[-1])
    if head + tail >= len(actual):
        return actual
    out = actual[:head]
    position = head
    key = lambda s: re.sub(r"\d+", "0", " ".join(s.split()))
    for middle in segments[1:-1]:
        if not middle:
            continue
        found = next((p for p in range(position, len(actual) - tail) if key(actual[p]) == key(middle[0])), None)
        if found is None:
            continue
        out += [ELLIPSIS] + actual[found:found + len(middle)]
        position = found + len(middle)
    out += [ELLIPSIS] + (actual[-tail:] if tail else [])
    return out


def self_test():
    """The comparison itself, on cases whose answer is known; run before every check so that it can fail."""
    row = "1         gd           -    0.1   0.01007999         100         0.9940        0.3  epochs"
    cases = [
        (["a", "b"], ["a", "b"], True),
        (["a", "b"], ["a", "c"], False),
        (["a", "...", "z"], ["a", "b", "c", "z"], True),
        (["a", "...", "z"], ["a", "b", "c"], False),
        (["a", "..."], ["a"], True),
        ([row], [row.replace("0.3  epochs", "12.7  epochs")], True),
        ([row], [row.replace("0.9940", "0.9960")], False),
        (["took 1.56 µs"], ["took 2 ms"], True),
        (["[exit 2]"], [], False),
    ]
    for expected, actual, want in cases:
        if matches(expected, actual, MASKS) != want:
            return "check-examples: the comparison is broken: %r against %r should be %s" % (expected, actual, want)
    if elided(["a", "...", "z"], ["a", "b", "c", "z"]) != ["a", "...", "z"]:
        return "check-examples: --update's elision is broken"
    return None


def run_file(path, blocks, descent):
    """Runs every command of the file's blocks in one bash session; returns [[actual lines per command] per block]."""
    work = tempfile.mkdtemp(prefix="descent-docs-")
    try:
        os.makedirs(os.path.join(work, "bin"))
        wrapper = os.path.join(work, "bin", "descent")
        with open(wrapper, "w") as f:
            f.write('#!/bin/sh\nexec "%s" "$@"\n' % descent)
        os.chmod(wrapper, 0o755)
        run = os.path.join(work, "run")
        os.makedirs(run)
        for name in ("examples", "Tests"):
            os.symlink(os.path.join(ROOT, name), os.path.join(run, name))
        script = ["cd %s" % shquote(run)]
        n = 0
        for b in blocks:
            for command, _ in b.commands:
                command = RUN_PREFIX.sub("descent ", command)
                script.append("{ eval %s ; } </dev/null 2>&1; printf '\\n@@END %d %%s@@\\n' $?" % (shquote(command), n))
                n += 1
        env = dict(os.environ)
        env["PATH"] = os.path.join(work, "bin") + os.pathsep + env.get("PATH", "")
        env.update(DOTNET_CLI_TELEMETRY_OPTOUT="1", DOTNET_NOLOGO="1", LC_ALL="C.UTF-8", COLUMNS="80")
        env.pop("TERM", None)
        proc = subprocess.run(["bash", "--norc", "--noprofile"], input="\n".join(script) + "\n", env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=1800)
        text = proc.stdout.replace(run + "/", "").replace(run, ".")
        outputs = []
        rest = text
        for k in range(n):
            m = re.search(r"\n@@END %d (\d+)@@\n" % k, rest)
            if m is None:
                outputs.append(["(the session ended before this command: bash exited %d)" % proc.returncode])
                continue
            lines = rest[:m.start()].split("\n")
            lines = [l.rstrip() for l in lines]
            while lines and lines[-1] == "":
                lines.pop()
            if m.group(1) != "0":
                lines.append("[exit %s]" % m.group(1))
            outputs.append(lines)
            rest = rest[m.end():]
        result, k = [], 0
        for b in blocks:
            result.append(outputs[k:k + len(b.commands)])
            k += len(b.commands)
        return result
    finally:
        shutil.rmtree(work, ignore_errors=True)


def shquote(s):
    return "'" + s.replace("'", "'\\''") + "'"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("files", nargs="*")
    parser.add_argument("--update", action="store_true", help="rewrite blocks that differ")
    parser.add_argument("--no-fsharp", dest="fsharp", action="store_false", help="skip the ```fsharp blocks")
    parser.add_argument("--descent", default=os.path.join(ROOT, "Cli.FSharp/bin/Release/net10.0/descent"))
    args = parser.parse_args()
    broken = self_test()
    if broken:
        print(broken)
        return 1
    descent = os.path.abspath(args.descent)
    if not os.access(descent, os.X_OK):
        print("check-examples: %s is missing: build first (dotnet build Hybrid.sln -c Release)" % descent)
        return 2
    files = args.files or ([os.path.join(ROOT, "README.md"), os.path.join(ROOT, "CONTRIBUTING.md")]
                           + sorted(glob.glob(os.path.join(ROOT, "docs", "*.md"))))
    checked = differing = scripts = failed_scripts = links = 0
    for path in files:
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
        rel = os.path.relpath(path, ROOT)
        for n, target in broken_links(path, lines):
            links += 1
            print("%s:%d: the link %s leads to no file" % (rel, n, target))
        if args.fsharp:
            for start, code in fsharp_blocks(lines):
                scripts += 1
                error = run_fsharp(code)
                if error is not None:
                    failed_scripts += 1
                    print("%s:%d: the fsharp block fails:\n%s" % (rel, start + 1, error))
        blocks = parse(lines)
        if not blocks:
            continue
        actuals = run_file(path, blocks, descent)
        replacements = []
        for b, actual in zip(blocks, actuals):
            masks = MASKS + b.masks
            new_body, block_ok = [], True
            for (command, expected), got in zip(b.commands, actual):
                checked += 1
                ok = matches(expected, got, masks)
                if not ok:
                    block_ok = False
                    differing += 1
                    print("%s:%d: $ %s" % (rel, b.start + 1, command.split("\n")[0]))
                    sys.stdout.writelines(l + "\n" for l in difflib.unified_diff(
                        expected, got, "shown", "printed", lineterm="", n=2))
                new_body.append("$ " + command)
                new_body += expected if ok else elided(expected, got)
            if not block_ok:
                replacements.append((b.start + 1, b.end, new_body))
        if args.update and replacements:
            for start, end, body in reversed(replacements):
                lines[start:end] = body
            with open(path, "w", encoding="utf-8") as f:
                f.write("\n".join(lines))
            print("%s: rewrote %d block(s)" % (rel, len(replacements)))
    print("check-examples: %d command(s) checked, %d differ%s; %d F# block(s) run, %d failed; %d broken link(s)" % (
        checked, differing, " (rewritten)" if args.update and differing else "", scripts, failed_scripts, links))
    return 1 if (differing and not args.update) or failed_scripts or links else 0


if __name__ == "__main__":
    sys.exit(main())
