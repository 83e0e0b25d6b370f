"""CAC500 incident-not-reported: Article 5."""

from __future__ import annotations

from collections.abc import Iterator

from mkdocs_threatpub.core.context import Context
from mkdocs_threatpub.core.findings import Action, Finding
from mkdocs_threatpub.core.i18n import t, zh
from mkdocs_threatpub.core.notifications import Duty
from mkdocs_threatpub.core.page import Page
from mkdocs_threatpub.core.regions import describe
from mkdocs_threatpub.core.rule import Rule, RuleDoc
from mkdocs_threatpub.rules._duties import duty_finding


def check(page: Page, context: Context) -> Iterator[Finding]:
    meta = page.meta
    if meta is None or meta.kind != "incident" or meta.incident is None:
        return
    region = meta.incident.region
    if region is None:
        return  # META004 asks for it
    duty = Duty("public-security", "prefecture", region=region)
    place = describe(region)
    what = t(f"incident in {place}", f"发生于 {zh(place)}的网络安全事件")
    finding = duty_finding("CAC500", page, context, [duty], what, ("incident",))
    if finding is not None:
        yield finding


RULE = Rule(
    code="CAC500",
    name="incident-not-reported",
    source="CAC Measures Art. 5",
    default_action=Action.HOLD,
    profile="cac-2019",
    summary=t(
        "An incident page needs a report to public security (prefecture level or higher) "
        "where it happened.",
        "发布网络安全事件信息，须事先向事件发生所在地地市级以上公安机关报告。",
    ),
    check=check,
    doc=RuleDoc(
        what=t(
            "Pages with `kind: incident`. A `public-security` notification at `prefecture`, "
            "`provincial` or `national` level whose `region` contains `incident.region` (the "
            "region itself, its prefecture or its province; national notifications cover "
            "everywhere), dated on or before the moment the page goes public. An incident in "
            "440305 is covered by a prefecture notice for 440300 or a provincial one for 440000, "
            "not by one for 310100; a county-level notice does not count.",
            "适用于 `kind: incident` 的页面。须有一条 `public-security`（公安机关）报告，级别为 "
            "`prefecture`（地市级）、`provincial`（省级）或 `national`（国家级），其 `region` "
            "包含 `incident.region`（即该地区本身、其所属地市或所属省份；国家级报告覆盖全国），"
            "且日期不晚于页面公开的时刻。发生在 440305 的事件，可由针对 440300 的地市级报告或针对 "
            "440000 的省级报告覆盖，但针对 310100 的报告不算；县级报告也不算。",
        ),
        why=t(
            "Article 5 of the draft Measures (paraphrased): before publishing information about "
            "a cybersecurity incident, the publisher shall report it to the public security organ "
            "at the prefecture (地市级) level or above where the incident occurred. (第五条：发布"
            "网络安全事件信息的，应当事先向事件发生所在地地市级以上公安机关报告。)",
            "《网络安全威胁信息发布管理办法（征求意见稿）》第五条：发布网络安全事件信息的，"
            "应当事先向事件发生所在地地市级以上公安机关报告。",
        ),
        source=t(
            "CAC Cybersecurity Threat Information Publication Management Measures (Draft, "
            "2019-11-20), Art. 5.",
            "《网络安全威胁信息发布管理办法（征求意见稿）》（2019-11-20）第五条。",
        ),
        how=t(
            "Report the incident to the local public security bureau and record it, with the "
            "bureau's region code and level.",
            "向事件发生地的公安机关报告，并记录该报告，写明该公安机关的地区代码和级别。",
        ),
        example='threatpub:\n  kind: incident\n  incident:\n    region: "440305"\n'
        "  notifications:\n    - authority: public-security\n      level: prefecture\n"
        '      region: "440300"\n      date: 2026-10-02\n      reference: SZPSB-2026-118',
    ),
)
