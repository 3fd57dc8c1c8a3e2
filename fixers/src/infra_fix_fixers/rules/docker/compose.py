"""DC: compose files, edited through the YAML editor (anchors, merge keys, `!reset`/`!override` tags and comments
stay as they are; every edit re-reads the file). What a file is for (facts/containers.py) decides what is judged:
deployment files get every rule, development files the healthchecks and secrets, test, e2e and CI files are
fixtures (a real token is reported, nothing is rewritten)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from msgspec import Struct

from ...edit.yaml import Node, YamlDocument
from ...facts import secrets
from ...facts.containers import Compose, Containers, containers
from ...facts.dockerfile import image_ref
from ...facts.environment import compose_reads
from ...fixer import Context, FileRun, check
from ...model import SkipFile
from .rules import COMPOSE_DIGEST, COMPOSE_SECRET, HEALTHCHECK, NETWORKS, RESTART, SECRET_DEFAULT

BASE_NAMES = ("compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml")
_REGISTRIES = ("docker.io/", "index.docker.io/", "mirror.gcr.io/", "public.ecr.aws/docker/")
_POSTGRES = {"postgres", "postgis/postgis", "pgvector/pgvector", "timescale/timescaledb", "timescale/timescaledb-ha"}
_SERVERS = {
    "nginx", "traefik", "caddy", "httpd", "haproxy", "rabbitmq", "memcached", "elasticsearch", "opensearchproject/"
    "opensearch", "minio/minio", "grafana/grafana", "prom/prometheus", "zookeeper", "apache/kafka", "bitnami/kafka",
    "confluentinc/cp-kafka", "mailhog/mailhog", "axllent/mailpit", "clickhouse/clickhouse-server", "neo4j", "qdrant/"
    "qdrant", "nats", "eclipse-mosquitto", "adminer", "dpage/pgadmin4", "jaegertracing/all-in-one",
}  # fmt: skip
_ONE_SHOT = re.compile(
    r"(?i)(?:^|[-_\s/.])(?:migrat\w*|init\w*|setup|seed\w*|bootstrap\w*|prestart|provision\w*|configurator|"
    r"create[-_]?\w*|once|one[-_]?shot|job|tests?|lint|build(?:er)?|install\w*)(?:$|[-_\s/.])"
)
_SHELL_ONE_SHOT = re.compile(r"(?i)\b(?:alembic\s+upgrade|manage\.py\s+(?:migrate|collectstatic|createsuperuser)|"
                             r"migrate\b|flask\s+db\s+upgrade)")  # fmt: skip
_DEFAULT = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*):?-([^}]*)\}")
_TOKEN_KINDS = {kind for kind, _ in secrets._TOKENS}  # noqa: SLF001 - the provider token kinds, by name


class ComposeDocument(YamlDocument):
    """A compose file being fixed, with its facts and those of the other compose files beside it."""

    def __init__(self, text: str, compose: Compose, facts: Containers) -> None:
        super().__init__(text)
        self.compose, self.facts = compose, facts

    def services(self) -> dict[str, Any]:
        services = self.get(("services",))
        return services if isinstance(services, dict) else {}

    @property
    def kind(self) -> str:
        return self.compose.kind

    def siblings(self, kinds: tuple[str, ...] = ("deploy",)) -> list[Compose]:
        """The other compose files of its folder of those kinds (deployment files by default: a development
        override's `restart: "no"` says nothing of production)."""
        return [
            c
            for c in self.facts.composes.values()
            if c.folder == self.compose.folder and c.path != self.compose.path and c.kind in kinds
        ]

    def partial(self, name: str) -> bool:
        """A service this file only overrides: it names no image, build or `extends` (it cannot run alone: another
        file it is merged with defines it), or the folder's base file defines it too."""
        service = self.services().get(name)
        if isinstance(service, dict) and not any(k in service for k in ("image", "build", "extends")):
            return True
        if self.compose.path.rpartition("/")[2] in BASE_NAMES:
            return False
        return any(
            c.path.rpartition("/")[2] in BASE_NAMES and name in c.services()
            for c in self.siblings(("deploy", "development"))
        )

    def merged_elsewhere(self, name: str) -> bool:
        """Whether the service's mapping has an anchor (`netbox: &netbox`): other services merge it in, and a key
        added to it would change them too, which the edit cannot promise."""
        services = self.node(("services",))
        if services is None or services.kind != "map":
            return False
        return any(k.value == name and v.anchor is not None for k, v in services.pairs)


Run = FileRun[ComposeDocument]


def targets(ctx: Context) -> tuple[str, ...]:
    facts = ctx.shared(containers)
    found = []
    for path, compose in facts.composes.items():
        owner = ctx.repo.owner(path)
        if compose.kind != "sample" and (owner is None or ctx.repo.is_selected(owner)):
            found.append(path)
    return tuple(found)


def open_compose(path: str, text: str, ctx: Context) -> ComposeDocument:
    if re.search(r"\{\{|\{%", text):
        raise SkipFile("a template ({{ }} or {% %}): its placeholders are filled in before compose reads it")
    facts = ctx.shared(containers)
    return ComposeDocument(text, facts.composes[path], facts)


def image_name(image: object) -> str | None:
    """A service's image without registry mirror prefixes and `library/`, lower-cased (None: a variable)."""
    if not isinstance(image, str):
        return None
    text = _DEFAULT.sub(r"\2", image)
    if "$" in text:
        return None
    for prefix in _REGISTRIES:
        if text.startswith(prefix):
            text = text[len(prefix) :]
    return image_ref(text.removeprefix("library/")).name.lower()


def _tag(image: object) -> str:
    text = _DEFAULT.sub(r"\2", image) if isinstance(image, str) else ""
    return image_ref(text).tag or "latest"


def _major(tag: str) -> tuple[int, ...] | None:
    match = re.match(r"(\d+)(?:\.(\d+))?(?:\.(\d+))?", tag)
    return tuple(int(g) for g in match.groups() if g is not None) if match else None


# -- DC001 ----------------------------------------------------------------------------------------------------------


def healthcheck_test(name: str, tag: str, service: dict[str, Any]) -> tuple[list[str] | None, str]:
    """The image's own readiness command, or None and why there is none."""
    version = _major(tag)
    if name in _POSTGRES:
        user = "$${POSTGRES_USER:-postgres}"
        return ["CMD-SHELL", f"pg_isready -U {user} -d $${{POSTGRES_DB:-{user}}}"], ""
    if name in ("mysql", "mysql/mysql-server"):
        return ["CMD", "mysqladmin", "ping", "-h", "127.0.0.1"], ""
    if name == "mariadb":
        if version is not None and (len(version) == 3 or version[:2] < (10, 4)):
            return None, f"mariadb:{tag} may predate the image's healthcheck.sh"
        return ["CMD", "healthcheck.sh", "--connect"], ""
    if name in ("redis", "redis/redis-stack", "redis/redis-stack-server", "valkey/valkey"):
        if re.search(r"(?i)requirepass|aclfile|\.conf\b|PASSWORD", str(service.get("command", "")) +
                     str(service.get("environment", "")) + str(service.get("volumes", ""))):  # fmt: skip
            return None, "it may require a password, which `ping` would need"
        return ["CMD", "valkey-cli" if name.startswith("valkey") else "redis-cli", "ping"], ""
    if name == "mongo":
        shell = "mongo" if version is not None and version[0] < 5 else "mongosh"
        return ["CMD", shell, "--quiet", "--eval", "db.adminCommand('ping')"], ""
    return None, ""


def _flow(items: list[str], quote: str) -> str:
    """A flow list of strings in the file's quote style (single quotes where the file uses them, and the item has
    none of its own)."""
    import json

    def one(item: str) -> str:
        return f"'{item}'" if quote == "'" and "'" not in item else json.dumps(item)

    return "[" + ", ".join(one(i) for i in items) + "]"


def _quote_style(doc: ComposeDocument) -> str:
    """The quote the file's quoted scalars use most (double where there are none)."""
    from ...edit.yaml_tree import walk

    styles = [n.style for root in doc.roots for n in walk(root) if n.kind == "scalar" and n.style in ("'", '"')]
    return "'" if styles.count("'") > styles.count('"') else '"'


@check(HEALTHCHECK)
def healthcheck(run: Run) -> None:
    doc = run.doc
    if doc.kind not in ("deploy", "development"):
        return
    for name, service in doc.services().items():
        if not isinstance(service, dict) or "healthcheck" in service or doc.partial(str(name)):
            continue
        image = image_name(service.get("image"))
        if image is None or any("healthcheck" in c.services().get(name, {}) for c in doc.siblings() if
                                isinstance(c.services().get(name), dict)):  # fmt: skip
            continue
        test, why = healthcheck_test(image, _tag(service.get("image")), service)
        if test is None and not why:
            continue
        if _one_shot(str(name), service, doc.services()):
            continue  # a job that ends: its health is never waited for
        at = ("services", name)
        message = f"the {image} service `{name}` has no healthcheck"
        if "extends" in service:
            run.report(
                HEALTHCHECK, f"{message}; left as is: it `extends` another service, which may give it one", at=at
            )
            continue
        if doc.merged_elsewhere(str(name)):
            run.report(HEALTHCHECK, f"{message}; left as is: other services merge its mapping in (`<<:`), so add it "
                       "where it suits them all", at=at)  # fmt: skip
            continue
        if test is None:
            run.report(HEALTHCHECK, f"{message}; left as is: {why}", at=at)
            continue
        value = {"test": test, "interval": "10s", "timeout": "5s", "retries": 5, "start_period": "30s"}
        rendered = f"test: {_flow(test, _quote_style(doc))}\ninterval: 10s\ntimeout: 5s\nretries: 5\nstart_period: 30s"
        path = ("services", name)
        run.report(HEALTHCHECK, f"{message}: add one with its readiness command ({test[1]})", at=at,
                   edit=lambda p=path, v=value, r=rendered: doc.add_key(p, "healthcheck", v, r))  # fmt: skip


# -- DC002 ----------------------------------------------------------------------------------------------------------


def _one_shot(name: str, service: dict[str, Any], services: dict[str, Any]) -> bool:
    text = f"{service.get('command', '')} {service.get('entrypoint', '')}"
    if _ONE_SHOT.search(name) or _SHELL_ONE_SHOT.search(text):
        return True
    for other in services.values():
        depends = other.get("depends_on") if isinstance(other, dict) else None
        if isinstance(depends, dict) and isinstance(depends.get(name), dict):
            if depends[name].get("condition") == "service_completed_successfully":
                return True
    return False


def _dev_service(name: str, service: dict[str, Any]) -> bool:
    build = service.get("build")
    target = build.get("target") if isinstance(build, dict) else None
    words = set(re.split(r"[-_.]+", f"{name} {target or ''}".lower().replace(" ", "-")))
    return bool(words & {"dev", "devel", "develop", "development", "debug", "local"})


def _serves(service: dict[str, Any]) -> bool:
    image = image_name(service.get("image"))
    known = image is not None and (image in _SERVERS or image in _POSTGRES or image.split("/")[-1] in
                                   {"mysql", "mariadb", "redis", "mongo", "valkey"})  # fmt: skip
    return known or any(k in service for k in ("ports", "expose", "healthcheck"))


@check(RESTART)
def restart(run: Run) -> None:
    doc = run.doc
    if doc.kind != "deploy":
        return
    services = doc.services()
    for name, service in services.items():
        if not isinstance(service, dict) or "restart" in service or doc.partial(str(name)):
            continue
        deploy = service.get("deploy")
        if isinstance(deploy, dict) and "restart_policy" in deploy:
            continue
        if any(isinstance(c.services().get(name), dict) and "restart" in c.services()[name] for c in doc.siblings()):
            continue
        at = ("services", name)
        if _one_shot(str(name), service, services) or _dev_service(str(name), service):
            continue  # a job that ends (`unless-stopped` would run it again and again), or a developer's service
        message = f"the service `{name}` has no restart policy"
        if "extends" in service:
            run.report(RESTART, f"{message}; left as is: it `extends` another service, which may give it one", at=at)
        elif doc.merged_elsewhere(str(name)):
            run.report(RESTART, f"{message}; left as is: other services merge its mapping in (`<<:`), so add it "
                       "where it suits them all", at=at)  # fmt: skip
        elif not _serves(service):
            run.report(RESTART, f"{message}: add `restart: unless-stopped` if it runs all the time (infra-fix "
                       "cannot tell it is no one-shot job)", at=at)  # fmt: skip
        else:
            run.report(RESTART, f"{message}: add `restart: unless-stopped`", at=at,
                       edit=lambda n=name: doc.add_key(("services", n), "restart", "unless-stopped"))  # fmt: skip


# -- DC003, DC004 ---------------------------------------------------------------------------------------------------


class Entry(Struct, frozen=True):
    """A `KEY: value` or `- KEY=value` of an environment or build-args mapping, where it is defined (an anchor's
    entry is found once, at the anchor)."""

    path: tuple[str | int, ...]
    name: str
    value: str
    listed: bool  # `- KEY=value`
    node: Node


def environment_entries(doc: ComposeDocument) -> Iterator[Entry]:
    paths = _paths(doc)
    seen: set[int] = set()
    root = doc.roots[0] if doc.roots else None
    services = _child(root, "services")
    for _, service in services.pairs if services is not None and services.kind == "map" else []:
        service = _resolved(service)
        for mapping in (_child(service, "environment"), _child(_resolved(_child(service, "build")), "args")):
            yield from _entries(_resolved(mapping), paths, seen)


def _entries(node: Node | None, paths: dict[int, tuple[str | int, ...]], seen: set[int]) -> Iterator[Entry]:
    if node is None or id(node) in seen:
        return
    seen.add(id(node))
    if node.kind == "map":
        for key, value in node.pairs:
            if key.value == "<<" and key.style is None:
                for source in [value] if value.kind != "seq" else list(value.children):
                    yield from _entries(_resolved(source), paths, seen)
                continue
            value = _resolved(value)
            if value is not None and value.kind == "scalar" and id(value) in paths and value.value:
                yield Entry(paths[id(value)], str(key.value), value.value, False, value)
    elif node.kind == "seq":
        for item in node.children:
            item = _resolved(item)
            if item is not None and item.kind == "scalar" and id(item) in paths and "=" in (item.value or ""):
                name, _, value = (item.value or "").partition("=")
                yield Entry(paths[id(item)], name.strip(), value, True, item)


def _resolved(node: Node | None) -> Node | None:
    return node.target if node is not None and node.kind == "alias" else node


def _child(node: Node | None, key: str) -> Node | None:
    if node is None or node.kind != "map":
        return None
    found = [v for k, v in node.pairs if k.value == key]
    return _resolved(found[-1]) if found else None


def _paths(doc: ComposeDocument) -> dict[int, tuple[str | int, ...]]:
    """Each node's path in the data, where it is written (aliases not followed, merge keys not entered)."""
    found: dict[int, tuple[str | int, ...]] = {}

    def walk(node: Node | None, path: tuple[str | int, ...]) -> None:
        if node is None or node.kind == "alias" or id(node) in found:
            return
        found[id(node)] = path
        if node.kind == "map":
            for key, value in node.pairs:
                if not (key.value == "<<" and key.style is None) and key.kind == "scalar":
                    walk(value, (*path, _key(key)))
        elif node.kind == "seq":
            for index, item in enumerate(node.children):
                walk(item, (*path, index))

    walk(doc.roots[0] if doc.roots else None, ())
    return found


def _key(node: Node) -> str:
    return node.value or ""


def variable_name(name: str, kind: str) -> str:
    base = re.sub(r"[^A-Za-z0-9_]", "_", name).upper().strip("_") or "SECRET"
    if kind == "a password in a URL":
        stem = re.sub(r"_(?:URL|URI|DSN|CONN(?:ECTION)?(?:_STRING)?)$", "", base)
        return f"{stem}_PASSWORD" if not stem.endswith("PASSWORD") else stem
    return base if not base[0].isdigit() else f"_{base}"


class _Found(Struct, frozen=True):
    entry: Entry
    secret: secrets.Secret
    value: str  # the secret's text (never printed)
    where: str


@check(COMPOSE_SECRET, SECRET_DEFAULT)
def literal_secrets(run: Run) -> None:
    """Deployment files: every literal secret moves to a variable, one per key (a URL's password reuses the
    variable of the key holding the same password, the one whose `*_USER` names the URL's user first). Development
    and fixture files: only provider tokens are reported (a local database's `postgres` password is no leak)."""
    doc = run.doc
    found: list[_Found] = []
    entries = list(environment_entries(doc))
    for entry in entries:
        where = ".".join(str(p) for p in entry.path[:-1] if not isinstance(p, int))
        _defaults(run, entry, where)
        secret = secrets.assigned(entry.name, _DEFAULT.sub("", entry.value))
        if secret is None or _DEFAULT.search(entry.value):
            continue
        if doc.kind != "deploy":
            if secret.kind in _TOKEN_KINDS:
                run.report(COMPOSE_SECRET, f"{entry.name} in {where} holds {secret.kind} (a {doc.kind} file: move it "
                           "out by hand, and rotate it)", at=entry.path)  # fmt: skip
            continue
        found.append(_Found(entry, secret, entry.value[secret.start : secret.end], where))
    names = _variables(found, entries, {r.name for r in compose_reads(run.path, doc.text)})
    for item in found:
        entry = item.entry
        message = f"{entry.name} in {item.where} holds {item.secret.kind}"
        variable = names.get(id(item))
        if isinstance(variable, tuple):
            run.report(COMPOSE_SECRET, f"{message}; left as is: {variable[0]}", at=entry.path)
            continue
        reference = f"${{{variable}:?set {variable} in .env}}"
        new = entry.value[: item.secret.start] + reference + entry.value[item.secret.end :]
        whole = f"{entry.name}={new}" if entry.listed else new
        run.report(COMPOSE_SECRET, f"{message}: it becomes {reference} (unsafe: every deployment must then set "
                   f"{variable}; rotate the committed value)", at=entry.path, respect=entry.path, values=[reference],
                   edit=lambda e=entry, w=whole: _set_value(doc, e, w))  # fmt: skip


def _defaults(run: Run, entry: Entry, where: str) -> None:
    """DC004: `${VAR:-secret}` (a token in a default is reported in any file; a password only in deployment files)."""
    alone = _DEFAULT.fullmatch(entry.value.strip()) is not None  # `KEY: ${VAR:-x}`: the key names the value too
    for match in _DEFAULT.finditer(entry.value):
        secret = secrets.assigned(match.group(1), match.group(2))
        if secret is None and alone:
            secret = secrets.assigned(entry.name, match.group(2))
        if secret is None or (run.doc.kind != "deploy" and secret.kind not in _TOKEN_KINDS):
            continue
        variable = match.group(1)
        run.report(SECRET_DEFAULT, f"{entry.name} in {where} defaults to {secret.kind} in `${{{variable}:-…}}`: drop "
                   f"the default (`${{{variable}:?set {variable} in .env}}`) and rotate it", at=entry.path)  # fmt: skip


def _variables(found: list[_Found], entries: list[Entry], reads: set[str]) -> dict[int, str | tuple[str]]:
    """The variable each secret moves to (by the id of its `_Found`), or a 1-tuple saying why it cannot move."""
    chosen: dict[int, str | tuple[str]] = {}
    owner: dict[str, str] = {}  # variable -> the secret it holds
    by_value: dict[str, list[tuple[str, _Found]]] = {}
    for item in found:
        if item.secret.kind == "a password in a URL":
            continue
        variable = variable_name(item.entry.name, item.secret.kind)
        chosen[id(item)] = _claim(variable, item.value, owner, reads)
        if isinstance(chosen[id(item)], str):
            by_value.setdefault(item.value, []).append((variable, item))
    for item in found:
        if item.secret.kind != "a password in a URL":
            continue
        candidates = by_value.get(item.value, [])
        user = item.entry.value[: item.secret.start].rpartition("://")[2].rstrip(":")
        preferred = [v for v, other in candidates if _user_of(entries, other) == user]
        if preferred or candidates:
            chosen[id(item)] = (preferred or [v for v, _ in candidates])[0]
        else:
            chosen[id(item)] = _claim(variable_name(item.entry.name, item.secret.kind), item.value, owner, reads)
    return chosen


def _claim(variable: str, value: str, owner: dict[str, str], reads: set[str]) -> str | tuple[str]:
    if owner.get(variable, value) != value:
        return (f"another value already moves to ${{{variable}}}: name a variable for this one",)
    if variable in reads and variable not in owner:
        return (f"the file already reads ${{{variable}}}: use it, or name another variable",)
    owner[variable] = value
    return variable


def _user_of(entries: list[Entry], item: _Found) -> str | None:
    """The value of the `*_USER` beside a password (`POSTGRES_USER` for `POSTGRES_PASSWORD`), where it is literal."""
    stem = re.sub(r"(?i)_?(?:PASSWORD|PASSWD|PWD|PASS)$", "", item.entry.name).upper()
    parent = item.entry.path[:-1]
    for entry in entries:
        if entry.path[:-1] == parent and entry.name.upper() in (f"{stem}_USER", f"{stem}_USERNAME"):
            return entry.value
    return None


def _set_value(doc: ComposeDocument, entry: Entry, new: str) -> bool:
    """The scalar rewritten in its own style (plain stays plain where YAML reads the new text back the same). The
    data it is checked against changes wherever the value is seen: through aliases (shared) and in every mapping that
    merges the one holding it (`<<: *env`) without a key of its own by that name."""
    import copy

    from ...edit.splice import Splice, apply
    from ...edit.yaml import render_scalar
    from ...edit.yaml_render import plain_or_quoted

    node = doc.node(entry.path)  # where it is now: an earlier edit of this run may have moved it
    if node is None or node.kind != "scalar" or node.style in ("|", ">"):
        return False
    text = plain_or_quoted(new) if node.style is None else render_scalar(new, node.style)
    expected = copy.deepcopy(doc.data)
    holder: Any = expected[0]
    for part in entry.path[:-1]:
        holder = holder[part]
    holder[entry.path[-1]] = new
    if not entry.listed:
        holding = doc.node(entry.path[:-1])
        for path in _merged_into(doc, holding):
            target: Any = expected[0]
            for part in path:
                target = target[part]
            target[entry.path[-1]] = new
    return doc.accept(expected, [apply(doc.text, [Splice(node.start, node.end, text)])])


def _merged_into(doc: ComposeDocument, mapping: Node | None) -> list[tuple[str | int, ...]]:
    """The paths of the mappings that merge `mapping` in (`<<: *anchor`, or in a list of them) and do not set the
    key themselves: what they read changes with it."""
    if mapping is None or mapping.anchor is None:
        return []
    paths = _paths(doc)
    found = []
    for node in _walk(doc.roots[0] if doc.roots else None):
        if node.kind != "map":
            continue
        for key, value in node.pairs:
            if key.value == "<<" and key.style is None:
                sources = [value] if value.kind != "seq" else list(value.children)
                if any(_resolved(s) is mapping for s in sources) and id(node) in paths:
                    found.append(paths[id(node)])
    return found


def _walk(node: Node | None) -> Iterator[Node]:
    if node is None or node.kind == "alias":
        return
    yield node
    for child in node.children:
        yield from _walk(child)


# -- DC005, DC006 ---------------------------------------------------------------------------------------------------


@check(COMPOSE_DIGEST)
def image_digest(run: Run) -> None:
    doc = run.doc
    if doc.kind != "deploy":
        return
    digests = {}
    for entry in run.ctx.settings.blueprint.image_digests:
        reference, _, digest = entry.partition("@")
        ref = image_ref(reference)
        digests[f"{ref.name}:{ref.tag}"] = digest
    services = doc.services()
    built = {s.get("image") for s in services.values() if isinstance(s, dict) and "build" in s}
    for name, service in services.items():
        image = service.get("image") if isinstance(service, dict) else None
        if not isinstance(image, str) or "build" in service or image in built:
            continue  # an image this file builds is never pulled
        if service.get("pull_policy") in ("never", "build"):
            continue
        text = _DEFAULT.sub(r"\2", image)
        ref = image_ref(text)
        if "$" in text or ref.digest:
            continue
        tag = ref.tag or "latest"
        digest = digests.get(f"{ref.name}:{tag}", "sha256:<digest>")
        run.report(COMPOSE_DIGEST, f"the image of `{name}` is not pinned by digest: `image: {ref.name}:{tag}@{digest}`",
                   at=("services", name, "image"))  # fmt: skip


@check(NETWORKS)
def networks(run: Run) -> None:
    doc = run.doc
    services = doc.services()
    if doc.kind != "deploy" or len(services) < 2 or "networks" in (doc.get(()) or {}):
        return
    if any(isinstance(s, dict) and ("networks" in s or "network_mode" in s) for s in services.values()):
        return
    run.report(NETWORKS, f"the {len(services)} services share compose's default network: declare named networks "
               "and attach each service to those it needs", at=("services",))  # fmt: skip
