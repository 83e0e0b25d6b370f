"""API tokens and cloud credentials with well-known prefixes and lengths (as gitleaks does).

AWS access key IDs (AKIA…/ASIA…) and secret keys after ``aws_secret_access_key``, GitHub
(ghp_/gho_/ghu_/ghs_/ghr_, github_pat_), GitLab (glpat-), Slack tokens (xoxb-/xoxp-/…) and
webhooks, Google API keys (AIza…), Stripe live keys (sk_live_/rk_live_), OpenAI and
Anthropic keys, npm and PyPI tokens, SendGrid, Telegram bot tokens, Alibaba Cloud (LTAI…) and
Tencent Cloud (AKID…) access keys: strong. JSON Web Tokens only warn (usually short-lived
session tokens, often samples). Obvious stand-ins never count: AKIAIOSFODNN7EXAMPLE, xxxx,
<token>, a run of one character, an alphabet or digit sequence, too few distinct symbols.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterator

from mkdocs_threatpub.core.i18n import t
from mkdocs_threatpub.core.lazy import lazy_re2
from mkdocs_threatpub.scanners.base import Hit, hit
from mkdocs_threatpub.scanners.detectors._common import looks_placeholder
from mkdocs_threatpub.scanners.detectors._personal import MAX_CANDIDATES, MAX_HITS
from mkdocs_threatpub.scanners.document import Document

# (literals one of which every match contains, pattern, what)
_TOKENS = [
    (
        ("AKIA", "ASIA", "ABIA", "ACCA", "A3T"),
        lazy_re2(r"(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}"),
        t("AWS access key ID", "AWS 访问密钥 ID"),
    ),
    (
        ("ecret", "ECRET"),
        lazy_re2(
            r"(?i)aws_?secret_?(?:access_?)?key[\"']?\s{0,5}[:=]\s{0,5}[\"']?[A-Za-z0-9/+]{40}"
        ),
        t("AWS secret access key", "AWS 秘密访问密钥"),
    ),
    (
        ("ghp_", "gho_", "ghu_", "ghs_", "ghr_"),
        lazy_re2(r"gh[pousr]_[A-Za-z0-9]{36}"),
        t("GitHub token", "GitHub 令牌"),
    ),
    (
        ("github_pat_",),
        lazy_re2(r"github_pat_[A-Za-z0-9_]{82}"),
        t("GitHub fine-grained personal access token", "GitHub 细粒度个人访问令牌"),
    ),
    (
        ("glpat-",),
        lazy_re2(r"glpat-[A-Za-z0-9_-]{20}"),
        t("GitLab personal access token", "GitLab 个人访问令牌"),
    ),
    (
        ("xox",),
        lazy_re2(r"xox[abposr]-[0-9]{8,13}-[0-9A-Za-z-]{8,200}"),
        t("Slack token", "Slack 令牌"),
    ),
    (
        ("hooks.slack.com",),
        lazy_re2(
            r"hooks\.slack\.com/(?:services|workflows)/T[A-Z0-9]{8,12}/[AB][A-Z0-9]{8,12}/[A-Za-z0-9]{20,30}"
        ),
        t("Slack webhook URL", "Slack Webhook 地址"),
    ),
    (("AIza",), lazy_re2(r"AIza[0-9A-Za-z_-]{35}"), t("Google API key", "Google API 密钥")),
    (
        ("_live_",),
        lazy_re2(r"(?:sk|rk)_live_[0-9A-Za-z]{24,99}"),
        t("Stripe live secret key", "Stripe 生产环境密钥"),
    ),
    (
        ("T3BlbkFJ",),
        lazy_re2(
            r"sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,200}T3BlbkFJ[A-Za-z0-9_-]{20,200}"
        ),
        t("OpenAI API key", "OpenAI API 密钥"),
    ),
    (
        ("sk-ant-",),
        lazy_re2(r"sk-ant-(?:api03|admin01)-[A-Za-z0-9_-]{80,100}"),
        t("Anthropic API key", "Anthropic API 密钥"),
    ),
    (("npm_",), lazy_re2(r"npm_[A-Za-z0-9]{36}"), t("npm access token", "npm 访问令牌")),
    (
        ("pypi-AgEIcHlwaS5vcmc",),
        lazy_re2(r"pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,1000}"),
        t("PyPI API token", "PyPI API 令牌"),
    ),
    (
        ("SG.",),
        lazy_re2(r"SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}"),
        t("SendGrid API key", "SendGrid API 密钥"),
    ),
    (
        (":AA",),
        lazy_re2(r"[0-9]{8,10}:AA[0-9A-Za-z_-]{33}"),
        t("Telegram bot token", "Telegram 机器人令牌"),
    ),
    (
        ("LTAI",),
        lazy_re2(r"LTAI[A-Za-z0-9]{12,20}"),
        t("Alibaba Cloud AccessKey ID", "阿里云 AccessKey ID"),
    ),
    (("AKID",), lazy_re2(r"AKID[A-Za-z0-9]{32}"), t("Tencent Cloud SecretId", "腾讯云 SecretId")),
]
_JWT_WHAT = t("JSON Web Token", "JSON Web 令牌（JWT）")
_JWT = lazy_re2(r"eyJ[A-Za-z0-9_-]{10,1000}\.eyJ[A-Za-z0-9_-]{10,1000}\.[A-Za-z0-9_-]{20,1000}")
_PREFIXES = lazy_re2(
    r"akia|asia|abia|acca|a3t|secret|gh[pousr]_|github_pat_|glpat-|xox|hooks\.slack\.com|aiza|"
    r"_live_|t3blbkfj|sk-ant-|npm_|pypi-|sg\.|:aa|ltai|akid|eyj"
)
_TOKEN_CHARS = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_STAND_INS = ("john doe", "1234567890", "example", "your-", "dummy")
# Example values printed in the providers' own documentation.
DOCUMENTED_EXAMPLES = frozenset(
    {
        "ghp_16C7e42F292c6912E7710c838347Ae178B4a",
        "xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy",
        "AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe",
    }
)


def stand_in(value: str) -> bool:
    """An obvious placeholder rather than a real credential."""
    if looks_placeholder(value) or value in DOCUMENTED_EXAMPLES:
        return True
    body = value[-min(len(value), 36) :]
    if len(set(body)) < min(10, len(body) // 2):
        return True
    run = steps = 0
    for index in range(1, len(body)):
        run = run + 1 if body[index] == body[index - 1] else 0
        if run >= 5:
            return True
        steps += ord(body[index]) - ord(body[index - 1]) == 1
    return steps > len(body) // 2


def _jwt_sample(token: str) -> bool:
    payload = token.split(".")[1]
    try:
        text = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)).decode(
            "utf-8", "replace"
        )
    except (binascii.Error, ValueError):
        return True
    lowered = text.lower()
    return any(marker in lowered for marker in _STAND_INS)


class ApiToken:
    name = "api-token"
    rule = "CAC404"
    # Many prefixes: one RE2 pass over the page (_PREFIXES) is cheaper than a keyword each.
    keywords: tuple[str, ...] = ()

    def scan(self, doc: Document) -> Iterator[Hit]:
        if not _PREFIXES.search(doc.lowered):
            return
        seen: set[str] = set()
        budget = MAX_CANDIDATES
        for view in doc.views:
            text = view.text
            for literals, pattern, what in _TOKENS:
                if not any(literal in text for literal in literals):
                    continue  # a plain substring test is far cheaper than a regex pass
                for match in pattern.finditer(text):
                    budget -= 1
                    if budget < 0:
                        return
                    value = match.group(0)
                    start, end = match.start(), match.end()
                    before = text[start - 1] if start else ""
                    after = text[end] if end < len(text) else ""
                    if before in _TOKEN_CHARS or (after and after in _TOKEN_CHARS):
                        continue
                    if value in seen or stand_in(value):
                        continue
                    seen.add(value)
                    yield hit(self, view, start, what, value)
                    if len(seen) >= MAX_HITS:
                        return
            for match in _JWT.finditer(text) if "eyJ" in text else ():
                budget -= 1
                if budget < 0:
                    return
                value = match.group(0)
                if value in seen or _jwt_sample(value) or stand_in(value.rsplit(".", 1)[-1]):
                    continue
                seen.add(value)
                yield hit(self, view, match.start(), _JWT_WHAT, value, strong=False)


DETECTOR = ApiToken()
