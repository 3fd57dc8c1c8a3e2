"""`--format sarif`: SARIF 2.1.0 as GitHub code scanning ingests it.

What code scanning needs to keep alerts stable across uploads: a `ruleId` that never changes (the rule code), rule
metadata with help text and a URL, paths relative to the checkout, and `partialFingerprints` that do not move when
unrelated lines do (ours hash the rule, the path and the message, not the line). A result's region makes GitHub
show the source lines around it, so a rule about a token or secret gets a file-level location only, and so does
every other result in a file where such a rule reports (a digest finding on line 1 would show the password on line
2); no result ever carries a snippet of a file.
"""

from __future__ import annotations

import hashlib
import json
import urllib.parse
from collections import Counter
from collections.abc import Iterable, Mapping

from infra_fix_fixers import Failed, Rule, Severity, Skipped

from . import report
from .inert import raw_bytes
from .links import HOME, rule_url, tiers
from .redact import redact

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT_KEY = "infraFix/v1"
ERROR_RULE = "infra-fix-error"  # a file that could not be read or parsed
_SECRET_WORDS = ("token", "secret", "password", "credential", "private key")


def render(entries: Iterable[report.Entry], rules: Mapping[str, Rule], version: str) -> str:
    used: dict[str, int] = {}
    descriptors: list[dict[str, object]] = []
    results: list[dict[str, object]] = []
    seen: Counter[str] = Counter()
    entries = list(entries)
    secret_files = {
        entry.shown
        for entry in entries
        if not isinstance(entry.item, (Failed, Skipped)) and _may_point_at_secret(rules.get(entry.item.code))
    }

    def index(code: str) -> int:
        if code not in used:
            used[code] = len(descriptors)
            rule = rules.get(code)
            descriptors.append(_descriptor(rule) if rule else _error_descriptor())
        return used[code]

    for entry in entries:
        item = entry.item
        if isinstance(item, Skipped):
            continue  # left alone on purpose (excluded, ignored by git, generated): not a result
        properties: dict[str, object] = {}
        if isinstance(item, Failed):
            code, level, text, line = ERROR_RULE, "error", item.error.message, item.error.line
            hides_region = False
        else:
            properties = {"kind": item.kind, "status": report.status(item)}
            if item.adoption is not None:
                properties |= {"adoption": item.adoption.name, "adoptionPart": item.adoption.part}
            rule = rules.get(item.code)
            code, text, line = item.code, f"{item.message} [{report.status(item)}]", item.line
            level = "error" if item.severity is Severity.ERROR else "warning"
            hides_region = entry.shown in secret_files or _may_point_at_secret(rule)
        key = _fingerprint(code, entry.shown, text)
        seen[key] += 1
        location: dict[str, object] = {"artifactLocation": {"uri": uri(entry.shown), "uriBaseId": "%SRCROOT%"}}
        if not hides_region:
            location["region"] = {"startLine": line or 1}
        result: dict[str, object] = {
            "ruleId": code,
            "ruleIndex": index(code),
            "level": level,
            "message": {"text": text},
            "locations": [{"physicalLocation": location}],
            # a second identical finding in one file gets its own, equally stable, fingerprint
            "partialFingerprints": {FINGERPRINT_KEY: f"{key}:{seen[key]}"},
        }
        if properties:  # repairs and adoptions told apart (`kind`), as in every report
            result["properties"] = properties
        if not isinstance(item, Failed) and item.suppressed is not None:  # an `infra-fix: ignore[...]` comment
            why = {"justification": redact(item.suppressed)} if item.suppressed else {}
            result["suppressions"] = [{"kind": "inSource", **why}]
        results.append(result)
    driver = {"name": "infra-fix", "informationUri": HOME, "version": version or "0", "rules": descriptors}
    run = {"tool": {"driver": driver}, "results": results, "columnKind": "unicodeCodePoints"}
    return json.dumps({"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}, indent=2) + "\n"


def uri(path: str) -> str:
    """A relative path as a URI reference (RFC 3986): every byte but the unreserved ones and `/` percent-encoded,
    so `c#d.yml`, `g%41h.yml`, `a b.yml`, `x:y.yml` or a name that is not UTF-8 name that file and no other."""
    return urllib.parse.quote(raw_bytes(path), safe="/")


def _descriptor(rule: Rule) -> dict[str, object]:
    help_text = f"{rule.rationale}\n\nFix ({tiers(rule)}): {rule.fix or 'reported only; never edited.'}"
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.rationale},
        "help": {"text": help_text, "markdown": help_text + f"\n\n[Documentation]({rule_url(rule)})"},
        "helpUri": rule_url(rule),
        "defaultConfiguration": {"level": "error" if rule.severity is Severity.ERROR else "warning"},
        "properties": {"tags": ["infrastructure", *(t.value for t in rule.possible_tiers)]},
    }


def _error_descriptor() -> dict[str, object]:
    text = "A file infra-fix needs could not be read or parsed; it was left unchanged."
    return {
        "id": ERROR_RULE,
        "name": "unreadable-file",
        "shortDescription": {"text": text},
        "help": {"text": text},
        "helpUri": HOME,
        "defaultConfiguration": {"level": "error"},
    }


def _may_point_at_secret(rule: Rule | None) -> bool:
    """Whether a rule's findings may be about a credential (an unknown rule may be)."""
    if rule is None:
        return True
    words = f"{rule.name} {rule.summary} {rule.rationale}".lower()
    return any(word in words for word in _SECRET_WORDS)


def _fingerprint(code: str, path: str, message: str) -> str:
    return hashlib.sha256(f"{code}\0{path}\0{message}".encode("utf-8", "surrogateescape")).hexdigest()[:32]
