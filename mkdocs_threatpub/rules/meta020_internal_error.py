"""META020 internal-error: a page that cannot be judged fails (fail closed).

The engine and the pipeline notice it (a rule raised, or a page went past a size or time
limit) and call :func:`cannot_judge`, which words the finding.
"""

from __future__ import annotations

import traceback

from mkdocs_threatpub.core.findings import Action, Finding
from mkdocs_threatpub.core.i18n import t, zh
from mkdocs_threatpub.core.limits import LimitExceeded
from mkdocs_threatpub.core.rule import Rule, RuleDoc, Scope

__all__ = ["RULE", "cannot_judge", "configuration_unusable"]


def cannot_judge(exc: BaseException, where: str) -> Finding:
    """The finding for a page that could not be judged: ``exc`` was raised by the rule
    ``where`` (a code), or by ``engine``; a :class:`LimitExceeded` says which limit."""
    if isinstance(exc, LimitExceeded):
        return _over_limit(exc)
    return _internal_error(where, exc)


def configuration_unusable(what: str, problems: list[str]) -> Finding:
    """Under ``mkdocs serve``, where a configuration file (``what``) that cannot be used must
    not stop the server: every page fails, and says why, until the file is fixed."""
    first = problems[0] if problems else ""
    return Finding(
        "META020",
        1,
        t(
            f"{what} cannot be used ({len(problems)} problem(s), listed in the log), so no "
            "page can be judged until it is fixed",
            f"{zh(what)}无法使用（{len(problems)} 个问题，已在日志中列出），"
            "修正之前任何页面都无法判定",
        ),
        expected=t(f"{what} that can be read", f"可读取的{zh(what)}"),
        found=first or t("a file that cannot be used", "无法使用的文件"),
        fix=t(
            f"correct {what} (the first problem: {first}); the preview rebuilds when you save it",
            f"修正{zh(what)}（第一个问题：{first}）；保存后预览会自动重建",
        ),
    )


def _over_limit(exc: LimitExceeded) -> Finding:
    return Finding(
        "META020",
        1,
        t(
            f"{exc.what}; the page cannot be judged and is not published",
            f"{zh(exc.what)}；无法判定本页，本页不予发布",
        ),
        expected=t(
            f"a page within the limit ({exc.limit})",
            f"页面未超出限制（{zh(exc.limit)}）",
        ),
        found=exc.what,
        fix=exc.fix,
    )


def _internal_error(rule_code: str, exc: BaseException) -> Finding:
    """Where the engine failed, without the exception text (it may quote content)."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "mkdocs_threatpub" in f.filename] or frames
    place = f"{ours[-1].filename.rsplit('/', 1)[-1]}:{ours[-1].lineno}" if ours else ""
    where = f" at {place}" if place else ""
    where_zh = f"（位置 {place}）" if place else ""
    error = type(exc).__name__
    return Finding(
        "META020",
        1,
        t(
            f"rule {rule_code} raised {error}{where}; the page cannot be judged "
            "and is not published",
            f"规则 {rule_code} 出错：{error}{where_zh}；无法判定本页，本页不予发布",
        ),
        expected=t("the rule to finish", "规则正常运行完毕"),
        found=t(f"{error}{where}", f"异常 {error}{where_zh}"),
        fix=t(
            "report this to the mkdocs-threatpub developers with the page's front matter; "
            "as a stopgap, set the rule to 'off' in mkdocs.yml if it is not a locked rule",
            "请将此问题连同本页的 front matter 报告给 mkdocs-threatpub 开发者；如该规则不是"
            "锁定规则，可临时在 mkdocs.yml 中将其设为 'off'",
        ),
    )


RULE = Rule(
    code="META020",
    name="internal-error",
    source="mkdocs-threatpub engine (fail closed)",
    default_action=Action.FAIL,
    summary=t(
        "The engine raised while judging the page (fail closed).",
        "引擎在判定本页时出错（失败即关闭，页面不发布）。",
    ),
    scope=Scope.ANY,
    locked=True,
    check=None,  # made by cannot_judge, which the engine and the pipeline call
    doc=RuleDoc(
        what=t(
            "Nothing on the page itself: this finding appears when a rule raised an "
            "exception while judging it.",
            "不检查页面本身：当某条规则在判定本页时抛出异常，就会出现此发现项。",
        ),
        why=t(
            "A page that could not be judged is never published unchecked (fail closed).",
            "无法判定的页面绝不会未经检查就发布（失败即关闭）。",
        ),
        source=t(
            "mkdocs-threatpub: a page that cannot be read or judged is never published unchecked "
            "(it fails closed).",
            "mkdocs-threatpub 的承诺：无法读取或判定的页面绝不会未经检查就发布（失败即关闭）。",
        ),
        how=t(
            "Report the rule code and location in the message to the developers. The page "
            "fails until the rule is fixed, or until a non-locked rule is set to `off`.",
            "将消息中的规则代码和出错位置反馈给开发者。在规则修复之前，或在将非锁定规则设为 "
            "`off` 之前，本页将一直判定失败。",
        ),
        example=t(
            "plugins:\n  - threatpub:\n      rules:\n        CAC801: warn   # stopgap only",
            "plugins:\n  - threatpub:\n      rules:\n        CAC801: warn   # 仅作权宜之计",
        ),
    ),
)
