"""What a hard-coded secret is, decided in one place for every family (compose, Dockerfile, alembic.ini, env files,
settings defaults, workflows): the facts say *that* a value is a secret and *why*, never what it is.

Two detectors, as the anchors have them:
- by name, like BuildKit's SecretsUsedInArgOrEnv and hadolint's DL3064: a key such as `POSTGRES_PASSWORD`,
  `SECRET_KEY` or `API_TOKEN` holding a literal value. Unlike gitleaks' generic rule (10+ characters, entropy >= 3.5,
  not letters only), a weak value counts: `POSTGRES_PASSWORD: postgres` is the password the service runs with.
- by value, like gitleaks' provider rules: a GitHub, GitLab, PyPI, Slack, AWS, OpenAI or Stripe token, a private key,
  a password in a URL, whatever the key is called.

What is never a secret, by an explicit, tested list (`is_placeholder`, `is_reference`): an interpolation (`${X}`,
`$X`, `{{ x }}`, `${{ secrets.X }}`, `%(x)s`), a placeholder that asks to be replaced (`change-me`, `changethis`,
`ChangeMeChangeMe`, `your_key_here`, `<token>`, `xxx`, `***`, `__UNSET__`, `fakefake...`, `...-not-a-real-secret`,
AWS's documented `...EXAMPLE` keys), alembic's template URL (`driver://user:pass@localhost/dbname`), a server's own
default on the local machine (`amqp://guest:guest@localhost`), a value that cannot be a credential (empty, a
boolean, a path, a file name), and names that say the value is public (`PUBLIC_KEY`, a frontend's build-time
`VITE_...`, `NEXT_PUBLIC_...`, `REACT_APP_...`, compiled into the pages every visitor downloads) or published
(`..._FINGERPRINT`, `..._CHECKSUM`: a key's fingerprint, published to verify downloads), points
elsewhere (`..._FILE`, `..._PATH`, `..._URL` without a password) or counts something (`MAX_INPUT_TOKENS`,
`TOKENS_PER_UNIT`). A trap handled: `${DB_PASSWORD:-surfsense}` reads a variable but keeps a password for when it
is unset; the default is judged. `looks_generated` is gitleaks' generic test (length, entropy, more than letters),
for places where fixtures are the norm.

A `Secret` carries the span of the value in the text it was found in, so a fixer can replace it, and a reason that
quotes nothing: no report built from it can print the value.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator

from msgspec import Struct

from ..lazy_pattern import lazy_pattern
from . import anchored

# BuildKit's getSecretsRegex (frontend/dockerfile/dockerfile2llb/convert.go), with pwd and pass added, as hadolint's
# DL3064 list has them: a name token among these, bounded by `_`, `-`, `.` or the ends.
_SECRET_NAME = re.compile(
    r"(?i)(?:^|[_.-])(?:api_?key|apikey|auth|credentials?|key|passwords?|passwd|pword|pwd|pass|secrets?|tokens?|"
    r"private_?key|access_?key|secret_?key|dsn)(?:$|[_.-])"
)


# A token of the name that says the value is not the secret itself; compiled on first use (2.6 ms), when a
# name already looks like a credential's.
_not_secret_name = lazy_pattern(
    r"(?i)(?:^|[_.-])(?:public|file|path|dir|url|uri|host|port|user(?:name)?|name|id|type|length|len|expire[sd]?|"
    r"expiry|ttl|timeout|minutes|seconds|hours|days|algorithm|alg|prefix|header|enabled?|disabled?|required|"
    r"mode|method|backend|provider|version|env|region|endpoint|count|size|max|min|rounds|limit|ratelimit|rate|"
    r"hash|scheme|arns?|ids|names|ref|field|format|location|store|bucket|scopes?|audience|issuer|kind|threshold|"
    r"units?|per|budget|quota|window|ratio|percent|cost|price|factor|multiplier|capacity|batch|strategy|time|"
    r"fingerprint|fpr|thumbprint|checksum|score|strength|lifetime)"
    r"(?:$|[_.-])"
)


# `MAX_INPUT_TOKENS`, `TOKENS_PER_MINUTE`: a language model's tokens, counted
_TOKEN_COUNT = re.compile(
    r"(?i)(?:^|[_.-])(?:max|min|input|output|context|completion|prompt|total|num)[_.-](?:\w+[_.-])?tokens?$|(?:^|[_.-])tokens?[_.-]per[_.-]"
)
# `CACHE_KEY`, `SORT_KEY`, `PRIMARY_KEY`: the word before KEY says it is no credential.
_NOT_SECRET_KEY = re.compile(
    r"(?i)(?:^|[_.-])(?:cache|sort|primary|partition|foreign|routing|lookup|idempotency|object|hot|group|dedup)"
    r"[_.-]?keys?$"
)
_PUBLIC_NAME = re.compile(r"(?i)(?:^|[_.-])(?:public|publishable)(?:$|[_.-])")
# A frontend's build-time variables: the bundler compiles them into the JavaScript every visitor downloads (Vite,
# Create React App, Next.js, Nuxt, Expo, Gatsby, Vue CLI, SvelteKit and Astro's `PUBLIC_`), so they are public by
# construction. A token in one is still found by its value.
_PUBLIC_BUILD = re.compile(r"(?i)^(?:VITE|REACT_APP|NEXT_PUBLIC|NUXT_PUBLIC|EXPO_PUBLIC|GATSBY|VUE_APP|PUBLIC)_")

# Values that ask to be replaced. Lower-cased, separators folded to nothing before the comparison.
_PLACEHOLDER_WORDS = {
    "changeme", "changethis", "changeit", "changemeplease", "replaceme", "replacethis", "setme", "fillme",
    "yourpassword", "yoursecret", "yourkey", "yourtoken", "yourapikey", "yourkeyhere", "yourtokenhere",
    "yoursecrethere", "yourpasswordhere", "yourapikeyhere", "secrethere", "passwordhere", "tokenhere", "keyhere",
    "placeholder", "example", "examplepassword", "examplesecret", "examplekey", "exampletoken", "dummy", "todo",
    "fixme", "tbd", "redacted", "notset", "unset", "none", "null", "nil", "undefined", "empty", "xxx", "secretkey",
    "insertkeyhere", "insertyourkeyhere", "generateme", "generated", "mustbechanged",
}  # fmt: skip
# Words that make a whole value a placeholder wherever they appear in it (`ChangeMeChangeMe`, `fakefakefake`,
# `not-a-real-secret`), as gitleaks' stopwords and users' allowlists have them.
_PLACEHOLDER_INSIDE = re.compile(
    r"changeme|changethis|replaceme|fake|notareal|notreal|dummy|yourkey|yoursecret|example|"
    r"test(?:api)?(?:key|token|secret|password|pwd)|notforprod|donotuse|(?:ci|test|dev|local)only"
)


# Values shaped like a placeholder; compiled on first use (1 ms): many runs judge no value.
_placeholder_shapes = lazy_pattern(
    r"""(?ix)^(?:
        <[^<>]*>                       # <token>, <your-password>
      | \[[^\[\]]*\]                   # [password]
      | [x*.\-_#?]{3,}                 # xxx, ***, ..., ---
      | (?:change|replace|set|fill|insert|generate|put|add|enter|update)[-_ ]?(?:me|this|it|here)\b.*
      | your[-_ ].*                    # your_key_here, your-secret
      | .*[-_ ](?:here|placeholder)$   # secret-key-here
      | (?:sk|pk)[-_](?:test|live)[-_]x+   # sk_test_xxx
      | (.)\1{2,}                      # 0000000000, aaaa: one repeated character (gitleaks skips these too)
      | .*\b(?:replace|replace[-_ ]?me|change[-_ ]?(?:me|this|it)|placeholder|fill[-_ ]?in|redacted)\b.*
                                       # *** REPLACE ***, <<change me>>
      | ![A-Za-z]+(?:\s.*)?              # a YAML tag (!reset null): the loader's, not a value
    )$"""
)


# Interpolations and references: the value is read from elsewhere when the file is used.
_REFERENCE = re.compile(
    r"""(?x)
      \$\{[^}]*\}                      # ${VAR}, ${VAR:-x}: compose, shell (the default is judged apart)
    | \$[A-Za-z_][A-Za-z0-9_]*         # $VAR
    | \{\{.*?\}\}                      # {{ jinja }}, ${{ secrets.X }}
    | \{%.*?%\}                        # {% jinja %}
    | %\([A-Za-z_][A-Za-z0-9_]*\)s     # %(here)s: configparser
    | ^!(?:vault|secret|env)\b         # ansible-style tags
    """
)
_NOT_CREDENTIAL = re.compile(
    r"""(?ix)^(?:
        true|false|yes|no|on|off           # booleans
      | /[^\s]*                            # an absolute path (/run/secrets/db_password)
      | \./[^\s]*|\.\./[^\s]*|~/[^\s]*     # a relative path
      | [\w./-]+\.(?:json|pem|key|crt|cer|p12|pfx|jks|ya?ml|toml|ini|txt)   # a file holding the secret, named
    )$"""
)

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://\S*$")

# Known token formats, by value, whatever the key (gitleaks' provider rules; the same shapes the driver redacts).
_TOKENS = (
    ("a GitHub token", r"\bgh[pousr]_[A-Za-z0-9]{30,}\b"),
    ("a GitHub token", r"\bgithub_pat_[A-Za-z0-9_]{40,}\b"),
    ("a GitLab token", r"\bglpat-[A-Za-z0-9_-]{20,}\b"),
    ("a PyPI token", r"\bpypi-AgE[A-Za-z0-9_-]{40,}"),
    ("an npm token", r"\bnpm_[A-Za-z0-9]{36}\b"),
    ("a Slack token", r"\bxox[abposr]-[A-Za-z0-9-]{10,}"),
    ("an AWS access key id", r"\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b"),
    ("an OpenAI key", r"\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{32,}"),
    ("an Anthropic key", r"\bsk-ant-[A-Za-z0-9_-]{32,}"),
    ("a Stripe secret key", r"\b[rs]k_live_[A-Za-z0-9]{20,}"),
    ("a Google API key", r"\bAIza[0-9A-Za-z_-]{35}\b"),
    ("a private key", r"-----BEGIN (?:[A-Z]+ )?PRIVATE KEY(?: BLOCK)?-----"),
)


# The known token formats as one pattern; compiled on first use (1 ms), where a token's literal lead occurs.
_token = lazy_pattern("|".join(f"(?P<t{i}>{pattern})" for i, (_, pattern) in enumerate(_TOKENS)))


# the literal each token above starts with (where its branch starts): text holding none of them holds no token
_TOKEN_LEADS = (
    "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "glpat-", "pypi-AgE", "npm_", "xoxa-", "xoxb-", "xoxp-",
    "xoxo-", "xoxs-", "xoxr-", "AKIA", "ASIA", "ABIA", "ACCA", "sk-", "sk_live_", "rk_live_", "AIza", "-----BEGIN ",
)  # fmt: skip
# scheme://user:password@host: the password's span is group "password"
_URL_PASSWORD = re.compile(
    r"(?P<scheme>\b[A-Za-z][A-Za-z0-9+.-]*://)(?P<user>[^\s/@:'\"]*):(?P<password>[^\s/@'\"]+)@(?P<host>[^\s/'\"]*)"
)
# `${VAR:-default}` / `${VAR-default}`: the default is what the file holds when the variable is unset
_DEFAULTED = re.compile(r"^\$\{(?P<var>[A-Za-z_][A-Za-z0-9_]*):?-(?P<default>[^}]*)\}$")
_GENERATED_ENTROPY = 3.5
# alembic's alembic.ini.mako and SQLAlchemy's documentation use these: no secret
_LOCAL_HOST = re.compile(r"(?:localhost|127\.0\.0\.1|\[::1\])(?::\d+)?(?:/|$)")
_TEMPLATE_CREDENTIALS = {("user", "pass"), ("user", "password"), ("username", "password"), ("scott", "tiger")}


class Secret(Struct, frozen=True):
    """A hard-coded secret: where its value is (`start`, `end` in the text given), what it is, why it counts.
    `reason` and `kind` never quote the value."""

    start: int
    end: int
    kind: str  # "a password-named value", "a GitHub token", "a password in a URL", ...
    name: str = ""  # the key or variable it is assigned to, when there is one


def secret_name(name: str) -> bool:
    """Whether a key or variable name says it holds a credential (`POSTGRES_PASSWORD`, `SECRET_KEY`, `API_TOKEN`),
    and not a public value or a pointer to one (`NEXT_PUBLIC_KEY`, `PASSWORD_FILE`, `TOKEN_EXPIRE_MINUTES`)."""
    if not _SECRET_NAME.search(name) or _PUBLIC_NAME.search(name) or frontend_public(name):
        return False
    # `DB_PASSWORD_FILE`, `JWT_SECRET_ALGORITHM`, `GPG_KEY_FINGERPRINT`: the last word decides what the value is
    last = re.split(r"[_.-]", name.strip("_.-"))[-1]
    return not (_not_secret_name().search(last) or _NOT_SECRET_KEY.search(name) or _TOKEN_COUNT.search(name))


def frontend_public(name: str) -> bool:
    """Whether a name is a frontend's build-time variable (`VITE_API_URL`, `NEXT_PUBLIC_KEY`, `REACT_APP_...`): the
    bundler compiles its value into pages every visitor downloads, so it is public by construction."""
    return bool(_PUBLIC_BUILD.match(name))


def is_reference(value: str) -> bool:
    """Whether the value is read from elsewhere when the file is used (an interpolation, a template, a secret
    store): `${DB_PASSWORD}`, `{{ vault_password }}`, `${{ secrets.TOKEN }}`, `%(here)s`."""
    return bool(_REFERENCE.search(value))


def is_placeholder(value: str) -> bool:
    """Whether the value asks to be replaced rather than being one (`change-me`, `changethis`, `your_key_here`,
    `<token>`, `xxx`), or cannot be a credential at all (empty, a boolean, a path, a URL without a password).
    A number can be a password (`MYSQL_ROOT_PASSWORD: 123456`): the name decides there."""
    stripped = value.strip().strip("\"'").strip()
    if not stripped:
        return True
    folded = re.sub(r"[\s_.\-]", "", stripped.lower())
    if folded in _PLACEHOLDER_WORDS or _PLACEHOLDER_INSIDE.search(folded):
        return True
    if _URL.match(stripped):
        return url_password(stripped) is None  # a URL is a secret only by the password in it
    return bool(_placeholder_shapes().match(stripped) or _NOT_CREDENTIAL.match(stripped))


def assigned(name: str, value: str, offset: int = 0) -> Secret | None:
    """The secret in `name = value` (a compose `environment:` entry, a Dockerfile `ENV`, an env-file line, a
    settings default), or None. `offset` is where `value` starts in the caller's text. By value first (a token or a
    URL password whatever the name), then by name (a credential-named key with a literal value)."""
    found = in_text(value, offset)
    if found:
        return Secret(found[0].start, found[0].end, found[0].kind, name)
    lead = len(value) - len(value.lstrip())
    core = value.strip()
    if len(core) >= 2 and core[0] == core[-1] and core[0] in "\"'":  # quotes are syntax, not the secret
        core, lead = core[1:-1], lead + 1
    default = _DEFAULTED.match(core)
    if default:  # `${DB_PASSWORD:-surfsense}` reads a variable, and keeps a password for when it is unset
        word = default.group("default")
        if (secret_name(name) or secret_name(default.group("var"))) and not (
            is_reference(word) or is_placeholder(word)
        ):
            start = offset + lead + default.start("default")
            return Secret(start, start + len(word), "a credential default of an interpolation", name)
        return None
    if not secret_name(name) or is_reference(core) or is_placeholder(core):
        return None
    return Secret(offset + lead, offset + lead + len(core), "a credential-named value", name)


def looks_generated(value: str, length: int = 10) -> bool:
    """Whether a value looks machine-made, as gitleaks' generic rule judges it: at least `length` characters (10, as
    gitleaks has it), one line, an entropy of 3.5 bits a character or more, and more than letters (`postgres`,
    `hunter2hunter2` and `minioadmin123` do not; `OGU6P2TNUEwxekD0OHe7` does). Where fixtures are the norm (a CI
    service's database), a credential-named value counts only when it looks generated."""
    core = value.strip().strip("\"'")
    if len(core) < length or "\n" in core or re.fullmatch(r"[A-Za-z_.-]+", core) or is_placeholder(core):
        return False
    counts = Counter(core)
    entropy = -sum(n / len(core) * math.log2(n / len(core)) for n in counts.values())
    return entropy >= _GENERATED_ENTROPY


def in_text(text: str, offset: int = 0) -> list[Secret]:
    """Every known-format token and every real password in a URL in `text`, in order. Fast on text holding none:
    the regular expressions run only where a token's literal prefix or `://` occurs (a 4,000-file tree's Python
    files in 0.1 s instead of 5)."""
    found = []
    # tried only where a token's leading literal is: the one pattern's dozen branches at every character of a large
    # file cost more than everything else read from it
    for m in anchored.finditer(_token(), text, _TOKEN_LEADS):
        if "EXAMPLE" not in m.group(0):  # AWS's documented keys (AKIAIOSFODNN7EXAMPLE), as gitleaks allows them
            found.append(Secret(offset + m.start(), offset + m.end(), _TOKENS[int(m.lastgroup[1:])][0]))  # type: ignore[index]
    if "://" not in text or "@" not in text:
        return found
    for match in _url_matches(text):
        span = url_password(match.group(0))
        if span:
            base = offset + match.start()
            found.append(Secret(base + span[0], base + span[1], "a password in a URL"))
    return sorted(found, key=lambda s: s.start)


def _url_matches(text: str) -> Iterator[re.Match[str]]:
    """`_URL_PASSWORD.finditer(text)`, run only over the lines holding `://` (no match crosses a line: none holds
    whitespace): the scheme's `\\b[A-Za-z]...` alone is tried at every character of a large file otherwise."""
    end = 0
    at = text.find("://")
    while at >= 0:
        if at >= end:
            start = text.rfind("\n", 0, at) + 1
            end = text.find("\n", at)
            end = len(text) if end < 0 else end
            yield from _URL_PASSWORD.finditer(text, start, end)
        at = text.find("://", at + 3)


def url_password(url: str) -> tuple[int, int] | None:
    """The span of a real password in a URL (`postgresql://app:s3cret@db/app`), or None: no password, an
    interpolated one (`${DB_PASSWORD}`), a placeholder, or a documentation template (`user:pass`)."""
    match = _URL_PASSWORD.search(url)
    if not match:
        return None
    user, password = match.group("user"), match.group("password")
    if (user.lower(), password.lower()) in _TEMPLATE_CREDENTIALS:
        return None
    if user == password and _LOCAL_HOST.match(match.group("host")):  # a server's own default (guest:guest@localhost)
        return None
    if is_reference(password) or is_placeholder(password) or is_reference(user):
        return None
    return match.start("password"), match.end("password")


__all__ = [
    "Secret",
    "assigned",
    "frontend_public",
    "in_text",
    "is_placeholder",
    "is_reference",
    "looks_generated",
    "secret_name",
    "url_password",
]
