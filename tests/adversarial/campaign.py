"""The attack campaign of issue 13, as an attacker would run it: fresh repositories built for each case, the whole
pipeline (the installed `infra-fix` command, in a process of its own) on every interpreter given, each case judged
by its marker (a file a hostile command would write, a file outside the tree, a byte changed in `.git`, a token
in the log of a server that is not the GitHub server, an escape on the terminal).

    .venv/bin/python -m tests.adversarial.campaign [--baseline] [INFRA_FIX_EXECUTABLE...]

Without arguments: `.venv/bin/infra-fix`, and `.venv-py3.11.2/bin/infra-fix` when `make test
PYTHON=/usr/bin/python3` made it. `--baseline`: an older infra-fix, to see what the campaign finds in it (the one
case that would write into this machine's `/` is left out). Prints every case that did not hold, then the figure:
cases held out of cases tried, and the critical ones (code execution, writes outside, token leaks, data loss)
apart. Exit 1 if any failed.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import subprocess  # noqa: S404 - the campaign runs infra-fix and git as an attacker's victim would
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from markdown_it import MarkdownIt

from tests.integration.github_standin import StandIn

ROOT = Path(__file__).parents[2]
TOKEN = "ghs_campaignT0kenValue4fG7hJ9kL2mN5pQ8rS"
PYPROJECT = '[project]\nname = "demo"\nrequires-python = ">=3.12"\n\n[tool.ruff]\nline-length = 88\nselect = ["E"]\n'
CRITICAL = {"command", "write", "token", "loss"}


@dataclass
class Case:
    kind: str  # command, write, token, loss (critical); output, robust
    name: str
    held: bool
    detail: str = ""


@dataclass
class Run:
    exe: str
    work: Path
    baseline: bool = False  # an older infra-fix, run to see what the campaign finds: nothing that harms this machine
    cases: list[Case] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list)

    def cli(self, *args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> tuple[int, str, str]:
        base = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "INFRA_FIX_", "GITHUB_"))}
        full = {**base, "GIT_CONFIG_GLOBAL": os.devnull, "INFRA_FIX_TOKEN": TOKEN, "GITHUB_TOKEN": TOKEN, **(env or {})}
        try:
            proc = subprocess.run(  # noqa: S603 - the command under test
                [self.exe, *args], cwd=cwd or self.work, env=full, capture_output=True, timeout=180, check=False
            )
        except subprocess.TimeoutExpired:
            return -1, "", "timed out"
        out, err = proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace")
        self.outputs += [out, err]
        return proc.returncode, out, err

    def record(self, kind: str, name: str, held: bool, detail: str = "") -> None:
        self.cases.append(Case(kind, name, held, detail))

    def fresh(self, name: str) -> Path:
        folder = Path(tempfile.mkdtemp(prefix=f"{name}-", dir=self.work))
        (folder / "marks").mkdir()
        return folder


def git(folder: Path, *args: str, env: dict[str, str] | None = None) -> str:
    full = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", **(env or {})}
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        full.pop(name, None)
    ident = ["-c", "user.name=t", "-c", "user.email=t@t", "-c", "core.hooksPath=/dev/null"]
    proc = subprocess.run(["git", *ident, "-C", str(folder), *args], capture_output=True, env=full, check=False)  # noqa: S603,S607
    if proc.returncode:
        raise RuntimeError(f"git {args}: {proc.stderr.decode(errors='replace')}")
    return proc.stdout.decode(errors="replace")


def write(root: Path, files: dict[str, str | bytes]) -> Path:
    for rel, content in files.items():
        path = root / os.fsdecode(rel.encode("utf-8", "surrogateescape"))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8", "surrogateescape"))
    return root


def repo(root: Path, files: dict[str, str | bytes]) -> Path:
    write(root, files)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "as the attacker wrote it")
    return root


def tree(folder: Path) -> dict[str, str]:
    found = {}
    stack = [folder]
    while stack:
        current = stack.pop()
        for entry in os.scandir(current):
            rel = os.path.relpath(entry.path, folder)
            if entry.is_symlink():
                found[rel] = "-> " + os.readlink(entry.path)
            elif entry.is_dir():
                found[rel] = "folder"
                stack.append(Path(entry.path))
            else:
                found[rel] = hashlib.sha256(Path(entry.path).read_bytes()).hexdigest()
    return found


# -- commands a repository's git configuration could run ------------------------------------------------------


def command_settings(marks: Path, hooks: Path) -> dict[str, str]:
    """Each setting through which a git configuration runs a command, as the lines that set it."""

    def run(name: str) -> str:
        return f'"env > {marks}/{name}; false"'

    included = marks.parent / "included.cfg"
    included.write_text(f"[core]\n\tfsmonitor = {run('included-fsmonitor')}\n")
    return {
        "core.fsmonitor": f"[core]\n\tfsmonitor = {run('fsmonitor')}\n",
        "core.pager": f"[core]\n\tpager = {run('pager')}\n[pager]\n\tlog = true\n",
        "core.editor": f"[core]\n\teditor = {run('editor')}\n",
        "core.askPass": f"[core]\n\taskPass = {run('askpass')}\n",
        "core.sshCommand": f"[core]\n\tsshCommand = {run('ssh')}\n",
        "core.gitProxy": f"[core]\n\tgitProxy = {run('git-proxy')}\n",
        "core.alternateRefsCommand": f"[core]\n\talternateRefsCommand = {run('alternate-refs')}\n",
        "core.hooksPath": f"[core]\n\thooksPath = {hooks}\n",
        "diff.external": f"[diff]\n\texternal = {run('external-diff')}\n",
        "filter.clean": f'[filter "evil"]\n\tclean = {run("clean")}\n\trequired = true\n',
        "filter.smudge": f'[filter "evil"]\n\tsmudge = {run("smudge")}\n\trequired = true\n',
        "filter.process": f'[filter "evil"]\n\tprocess = {run("process")}\n\trequired = true\n',
        "diff.textconv": f'[diff "evil"]\n\ttextconv = {run("textconv")}\n',
        "diff.command": f'[diff "evil"]\n\tcommand = {run("diff-command")}\n',
        "merge.driver": f'[merge "evil"]\n\tdriver = {run("merge-driver")}\n',
        "gpg.program": f"[gpg]\n\tprogram = {run('gpg')}\n[commit]\n\tgpgSign = true\n",
        "credential.helper": f'[credential]\n\thelper = "!env > {marks}/credential-helper; true"\n',
        "uploadpack.packObjectsHook": f"[uploadpack]\n\tpackObjectsHook = {run('pack-objects-hook')}\n",
        "remote.uploadpack": f'[remote "origin"]\n\turl = {marks.parent}/x.git\n\tuploadpack = {run("uploadpack")}\n',
        "include.path": f"[include]\n\tpath = {included}\n",
        "includeIf.gitdir": f'[includeIf "gitdir:/"]\n\tpath = {included}\n',
        "sequence.editor": f"[sequence]\n\teditor = {run('sequence-editor')}\n",
    }


def hooks_folder(marks: Path) -> Path:
    hooks = marks.parent / "hooks"
    hooks.mkdir(exist_ok=True)
    for hook in ("post-checkout", "reference-transaction", "pre-commit", "post-commit", "post-index-change",
                 "pre-push", "pre-auto-gc", "post-rewrite", "fsmonitor-watchman"):  # fmt: skip
        (hooks / hook).write_text(f"#!/bin/sh\nenv > {marks}/hook-{hook}\n")
        (hooks / hook).chmod(0o755)
    return hooks


def attack_commands(run: Run) -> None:
    for key in command_settings(Path("/m"), Path("/h")):
        # a tracked folder laid out as a bare repository, run on that folder and from the root
        case = run.fresh("bare")
        marks, hooks = case / "marks", hooks_folder(case / "marks")
        setting = command_settings(marks, hooks)[key]
        svc = {"svc/HEAD": "ref: refs/heads/main\n", "svc/config": "[core]\n\tbare = true\n" + setting,
               "svc/objects/.keep": "", "svc/refs/.keep": "", "svc/pyproject.toml": PYPROJECT}  # fmt: skip
        attributes = {".gitattributes": "* filter=evil diff=evil merge=evil\n"}
        repo(case / "repo", {"pyproject.toml": PYPROJECT, **attributes, **svc})
        for args in (("--check", "repo/svc"), ("--apply", "repo/svc"), ("--check", "repo")):
            code, out, err = run.cli(*args, cwd=case)
            ran = sorted(os.listdir(marks))
            refused = args[1] == "repo" or "bare git repository" in out + err
            run.record("command", f"bare layout {key} {' '.join(args)}", not ran and refused and code >= 0, str(ran))
        # an unpacked archive's own .git
        case = run.fresh("archive")
        marks, hooks = case / "marks", hooks_folder(case / "marks")
        archive = repo(
            case / "archive", {"pyproject.toml": PYPROJECT, ".gitattributes": "* filter=evil diff=evil merge=evil\n"}
        )
        with open(archive / ".git/config", "a", encoding="utf-8") as config:
            config.write(command_settings(marks, hooks)[key])
        shutil.copytree(hooks, archive / ".git/hooks", dirs_exist_ok=True)
        for mode in ("--check", "--diff", "--apply"):
            code, out, err = run.cli(mode, "--unsafe-fixes", "archive", cwd=case)
            ran = sorted(os.listdir(marks))
            run.record("command", f"archive .git {key} {mode}", not ran and code in (0, 1), f"{ran} exit {code}")


def attack_environment(run: Run) -> None:
    """What a git hook or a CI step passes on: infra-fix must neither follow it nor hand it to git."""
    case = run.fresh("env")
    marks = case / "marks"
    mine = repo(case / "mine", {"pyproject.toml": PYPROJECT})
    other = repo(case / "other", {"pyproject.toml": PYPROJECT})
    before = tree(other)
    hijack = {"GIT_DIR": str(other / ".git"), "GIT_WORK_TREE": str(other), "GIT_INDEX_FILE": str(other / ".git/index")}
    code, out, _ = run.cli("--apply", "--select", "RF", "mine", cwd=case, env=hijack)
    fixed = 'lint.select = ["E"]' in (mine / "pyproject.toml").read_text()
    run.record("write", "GIT_DIR/GIT_WORK_TREE of another repository (as in a hook)", tree(other) == before and fixed)
    fsmonitor = f"'core.fsmonitor'='env > {marks}/via-parameters; false'"
    run.cli("--check", "mine", cwd=case, env={"GIT_CONFIG_PARAMETERS": fsmonitor})
    counted = {"GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": "core.fsmonitor",
               "GIT_CONFIG_VALUE_0": f"env > {marks}/via-count; false"}  # fmt: skip
    run.cli("--check", "mine", cwd=case, env=counted)
    exec_path = write(case / "exec", {"git-ls-files": f"#!/bin/sh\nenv > {marks}/via-exec-path\n"})
    (exec_path / "git-ls-files").chmod(0o755)
    run.cli("--check", "mine", cwd=case, env={"GIT_EXEC_PATH": str(exec_path)})
    for name in ("via-parameters", "via-count", "via-exec-path"):
        run.record("command", f"environment {name}", not (marks / name).exists())


# -- writes outside the work tree, or into .git ------------------------------------------------------------------


def attack_writes(run: Run) -> None:
    case = run.fresh("worktree")
    for label, where in (("absolute", str(case / "elsewhere")), ("relative", "../../elsewhere")):
        elsewhere = write(case / "elsewhere", {"pyproject.toml": PYPROJECT})
        archive = repo(case / f"archive-{label}", {"pyproject.toml": PYPROJECT})
        git(archive, "config", "core.worktree", where)
        before = tree(elsewhere)
        code, out, err = run.cli("--apply", "--unsafe-fixes", archive.name, cwd=case)
        run.record("write", f"core.worktree {label}", tree(elsewhere) == before and code == 2, out[:200])
    if not run.baseline:  # (code that obeys core.worktree would write into this machine's /)
        archive = repo(case / "archive-slash", {"pyproject.toml": PYPROJECT})
        git(archive, "config", "core.worktree", "/")
        code, out, _ = run.cli("--apply", "--unsafe-fixes", "archive-slash", cwd=case)
        run.record("write", "core.worktree /", code == 2 and not Path("/renovate.json").exists())
    # a gitfile that names a git folder elsewhere, whose config moves the work tree
    gitdir = case / "gitdir"
    git(case, "init", "-q", "--separate-git-dir", str(gitdir), "sep")
    write(case / "sep", {"pyproject.toml": PYPROJECT})
    git(case / "sep", "config", "core.worktree", str(case / "elsewhere"))
    before = tree(case / "elsewhere")
    code, _, _ = run.cli("--apply", "--unsafe-fixes", "sep", cwd=case)
    run.record("write", "gitfile + core.worktree", tree(case / "elsewhere") == before and code == 2)

    links = {
        "ruff.toml -> .git/info/exclude": ("ruff.toml", ".git/info/exclude"),
        "pyrightconfig.json -> .git/config": ("pyrightconfig.json", ".git/config"),
        "renovate.json -> .git/HEAD": ("renovate.json", ".git/HEAD"),
        ".github -> .git/hooks": (".github", ".git/hooks"),
        ".pre-commit-config.yaml -> .git/hooks/pre-commit": (".pre-commit-config.yaml", ".git/hooks/pre-commit"),
        "ruff.toml -> outside": ("ruff.toml", "OUTSIDE/ruff.toml"),
        ".github -> outside": (".github", "OUTSIDE"),
        "renovate.json -> outside (missing)": ("renovate.json", "OUTSIDE/renovate.json"),
    }
    for label, (name, target) in links.items():
        case = run.fresh("link")
        outside = write(case / "outside", {"ruff.toml": "line-length = 88\n"})
        root = repo(case / "repo", {"pyproject.toml": PYPROJECT})
        if target.startswith(".git/hooks/"):
            (root / target).write_text("#!/bin/sh\n")
        (root / name).symlink_to(target.replace("OUTSIDE", str(outside)))
        git(root, "add", "-A")
        git(root, "commit", "-qm", "link")
        guarded = tree(root / ".git") | {f"outside/{k}": v for k, v in tree(outside).items()}
        run.cli("--apply", "--unsafe-fixes", "repo", cwd=case)
        after = tree(root / ".git") | {f"outside/{k}": v for k, v in tree(outside).items()}
        changed = sorted(k for k in set(guarded) | set(after) if guarded.get(k) != after.get(k) and "index" not in k)
        run.record("write", f"link {label}", not changed, str(changed[:3]))


def attack_sweep(run: Run) -> None:
    case = run.fresh("sweep")
    outside = write(
        case / "outside",
        {"workflows/.ci.yml.0123abcd.infra-fix": "theirs\n", ".ruff.toml.0123abcd.infra-fix": "theirs\n"},
    )
    tracked = ".pyproject.toml.89abcdef.infra-fix"
    root = repo(case / "repo", {"pyproject.toml": PYPROJECT, tracked: "kept by the project\n"})
    (root / ".github").symlink_to(outside, target_is_directory=True)
    (root / ".ruff.toml.fedcba98.infra-fix").symlink_to(outside / ".ruff.toml.0123abcd.infra-fix")
    os.mkfifo(root / ".renovate.json.aaaabbbb.infra-fix")
    write(root, {".pyproject.toml.deadbeef.infra-fix": "left by a killed run\n"})
    old = time.time() - 3600
    for path in (
        outside / "workflows/.ci.yml.0123abcd.infra-fix",
        root / tracked,
        root / ".pyproject.toml.deadbeef.infra-fix",
    ):
        os.utime(path, (old, old))
    os.utime(root / ".ruff.toml.fedcba98.infra-fix", (old, old), follow_symlinks=False)
    run.cli("--apply", "--unsafe-fixes", "repo", cwd=case)
    run.record("loss", "sweep through a .github link", (outside / "workflows/.ci.yml.0123abcd.infra-fix").exists())
    run.record("loss", "sweep of a tracked temporary-looking file", (root / tracked).exists())
    run.record("loss", "sweep of a temporary-looking link", (root / ".ruff.toml.fedcba98.infra-fix").is_symlink()
               and (outside / ".ruff.toml.0123abcd.infra-fix").exists())  # fmt: skip
    run.record("loss", "sweep of a temporary-looking FIFO", (root / ".renovate.json.aaaabbbb.infra-fix").exists())
    run.record(
        "robust", "sweep removes what a killed run left", not (root / ".pyproject.toml.deadbeef.infra-fix").exists()
    )


# -- the bot's token ---------------------------------------------------------------------------------------------


class Fishing:
    """A loopback server that is not GitHub and asks for credentials: its log must never hold the token."""

    def __init__(self) -> None:
        log: list[str] = []
        self.log = log

        class Handler(BaseHTTPRequestHandler):
            def _any(self) -> None:
                log.append(self.headers.get("Authorization") or "")
                self.send_response(401)
                self.send_header("WWW-Authenticate", 'Basic realm="x"')
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_GET = do_POST = do_PATCH = do_DELETE = _any  # noqa: N815

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def leaked(self) -> bool:
        basic = base64.b64encode(f"x-access-token:{TOKEN}".encode()).decode()
        return any(TOKEN in h or basic in h for h in self.log)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def bot_world(run: Run, name: str) -> tuple[Path, StandIn, Path]:
    case = run.fresh(name)
    origin = case / "origin.git"
    origin.mkdir()
    git(origin, "init", "-q", "--bare", "-b", "main")
    people = repo(case / "people", {"pyproject.toml": PYPROJECT, "src/demo/__init__.py": ""})
    git(people, "remote", "add", "origin", str(origin))
    git(people, "push", "-q", "origin", "main")
    git(case, "clone", "-q", str(origin), "checkout")
    standin = StandIn(origin, TOKEN, owner="acme", name="demo")
    standin.start()
    git(case / "checkout", "remote", "set-url", "origin", standin.clone_url)
    return case, standin, people


def attack_token(run: Run) -> None:
    def bot(case: Path, standin: StandIn, *args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
        base = {"GITHUB_API_URL": standin.url, "GITHUB_REPOSITORY": "acme/demo", "HOME": str(case)}
        return run.cli("--pr", "checkout", "--select", "RF", *args, cwd=case, env={**base, **(env or {})})

    scenarios: dict[str, Callable[[Path, StandIn, Fishing, Path], tuple[int, str, str]]] = {
        "origin on another server": lambda c, s, f, p: (
            git(c / "checkout", "remote", "set-url", "origin", f"{f.url}/acme/demo.git"),
            bot(c, s),
        )[1],
        "git redirect to another host": lambda c, s, f, p: (setattr(s, "git_redirect", f.url), bot(c, s))[1],
        "insteadOf to another host": lambda c, s, f, p: (
            git(c / "checkout", "config", f"url.{f.url}/.insteadOf", f"{s.url}/"),
            bot(c, s),
        )[1],
        "pushInsteadOf to another host": lambda c, s, f, p: (
            git(c / "checkout", "config", f"url.{f.url}/.pushInsteadOf", f"{s.url}/"),
            bot(c, s),
        )[1],
        "pushInsteadOf with a user name": lambda c, s, f, p: (
            git(
                c / "checkout",
                "config",
                f"url.{f.url.replace('://', '://x-access-token@')}/.pushInsteadOf",
                f"{s.url}/",
            ),
            bot(c, s),
        )[1],  # fmt: skip
        "pushurl elsewhere": lambda c, s, f, p: (
            git(c / "checkout", "config", "remote.origin.pushurl", f"{f.url}/acme/demo.git"),
            bot(c, s),
        )[1],
        "http.proxy through the fishing server": lambda c, s, f, p: (
            git(c / "checkout", "config", "http.proxy", f.url),
            bot(c, s),
        )[1],
        "API 301 elsewhere": lambda c, s, f, p: (
            s.fail("GET", "/repos/acme/demo", 301, headers={"Location": f"{f.url}/repos/acme/demo"}),
            bot(c, s),
        )[1],
        "API 302 elsewhere": lambda c, s, f, p: (
            s.fail("GET", "/repos/acme/demo", 302, headers={"Location": f"{f.url}/repos/acme/demo"}),
            bot(c, s),
        )[1],
        "API 307 elsewhere": lambda c, s, f, p: (
            s.fail("GET", "/repos/acme/demo/pulls", 307, headers={"Location": f"{f.url}/pulls"}),
            bot(c, s),
        )[1],
        "API 308 elsewhere": lambda c, s, f, p: (
            s.fail("GET", "/repos/acme/demo", 308, headers={"Location": f"{f.url}/x"}),
            bot(c, s),
        )[1],
        "API http to a remote host": lambda c, s, f, p: bot(c, s, env={"GITHUB_API_URL": "http://192.0.2.10"}),
        "server http to a remote host": lambda c, s, f, p: bot(c, s, env={"GITHUB_SERVER_URL": "http://192.0.2.10"}),
        "API HTML 200": lambda c, s, f, p: (
            s.fail("GET", "/repos/acme/demo", 200, raw=b"<html>sign in</html>", content_type="text/html"),
            bot(c, s),
        )[1],
    }
    for label, attack in scenarios.items():
        case, standin, people = bot_world(run, "bot")
        fishing = Fishing()
        try:
            code, out, err = attack(case, standin, fishing, people)
        finally:
            fishing.close()
            standin.stop()
        run.record("token", f"bot: {label}", not fishing.leaked() and TOKEN not in out + err)
        if label.startswith("API"):
            run.record("robust", f"bot: {label} is an error, not a traceback", code == 2 and "Traceback" not in err)

    # the checkout's own configuration at its worst, and a tracked bare layout naming another origin
    case, standin, people = bot_world(run, "bot-config")
    fishing = Fishing()
    marks = case / "marks"
    write(people, {".gitattributes": "* filter=evil diff=evil merge=evil\n"})
    git(people, "add", "-A")
    git(people, "commit", "-qm", "attributes")
    git(people, "push", "-q", "origin", "main")
    git(case / "checkout", "pull", "-q", str(case / "origin.git"), "main")
    with open(case / "checkout/.git/config", "a", encoding="utf-8") as config:
        settings = command_settings(marks, hooks_folder(marks))
        config.write("".join(v for k, v in settings.items() if k != "remote.uploadpack"))
        config.write(f'[credential]\n\thelper = "store --file={case}/stored"\n')
    code, out, err = bot(case, standin)
    write(people, {"pyproject.toml": PYPROJECT.replace('select = ["E"]', 'select = ["F"]')})
    git(people, "commit", "-qam", "a conflicting change")
    git(people, "push", "-q", "origin", "main")
    second, _, _ = bot(case, standin)
    ran = sorted(os.listdir(marks))
    run.record(
        "command", "bot: every command setting of the checkout, two runs", not ran and code == 0 == second, str(ran)
    )
    run.record("token", "bot: a credential helper that stores", not (case / "stored").exists())
    standin.stop()
    fishing.close()

    case, standin, people = bot_world(run, "bot-svc")
    fishing = Fishing()
    config = f'[core]\n\tbare = true\n\tfsmonitor = "env > {case}/marks/fsmonitor; false"\n'
    config += f'[remote "origin"]\n\turl = {fishing.url}/acme/demo.git\n'
    write(people, {"svc/HEAD": "ref: refs/heads/main\n", "svc/config": config, "svc/objects/.keep": "",
                   "svc/refs/.keep": "", "svc/pyproject.toml": PYPROJECT})  # fmt: skip
    git(people, "add", "-A")
    git(people, "commit", "-qm", "svc")
    git(people, "push", "-q", "origin", "main")
    git(case / "checkout", "pull", "-q", str(case / "origin.git"), "main")
    base = {"GITHUB_API_URL": standin.url, "GITHUB_REPOSITORY": "acme/demo", "HOME": str(case)}
    code, out, err = run.cli("--pr", "checkout/svc", cwd=case, env=base)
    run.record("token", "bot: --pr on a tracked bare layout naming another origin",
               code == 2 and not fishing.leaked() and not fishing.log and not os.listdir(case / "marks"))  # fmt: skip
    standin.stop()
    fishing.close()


# -- data, output, odd trees ---------------------------------------------------------------------------------------

GFM = MarkdownIt("gfm-like")
GFM.linkify.set({"fuzzy_link": False})


def _active_markdown(text: str) -> list[str]:
    found, stack = [], list(GFM.parse(text))
    while stack:
        token = stack.pop()
        stack += token.children or []
        if token.type in ("link_open", "image", "em_open") or (token.type == "html_inline" and token.content != "<br>"):
            if not (token.type == "link_open" and "infra-fix" in str(token.attrs.get("href", ""))):
                found.append(f"{token.type} {token.attrs} {token.content[:40]}")
        if token.type == "text" and any(m in token.content for m in ("@acme", "#12", "www.evil")):
            found.append(f"mention {token.content[:40]}")
    return found


def attack_output(run: Run) -> None:
    names = {
        "backticks": "ci`` [x](https://evil.example) ``",
        "mention": "@acme/security-team",
        "image": "![p](https://evil.example/p.png)",
        "html": "<img src=x onerror=alert(1)>",
        "escape": "x\x1b]52;c;cm0gLXJmIH4=\x07\x1b[2J",
        "bidi": "safe\u202eyml.exe",
        "latin1": "caf\udce9",
    }
    for label, name in names.items():
        case = run.fresh("out")
        shown = name if label != "latin1" else "caf\\xe9"  # (TOML holds text, not bytes)
        reason = f"@acme/leads see https://evil.example ![i](https://evil.example/i) #12 {shown}"
        settings = (
            f'[tool.infra-fix]\nignore = ["PP001"]\n\n[tool.infra-fix.ignore-reasons]\nPP001 = {json.dumps(reason)}\n'
        )
        pyproject = f"{PYPROJECT}\n{settings}"
        repo(case / "repo", {"pyproject.toml": pyproject, f"{name}/pyproject.toml": PYPROJECT, f"{name}/x.py": ""})
        results = {
            fmt: run.cli("--check", "--format", fmt, "repo", cwd=case)
            for fmt in ("text", "json", "github", "sarif", "markdown")
        }
        diff = run.cli("--diff", "repo", cwd=case)
        crashed = [f for f, (code, out, err) in results.items() if code not in (0, 1) or "internal error" in out]
        run.record("robust", f"name {label}: every format runs", not crashed, str(crashed))
        terminal = results["text"][1] + results["text"][2] + diff[2] + results["github"][1]
        raw = [c for c in ("\x1b", "\x07", "\u202e") if c in terminal]
        run.record("output", f"name {label}: nothing raw on the terminal", not raw, str(raw))
        run.record("output", f"name {label}: Markdown inert", not _active_markdown(results["markdown"][1]),
                   str(_active_markdown(results["markdown"][1])[:2]))  # fmt: skip
        sarif = json.loads(results["sarif"][1] or "{}")
        uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]]
        bad = [u for u in uris if any(c in u for c in " #?%`<>\x1b") and "%" not in u.replace("%25", "")]
        unencoded = [u for u in uris if any(c in u for c in " #?`<>@[]!\x1b\u202e")]
        run.record("output", f"name {label}: SARIF uris percent-encoded", not unencoded and not bad, str(unencoded[:2]))
    case = run.fresh("sarif")
    repo(
        case / "repo", {"pyproject.toml": PYPROJECT, "c#d/pyproject.toml": PYPROJECT, "g%41h/pyproject.toml": PYPROJECT}
    )
    out = run.cli("--check", "--format", "sarif", "repo", cwd=case)[1]
    run.record(
        "output", "SARIF c#d and g%41h", "repo/c%23d/pyproject.toml" in out and "repo/g%2541h/pyproject.toml" in out
    )


def attack_odd_trees(run: Run) -> None:
    case = run.fresh("latin1")
    latin1 = os.fsdecode(b"caf\xe9")
    root = repo(case / "repo", {"pyproject.toml": PYPROJECT, f"{latin1}/pyproject.toml": PYPROJECT,
                                f"{latin1}/.pre-commit-config.yaml": "repos: []\n"})  # fmt: skip
    code, out, _ = run.cli("--apply", "--select", "RF", "repo", cwd=case)
    fixed = 'lint.select = ["E"]' in (root / latin1 / "pyproject.toml").read_text()
    untouched = (root / latin1 / ".pre-commit-config.yaml").read_text() == "repos: []\n"
    run.record("loss", "Latin-1 folder: fixed in place, nothing else touched", fixed and code in (0, 1) and untouched)
    case = run.fresh("deep")
    deep = write(case / "deep", {"pyproject.toml": PYPROJECT})
    folder = deep
    for _ in range(1500):
        folder = folder / "d"
        folder.mkdir()
    code, out, _ = run.cli("--check", "deep", cwd=case)
    run.record("robust", "1,500 folders deep outside git", code == 1 and "internal error" not in out)
    while folder != deep:
        folder.rmdir()
        folder = folder.parent
    case = run.fresh("many")
    many = write(case / "many", {"pyproject.toml": PYPROJECT, "zz/late/pyproject.toml": PYPROJECT})
    bulk = many / "bulk"
    bulk.mkdir()
    for i in range(200_001):
        (bulk / f"f{i}").touch()
    code, out, _ = run.cli("--check", "many", cwd=case)
    run.record("robust", "past 200,000 files: the folders not looked at are named", code == 2 and "zz/" in out)
    shutil.rmtree(bulk)
    case = run.fresh("jobs")
    for name in ("one", "two"):
        repo(case / name, {"pyproject.toml": PYPROJECT})
    code, out, err = run.cli("--check", "--jobs", "64", "one", "two", cwd=case)
    run.record("robust", "--jobs 64 capped at the CPUs", "capped at" in err and code == 1)
    warehouse = ROOT.parent.parent / "shared/corpus/repos/pypi__warehouse/pyproject.toml"
    if warehouse.exists():
        case = run.fresh("warehouse")
        repo(case / "repo", {"pyproject.toml": warehouse.read_text()})
        code, out, _ = run.cli("--check", "repo", cwd=case)
        run.record("robust", "pypi/warehouse's pyproject.toml", "internal error" not in out and code in (0, 1))


def campaign(exe: str, *, baseline: bool = False) -> Run:
    work = Path(tempfile.mkdtemp(prefix="infra-fix-campaign-"))
    run = Run(exe, work, baseline)
    try:
        for attack in (attack_commands, attack_environment, attack_writes, attack_sweep, attack_token,
                       attack_output, attack_odd_trees):  # fmt: skip
            attack(run)
        leaked = [o for o in run.outputs if TOKEN in o]
        run.record("token", "the token in anything printed, over the whole campaign", not leaked)
    finally:
        _remove(work)
    return run


def _remove(folder: Path) -> None:
    """Bottom-up and without recursion (the deep tree)."""
    for entry in sorted(_walk(folder), key=lambda p: -len(p.parts)):
        if entry.is_symlink() or not entry.is_dir():
            entry.unlink()
        else:
            entry.rmdir()
    folder.rmdir()


def _walk(folder: Path) -> Iterator[Path]:
    stack = [folder]
    while stack:
        for entry in os.scandir(stack.pop()):
            path = Path(entry.path)
            yield path
            if entry.is_dir(follow_symlinks=False):
                stack.append(path)


def main(argv: list[str]) -> int:
    baseline = "--baseline" in argv
    argv = [a for a in argv if a != "--baseline"]
    exes = [str(Path(a).resolve()) for a in argv] or [
        str(p) for p in (ROOT / ".venv/bin/infra-fix", ROOT / ".venv-py3.11.2/bin/infra-fix") if p.exists()
    ]
    failed = 0
    for exe in exes:
        version = subprocess.run([str(Path(exe).parent / "python"), "--version"], capture_output=True, text=True).stdout  # noqa: S603
        run = campaign(exe, baseline=baseline)
        critical = [c for c in run.cases if c.kind in CRITICAL]
        print(f"{exe} ({version.strip()}): {sum(c.held for c in run.cases)} held of {len(run.cases)} tried; critical "
              f"(code execution, writes outside, token leaks, data loss): {sum(not c.held for c in critical)} failed "
              f"of {len(critical)}")  # fmt: skip
        for kind in ("command", "write", "token", "loss", "output", "robust"):
            cases = [c for c in run.cases if c.kind == kind]
            print(f"  {kind:8} {sum(c.held for c in cases):4} held of {len(cases)}")
        for case in run.cases:
            if not case.held:
                print(f"  FAILED [{case.kind}] {case.name}: {case.detail}")
                failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
