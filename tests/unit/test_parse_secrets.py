"""Parse errors never quote the file (issue 9: an unquoted token in renovate.json was echoed in full, into every
report format, GitHub annotations included). Secret-shaped values are planted at every kind of position each
parser can choke on; each error must still say where, and never what. The driver's redaction of reports is a
second line of defence, tested on its own (tests/integration/test_secrets.py): these errors must not need it."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from infra_fix_fixers import Applicability, Context, Failed, Fixer, Outcome, Rule, Settings, Snapshot, remediate
from infra_fix_fixers.edit.jsonc import JsoncDocument
from infra_fix_fixers.edit.toml import TomlDocument
from infra_fix_fixers.edit.yaml import YamlDocument
from infra_fix_fixers.model import ParseError

# Each secret's `core` is the part no message may contain (a URL's password, a token's random part).
SECRETS = {
    "github": ("ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8", "C3d4E5f6G7"),
    "aws": ("AKIAQWERTYUIOPASDFGH", "QWERTYUIOP"),
    "pypi": ("pypi-AgEIcHlwaS5vcmcCJGI1ZmQ3ZjQ0", "cHlwaS5vcmc"),
    "url-password": ("https://deploy:Xk9pQ2mZ7vLw@example.com/simple", "Xk9pQ2mZ7vLw"),
}

YAML_CASES = {
    "undefined-alias": "password: *{s}\n",
    "unknown-tag": "a: !{s} value\n",
    "unknown-tag-handle": "a: !{s}!x value\n",
    "bad-escape": 'a: "\\q{s}"\n',
    "bad-hex-escape": 'a: "\\x{s}"\n',
    "tab": "a:\n\t{s}: 1\n",
    "reserved-indicator": "a: @{s}\n",
    "duplicate-key": "{s}: 1\n{s}: 2\n",
    "merge-of-a-scalar": "a:\n  <<: {s}\n",
    "mapping-as-key": "? {{{s}: 1}}\n: x\n",
    "verbatim-tag": "a: !<{s}%zz> x\n",
    "block-indicator": "a: |{s}\n  x\n",
    "unclosed-quote": "a: '{s}\n",
    "flow-colon": "a: [{s}: x: y]\n",
}
TOML_CASES = {
    "bare-value": "a = {s}\n",
    "table-twice": '["{s}"]\n["{s}"]\n',
    "key-twice": '"{s}" = 1\n"{s}" = 2\n',
    "inline-key-twice": 'a = {{"{s}" = 1, "{s}" = 2}}\n',
    "immutable-inline-table": 'a = {{"{s}" = 1}}\na."{s}".b = 2\n',
    "bad-escape": 'a = "\\{s}"\n',
    "unclosed-string": 'a = "{s}\n',
}
JSON_CASES = {
    "unquoted-value": '{{"token": {s}}}',
    "unquoted-key": "{{{s}: 1}}",
    "after-the-document": "{{}} {s}",
    "single-quoted": "{{'a': '{s}'}}",
    "unterminated-string": '{{"a": "{s}',
    "bad-escape": '{{"a": "\\{s}"}}',
    "missing-colon": '{{"{s}" 1}}',
    "missing-comma": '{{"a": 1 {s}}}',
    "raw-control-character": '{{"a": "\t{s}"}}',
}
READERS: dict[str, tuple[dict[str, str], list[Callable[[str], object]]]] = {
    "yaml": (YAML_CASES, [YamlDocument]),
    "toml": (TOML_CASES, [TomlDocument]),
    "json": (JSON_CASES, [JsoncDocument, lambda text: JsoncDocument(text, json5=False)]),
}


def _cases() -> list[object]:
    return [
        pytest.param(fmt, case, secret, id=f"{fmt}-{case}-{secret}")
        for fmt, (cases, _) in READERS.items()
        for case in cases
        for secret in SECRETS
    ]


@pytest.mark.parametrize(("fmt", "case", "secret"), _cases())
def test_parse_errors_say_where_not_what(fmt: str, case: str, secret: str) -> None:
    cases, readers = READERS[fmt]
    value, core = SECRETS[secret]
    text = cases[case].format(s=value)
    raised = 0
    for read in readers:
        try:
            read(text)
        except ParseError as err:
            raised += 1
            assert core not in str(err), str(err)
            assert err.location.line is not None
    if secret == "github":  # the control: every case is broken for the plainest token (others may parse)
        assert raised, f"{fmt} {case} parsed"


def test_a_fixers_internal_error_is_scrubbed_too() -> None:
    """The engine's guard reports a fixer's unexpected exception; Python's own messages quote values."""
    token, core = SECRETS["github"]

    def fix(path: str, text: str | None, ctx: Context) -> Outcome:
        int(text or "")  # ValueError: invalid literal for int() with base 10: 'token = ghp_...'
        return Outcome(None, ())

    rule = Rule("ZZ001", "test-rule", "a rule of the tests", "none", Applicability.SAFE)
    fixer = Fixer("crashes", (rule,), ("x.cfg",), lambda ctx: ("x.cfg",), fix)
    result = remediate(Snapshot(files={"x.cfg": f"token = {token}\n", "setup.py": ""}), Settings(), [fixer])
    (failed,) = [r for r in result.files if isinstance(r, Failed)]
    assert "internal error in fixer crashes: ValueError" in failed.error.message
    assert core not in failed.error.message
