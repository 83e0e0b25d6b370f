"""``threatpub ledger verify``: check the audit ledger (Article 9 records) — its hash chain,
its macs when ``THREATPUB_LEDGER_KEY`` is set, and a head a build recorded (``--head``,
``--head-from``)."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

from mkdocs_threatpub.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    UsageError,
    add_config_file,
    add_lang,
    language,
    load_site,
    shown,
)
from mkdocs_threatpub.core.i18n import Text, localize, t, zh
from mkdocs_threatpub.core.ledger import (
    HEAD_PROBLEMS,
    KEY_VARIABLE,
    Head,
    LedgerError,
    Verification,
    check,
    entries,
    key_from,
)
from mkdocs_threatpub.core.ledger import verify as verify_ledger
from mkdocs_threatpub.pipeline.paths import RefusedPath, output_file

__all__ = ["add_commands"]

# A JSON report larger than this is not read for its head.
_MAX_REPORT = 256 << 20


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    ledger = sub.add_parser("ledger", help="the audit ledger of pages kept out (Article 9)")
    ledger_sub = ledger.add_subparsers(dest="ledger_command", metavar="ACTION", required=True)
    verify = ledger_sub.add_parser(
        "verify",
        help="check the ledger's hash chain, its macs and a recorded head",
        description="Check every line's `prev` hash, the macs when THREATPUB_LEDGER_KEY is "
        "set, and (with --head or --head-from) that the ledger ends exactly at the head a "
        "build recorded. Prints 'ledger OK: N entries' and the head (exit 0), or the first "
        "problem with its line, what was found and what was expected (exit 1).",
    )
    verify.add_argument(
        "file",
        nargs="?",
        type=Path,
        metavar="FILE",
        help="ledger file (default: the `ledger` option of mkdocs.yml)",
    )
    add_config_file(verify, "the `ledger` option")
    heads = verify.add_mutually_exclusive_group()
    heads.add_argument(
        "--head",
        metavar="ENTRIES:SHA256",
        help="the head a build recorded (its JSON report's ledger.head, or its log line): "
        "the ledger must have exactly ENTRIES entries, the last one hashing to SHA256",
    )
    heads.add_argument(
        "--head-from",
        type=Path,
        metavar="REPORT",
        help="take the head from a build's JSON report (its `ledger` object)",
    )
    verify.add_argument(
        "--allow-later",
        action="store_true",
        help="accept valid entries appended after the head (later builds)",
    )
    add_lang(verify)
    verify.set_defaults(run=_ledger_verify)


def _say(text: Text, lang: str) -> str:
    return localize(text, lang)


def _ledger_verify(args: argparse.Namespace) -> int:
    path: Path | None = args.file
    site = load_site(args) if path is None or args.config_file is not None else None
    lang = language(args, site.options if site is not None else None)
    option = site.options.ledger if site is not None else None
    if path is None:
        if site is None:
            raise UsageError("give the ledger FILE, or -f mkdocs.yml with a `ledger` option")
        try:
            path = output_file("ledger", site.options.ledger, site.layout)
        except RefusedPath as exc:
            raise UsageError(str(exc)) from None
        if path is None:
            raise UsageError(f"{site.config_file}: the plugin has no `ledger` option")
    head = _head(args, option if args.file is None else None, lang)
    try:
        key = key_from(os.environ)
    except LedgerError as exc:
        raise UsageError(_say(exc.text, lang)) from None
    if not path.is_file():
        if head is None or path.exists():
            raise UsageError(
                _say(
                    t(
                        f"no such ledger file: {path} (expected the file a build appends to)",
                        f"台账文件不存在：{path}（应为构建追加写入的文件）",
                    ),
                    lang,
                )
            )
        # Deleted: against a recorded head, the same finding as an emptied file.
        result = check(b"", key, head, allow_later=args.allow_later)
    else:
        try:
            result = verify_ledger(path, key, head, allow_later=args.allow_later)
        except OSError as exc:
            raise UsageError(f"cannot read {path}: {exc.strerror}") from None
    if not result.ok:
        print(_say(_broken(result, shown(path)), lang))
        return EXIT_FINDINGS
    for line in _verified(result, shown(path), args.allow_later):
        print(_say(line, lang))
    return EXIT_OK


def _head(args: argparse.Namespace, option: str | None, lang: str) -> Head | None:
    """The head of ``--head`` or ``--head-from`` (None without either). With ``-f`` and no
    FILE, a report's head must be of the site's ``ledger`` option (``option``)."""
    if args.head is not None:
        try:
            return Head.parse(args.head)
        except ValueError as exc:
            raise UsageError(f"--head: {_say(exc.args[0], lang)}") from None
    report_file: Path | None = args.head_from
    if report_file is None:
        return None
    try:
        if report_file.stat().st_size > _MAX_REPORT:
            raise ValueError("too large")
        report = json.loads(report_file.read_bytes())
    except OSError as exc:
        raise UsageError(f"--head-from: cannot read {report_file}: {exc.strerror}") from None
    except ValueError:
        report = None
    ledger = report.get("ledger") if isinstance(report, dict) else None
    if not isinstance(ledger, dict) or "head" not in ledger:
        raise UsageError(
            _say(
                t(
                    f"--head-from: expected a build's JSON report with a `ledger` object, but "
                    f"{report_file} has none (was it written by `mkdocs build` with the "
                    "`ledger` option and a .json `report`? `threatpub check` records no "
                    "ledger)",
                    f"--head-from：应为带有 `ledger` 对象的构建 JSON 报告，但 {report_file} 中"
                    "没有（它是否由设置了 `ledger` 选项和 .json `report` 的 `mkdocs build` 写入？"
                    "`threatpub check` 不记录台账）",
                ),
                lang,
            )
        )
    recorded = str(ledger.get("path"))
    if option is not None and recorded != option:
        raise UsageError(
            _say(
                t(
                    f"--head-from: {report_file} records the head of the ledger {recorded!r}, "
                    f"but the site's `ledger` option is {option!r}: give that ledger as FILE, "
                    "or the report of a build of this site",
                    f"--head-from：{report_file} 记录的是台账 {recorded!r} 的台账头，但本站点的 "
                    f"`ledger` 选项为 {option!r}：请将该台账作为 FILE 给出，或使用本站点构建的报告",
                ),
                lang,
            )
        )
    try:
        return Head.parse(str(ledger["head"]))
    except ValueError as exc:
        raise UsageError(f"--head-from: {report_file}: {_say(exc.args[0], lang)}") from None


def _broken(result: Verification, where: str) -> Text:
    assert result.line is not None
    reason = result.reason
    valid = t(f"{result.entries} valid entries before it", f"此前有 {result.entries} 条有效条目")
    if result.problem in HEAD_PROBLEMS:
        valid = t(f"the file's head is {result.head}", f"文件当前的台账头为 {result.head}")
    fix: Text = t(
        "restore the ledger from a backup (or the CI artifact that holds it) and verify again",
        "请从备份（或保存它的 CI 制品）恢复台账后重新核验",
    )
    if result.problem == "later":
        fix = t(
            "if later builds appended these lines, verify against the newest build's head, "
            "or add --allow-later to accept valid lines after the head",
            "如果这些行是之后的构建追加的，请按最新一次构建的台账头核验，或加上 --allow-later "
            "以接受台账头之后的有效行",
        )
    elif result.problem == "mac" and result.keyed:
        fix = t(
            f"check that {KEY_VARIABLE} is the key the ledger was written with; if it is, the "
            "ledger was altered: restore it from a backup",
            f"请确认 {KEY_VARIABLE} 是写入台账时使用的密钥；如果是，则台账已被篡改：请从备份恢复",
        )
    return t(
        f"ledger BROKEN: {where}:{result.line}: {reason} ({valid}). Fix: {fix}.",
        f"台账已损坏：{where}:{result.line}：{zh(reason)}（{zh(valid)}）。修改：{zh(fix)}。",
    )


def _verified(result: Verification, where: str, allow_later: bool) -> list[Text]:
    lines = [
        t(
            f"ledger OK: {entries(result.entries)} ({where})",
            f"台账完好：共 {result.entries} 条（{where}）",
        )
    ]
    head = result.expected
    if head is None:
        lines.append(
            t(
                f"head: {result.head} (not checked against a recorded head: give --head or "
                "--head-from to detect removed or edited last lines)",
                f"台账头：{result.head}（未与记录的台账头核对：给出 --head 或 --head-from 才能"
                "发现被删除或修改的末尾行）",
            )
        )
    elif result.head == head:
        lines.append(
            t(f"head: {result.head} matches the recorded head", f"台账头：{result.head} 与记录一致")
        )
    else:
        later = result.entries - head.entries
        lines.append(
            t(
                f"head: {result.head}; the recorded head {head} is intact, {later} valid "
                f"entries were appended after it (accepted: --allow-later)",
                f"台账头：{result.head}；记录的台账头 {head} 完好，其后追加了 {later} 条有效"
                "条目（已接受：--allow-later）",
            )
        )
    lines.append(_macs(result))
    return lines


def _macs(result: Verification) -> Text:
    if result.macs == 0:
        return t(
            f"macs: none (the ledger was written without {KEY_VARIABLE})",
            f"mac：无（台账写入时未设置 {KEY_VARIABLE}）",
        )
    first = result.first_mac or 1
    earlier = (
        t(
            f"; lines 1–{first - 1} predate the key and are covered by line {first}'s mac "
            "through its prev hash",
            f"；第 1–{first - 1} 行写于设置密钥之前，经由第 {first} 行的 prev 哈希受其 mac 保护",
        )
        if first > 1
        else t("", "")
    )
    if not result.keyed:
        return t(
            f"macs NOT checked: {KEY_VARIABLE} is not set ({result.macs} lines carry a mac, "
            f"from line {first}); set it to the ledger's key to check them",
            f"mac 未核验：未设置 {KEY_VARIABLE}（自第 {first} 行起有 {result.macs} 行带 mac）；"
            "请将其设为台账的密钥以核验",
        )
    return t(
        f"macs: checked with {KEY_VARIABLE}: all {result.macs} lines from line {first} on "
        f"are valid{earlier}",
        f"mac：已用 {KEY_VARIABLE} 核验：自第 {first} 行起的 {result.macs} 行全部有效{zh(earlier)}",
    )
