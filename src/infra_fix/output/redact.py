"""The last line of defence against printing a secret: every message the renderers print passes through here.

Messages should never quote file content that could be a secret (the driver's own never do), but a parser's error
may echo the token it choked on (an unquoted value in renovate.json), and reports end up in public pull-request
annotations. Conservative on purpose: only shapes that are secrets by construction (provider token prefixes with
their lengths, AWS key ids, PEM private key headers, the password of a URL), so that ordinary messages (rule codes,
versions, paths) are never mangled. The patch is not passed through: its lines must stay exact for `git apply`.
"""

from __future__ import annotations

import re

_SHAPES = (
    ("github-token", r"\bgh[pousr]_[A-Za-z0-9]{20,}"),
    ("github-token", r"\bgithub_pat_[A-Za-z0-9_]{20,}"),
    ("gitlab-token", r"\bglpat-[A-Za-z0-9_-]{20,}"),
    ("pypi-token", r"\bpypi-AgE[A-Za-z0-9_-]{20,}"),
    ("npm-token", r"\bnpm_[A-Za-z0-9]{36}\b"),
    ("slack-token", r"\bxox[abposr]-[A-Za-z0-9-]{10,}"),
    ("aws-access-key-id", r"\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b"),
    ("aws-secret-access-key", r"(?i:aws_secret_access_key)[\"']?\s*[:=]\s*[\"']?[A-Za-z0-9/+=]{40}"),
    ("private-key", r"-----BEGIN [A-Z ]*PRIVATE KEY-----"),
)
_TOKEN = re.compile("|".join(f"(?P<k{i}>{pattern})" for i, (_, pattern) in enumerate(_SHAPES)))
# userinfo with a password: scheme://user:password@host (also a token as the user name: x-access-token:TOKEN@)
_URL_CREDENTIALS = re.compile(r"(?P<scheme>\b[A-Za-z][A-Za-z0-9+.-]*://)[^\s/@:]*:[^\s/@]*@")


def redact(text: str) -> str:
    """`text` with every secret-shaped value replaced by the kind of secret it looked like."""
    text = _URL_CREDENTIALS.sub(r"\g<scheme>[redacted credentials]@", text)
    return _TOKEN.sub(_label, text)


def _label(match: re.Match[str]) -> str:
    kind = _SHAPES[int(next(k for k, v in match.groupdict().items() if v is not None)[1:])][0]
    return f"[redacted {kind}]"
