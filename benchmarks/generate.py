"""Synthetic annotated provisional agendas in English and Chinese, for benchmarks.

Deterministic from a seed: the same arguments write byte-identical files. Every document is
valid input for the real loader (the benchmark checks that each one parses with no line left
unexplained): many bodies (the five working groups of the reference data and synthetic ones
under other WG series, reported as unknown bodies), sessions across four decades, 3-15 items,
sub-items, several documents per item, citations of COP, GA and ECOSOC resolutions, mandates
wrapped over two lines that build on an earlier resolution and report (for the ``lineage``
query), articles and paragraphs of the Convention (``provisions``), Bureau decisions and the
organization-of-work annex.

    python benchmarks/generate.py --count 1000 --seed 1 --out /tmp/corpus

writes ``<out>/sources/*.txt``, ``<out>/manifest.toml`` and a copy of the reference data, so
``ctocgraph build --data <out>`` builds it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

KNOWN = [  # series, English name, Chinese name (as in data/reference/bodies.toml)
    ("CTOC/COP/WG.7", "Working Group on the Smuggling of Migrants", "偷运移民问题工作组"),
    ("CTOC/COP/WG.4", "Working Group on Trafficking in Persons", "贩运人口问题工作组"),
    ("CTOC/COP/WG.6", "Working Group on Firearms", "枪支问题工作组"),
    ("CTOC/COP/WG.3", "Working Group on International Cooperation", "国际合作问题工作组"),
    (
        "CTOC/COP/WG.2",
        "Working Group of Government Experts on Technical Assistance",
        "技术援助问题政府专家工作组",
    ),
]
TOPICS = [  # (English, Chinese)
    ("the review of the implementation of the Convention", "审议公约的实施情况"),
    ("good practices in international cooperation", "国际合作方面的良好做法"),
    ("the use of information and communications technology", "信息和通信技术的使用"),
    ("the protection of victims and witnesses", "保护被害人和证人"),
    ("the confiscation of proceeds of crime", "没收犯罪所得"),
    ("technical assistance needs of States parties", "缔约国的技术援助需要"),
    ("the collection of data and statistics", "数据和统计资料的收集"),
    ("the prevention of organized crime", "预防有组织犯罪"),
    (
        "the criminalization of participation in an organized criminal group",
        "将参加有组织犯罪集团定为刑事犯罪",
    ),
    ("the liability of legal persons", "法人责任"),
    ("mutual legal assistance in criminal matters", "刑事事项司法协助"),
    ("extradition and the transfer of sentenced persons", "引渡和被判刑人员的移交"),
    ("joint investigations", "联合调查"),
    ("special investigative techniques", "特殊侦查手段"),
    ("cooperation with civil society", "与民间社会的合作"),
]
MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
WEEKDAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
WEEKDAYS_ZH = ["星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"]
ORDINAL_EN = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
]
TENS_EN = {20: ("twenty", "twentieth"), 30: ("thirty", "thirtieth"), 40: ("forty", "fortieth")}
ZH_DIGITS = "零一二三四五六七八九"
CARDINAL_EN = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]


def ordinal_en(n: int) -> str:
    if n < 20:
        return ORDINAL_EN[n - 1]
    tens, unit = n - n % 10, n % 10
    return TENS_EN[tens][1] if unit == 0 else f"{TENS_EN[tens][0]}-{ORDINAL_EN[unit - 1]}"


def number_zh(n: int) -> str:
    if n < 10:
        return ZH_DIGITS[n]
    tens, unit = divmod(n, 10)
    return ("" if tens == 1 else ZH_DIGITS[tens]) + "十" + (ZH_DIGITS[unit] if unit else "")


@dataclass
class Item:
    number: int
    topic: int
    subs: int  # number of sub-items (a), (b) …
    documents: int  # documents listed under the item
    cites: str | None  # a resolution cited in the item's annotation ("cop 8/2" …)
    # a Conference resolution that the mandate of a cited Conference resolution builds on
    builds_on: str | None = None
    provision: tuple[int, int] | None = None  # an article and paragraph of the Convention


@dataclass
class Agenda:
    series: str
    body_en: str
    body_zh: str
    ordinal: int
    start: dt.date
    days: int
    number: int  # the agenda's own document number in the year
    resolution: str
    bureau: dt.date
    plenary: int
    items: list[Item]

    @property
    def symbol(self) -> str:
        return f"{self.series}/{self.start.year}/{self.number}"

    def document(self, item: Item, k: int) -> str:
        return f"{self.series}/{self.start.year}/{self.number + item.number * 4 + k}"


def agendas(count: int, seed: int) -> list[Agenda]:
    """``count`` distinct agendas: (series, ordinal) pairs, each session in its own year."""
    rng = random.Random(seed)
    bodies = list(KNOWN) + [
        (f"CTOC/COP/WG.{n}", f"Working Group on Synthetic Topic {n}", f"第{n}专题工作组")
        for n in range(10, 10 + max(0, count // 40 + 1))
    ]
    out = []
    for i in range(count):
        series, en, zh = bodies[i // 40]
        ordinal = i % 40 + 1
        year = 1985 + ordinal
        start = dt.date(year, rng.choice([4, 5, 6, 9, 10]), rng.randint(3, 20))
        while start.weekday() > 2:  # meetings start Monday to Wednesday and last 2-3 days
            start += dt.timedelta(days=1)
        n_items = rng.randint(3, 15)
        items = [Item(1, -1, 2, 0, None)]
        for k in range(2, n_items - 1):
            items.append(
                Item(
                    k,
                    rng.randrange(len(TOPICS)),
                    rng.choice([0, 0, 0, 2, 3]),
                    rng.randint(0, 3),
                    rng.choice(
                        [
                            None,
                            f"cop {rng.randint(1, 11)}/{rng.randint(1, 9)}",
                            f"ga {rng.randint(50, 78)}/{rng.randint(1, 250)}",
                            f"ecosoc {rng.randint(1995, 2025)}/{rng.randint(1, 40)}",
                        ]
                    ),
                    f"{rng.randint(1, 11)}/{rng.randint(1, 9)}",
                    (rng.randint(1, 41), rng.randint(1, 6)) if rng.random() < 0.3 else None,
                )
            )
        items += [Item(n_items - 1, -2, 0, 0, None), Item(n_items, -3, 0, 0, None)]
        out.append(
            Agenda(
                series,
                en,
                zh,
                ordinal,
                start,
                rng.choice([2, 3]),
                1 + 100 * (i % 3),
                f"{rng.randint(5, 11)}/{rng.randint(1, 5)}",
                start - dt.timedelta(days=rng.randint(60, 200)),
                rng.choice([4, 5, 6]),
                items,
            )
        )
    return out


def _title_en(a: Agenda, item: Item, sub: int | None = None) -> str:
    if item.topic == -1:
        return [
            "Organizational matters",
            "Opening of the meeting",
            "Adoption of the agenda and organization of work",
        ][0 if sub is None else sub + 1]
    if item.topic == -2:
        return "Other matters"
    if item.topic == -3:
        return "Adoption of the report"
    topic = TOPICS[item.topic][0]
    base = f"Discussion of {topic}" if sub is None else f"Aspect {sub + 1} of {topic}"
    return base


def _title_zh(a: Agenda, item: Item, sub: int | None = None) -> str:
    if item.topic == -1:
        return ["组织事项", "会议开幕", "通过议程和工作安排"][0 if sub is None else sub + 1]
    if item.topic == -2:
        return "其他事项"
    if item.topic == -3:
        return "通过报告"
    topic = TOPICS[item.topic][1]
    return f"讨论{topic}" if sub is None else f"{topic}的第{number_zh(sub + 1)}方面"


def _cite_en(ref: str) -> str:
    issuer, number = ref.split()
    return {
        "cop": f"Conference resolution {number}",
        "ga": f"General Assembly resolution {number}",
        "ecosoc": f"Economic and Social Council resolution {number}",
    }[issuer]


def _cite_zh(ref: str) -> str:
    issuer, number = ref.split()
    return {
        "cop": f"缔约方会议第 {number} 号决议",
        "ga": f"大会第 {number} 号决议",
        "ecosoc": f"经济及社会理事会第 {number} 号决议",
    }[issuer]


# what an item's annotation cites, per language: a mandate wrapped over two lines (a blank line
# between would be a paragraph break in a single-spaced text) that builds on an earlier
# resolution and report; a resolution recalled; an article of the Convention
CITED = {
    "en": (
        ("In its resolution {number}, the Conference requested the Secretariat to report on the "
         "topic, taking ",
         "into account Conference resolution {builds_on} and the report on the previous meeting "
         "({report}). "),
        "The Working Group may wish to recall {cited}. ",
        "In that regard, the Convention provides in its article {article}, paragraph "
        "{paragraph}, for cooperation on the topic. ",
    ),
    "zh": (
        ("缔约方会议在其第 {number} 号决议中请秘书处就该议题提出报告，",
         "同时考虑到缔约方会议第 {builds_on} 号决议和上届会议的报告（{report}）。 "),
        "工作组不妨回顾{cited}。 ",
        "在这方面，《公约》在第{article}条第{paragraph}款中对该议题的合作作出了规定。 ",
    ),
}


def _cited(a: Agenda, item: Item, language: str) -> list[str]:
    mandate, recall, provision = CITED[language]
    lines: list[str] = []
    if item.cites and item.cites.startswith("cop"):
        report = f"{a.series}/{a.start.year - 1}/2"
        lines += [line.format(number=item.cites.split()[1], builds_on=item.builds_on,
                              report=report) for line in mandate] + [""]
    elif item.cites:
        cite = _cite_en if language == "en" else _cite_zh
        lines += [recall.format(cited=cite(item.cites)), ""]
    if item.provision:
        number = str if language == "en" else number_zh
        article, paragraph = item.provision
        lines += [provision.format(article=number(article), paragraph=number(paragraph)), ""]
    return lines


def _schedule(a: Agenda) -> list[tuple[dt.date, str, list[tuple[str, bool]]]]:
    """Slots (day, morning/afternoon, [(item number, continued)]) spreading the items."""
    numbers = [f"{i.number}({'abcdef'[k]})" for i in a.items for k in range(i.subs)] + [
        str(i.number) for i in a.items if not i.subs
    ]
    numbers.sort(key=lambda n: (int(n.split("(")[0]), n))
    slots = [(a.start + dt.timedelta(days=d), half) for d in range(a.days) for half in ("am", "pm")]
    per = -(-len(numbers) // len(slots))
    out = []
    for k, (day, half) in enumerate(slots):
        chunk = numbers[k * per : (k + 1) * per]
        if chunk:
            out.append((day, half, [(n, False) for n in chunk]))
    return out


def english(a: Agenda) -> str:
    end = a.start + dt.timedelta(days=a.days - 1)
    month = MONTHS_EN[a.start.month - 1]
    lines = [
        f" {a.body_en} ",
        f"Vienna, {a.start.day}–{end.day} {month} {a.start.year} ",
        "",
        "  Annotated provisional agenda ",
        "",
        "  Provisional agenda ",
        "",
    ]
    for item in a.items:
        last = item.number == a.items[-1].number
        colon = ":" if item.subs else ("." if True else "")
        lines.append(f"{item.number}. {_title_en(a, item)}{colon} ")
        for s in range(item.subs):
            end_mark = "." if s == item.subs - 1 else ";"
            lines.append(f" ({'abcdef'[s]}) {_title_en(a, item, s)}{end_mark} ")
        del last
    lines += ["", "  Annotations ", ""]
    for item in a.items:
        lines += [f" {item.number}. {_title_en(a, item)} ", ""]
        if item.topic == -1:
            lines += [
                " (a) Opening of the meeting ",
                "",
                f"The {ordinal_en(a.ordinal)} meeting of the {a.body_en} will be opened on "
                f"{WEEKDAYS_EN[a.start.weekday()]}, {a.start.day} {month} {a.start.year}, at 10 a.m. ",
                "",
                " (b) Adoption of the agenda and organization of work ",
                "",
                f"In its resolution {a.resolution}, the Conference decided that the {a.body_en} "
                "would be a constant element of the Conference, and encouraged the working ",
                "group to meet annually. ",
                "",
                f"At its meeting held on {a.bureau.day} {MONTHS_EN[a.bureau.month - 1]} "
                f"{a.bureau.year}, the extended Bureau of the Conference agreed on the ",
                f"provisional agenda for the {ordinal_en(a.ordinal)} meeting of the Working Group. ",
                "",
                "The proposed organization of work (see annex) has been prepared in accordance "
                f"with Conference resolution {a.resolution}. The resources available to the "
                f"Working Group will allow for {CARDINAL_EN[a.plenary]} plenary meetings, with ",
                "interpretation in the six official languages of the United Nations. ",
                "",
            ]
            continue
        for s in range(item.subs):
            lines += [
                f" ({'abcdef'[s]}) {_title_en(a, item, s)} ",
                "",
                f"The Working Group may wish to consider aspect {s + 1} of the topic. ",
                "",
            ]
        if item.topic == -2:
            lines += [f"No documentation is currently foreseen under agenda item {item.number}. ", ""]
            continue
        if item.topic == -3:
            lines += [
                "The Working Group will adopt a report on its meeting, the draft of which "
                "will be prepared by the Secretariat. ",
                "",
            ]
            continue
        text = f"For its consideration of agenda item {item.number}, the Working Group will have before it "
        lines += _cited(a, item, "en")
        lines += [text + ("the documents listed below. " if item.documents else "no document. "), ""]
        if item.documents:
            lines += ["  Documentation ", ""]
            for k in range(item.documents):
                lines += [
                    f"Note by the Secretariat on {TOPICS[item.topic][0]}, part {k + 1} "
                    f"({a.document(item, k)}) "
                ]
            lines.append("")
    lines += [
        " Annex ",
        "",
        "  Proposed organization of work ",
        "",
        "Date and time Item Title or description ",
    ]
    day = None
    for d, half, rows in _schedule(a):
        if d != day:
            lines.append(f"{WEEKDAYS_EN[d.weekday()]}, {d.day} {MONTHS_EN[d.month - 1]}   ")
            day = d
        time = "10 a.m.–1 p.m." if half == "am" else "3–6 p.m."
        for k, (number, _) in enumerate(rows):
            prefix = f"{time} " if k == 0 else " "
            lines.append(f"{prefix}{number.replace('(', ' (')} {_row_title(a, number, _title_en)} ")
    return "\n".join(lines) + "\n"


def _row_title(a: Agenda, number: str, title) -> str:
    top = next(i for i in a.items if str(i.number) == number.split("(")[0])
    if "(" in number:
        return title(a, top, "abcdef".index(number.split("(")[1][0]))
    return title(a, top)


def chinese(a: Agenda) -> str:
    end = a.start + dt.timedelta(days=a.days - 1)
    y, m = a.start.year, a.start.month
    lines = [
        f" {a.body_zh} ",
        f"{y} 年 {m} 月 {a.start.day} 日至 {end.day} 日，维也纳 ",
        "",
        "  临时议程说明 ",
        "",
        " 临时议程 ",
        "",
    ]
    for item in a.items:
        lines.append(f"{item.number}. {_title_zh(a, item)}{'：' if item.subs else '。'} ")
        for s in range(item.subs):
            lines.append(f"({'abcdef'[s]}) {_title_zh(a, item, s)}{'。' if s == item.subs - 1 else '；'} ")
    lines += ["", " 说明 ", ""]
    for item in a.items:
        lines += [f"{item.number}. {_title_zh(a, item)} ", ""]
        if item.topic == -1:
            lines += [
                "(a) 会议开幕 ",
                "",
                f"{a.body_zh}第{number_zh(a.ordinal)}次会议将于 {y} 年 {m} 月 {a.start.day} 日"
                f"{WEEKDAYS_ZH[a.start.weekday()]}上午 10 时开幕。 ",
                "",
                " (b) 通过议程和工作安排 ",
                "",
                f"缔约方会议在其第 {a.resolution} 号决议中决定，{a.body_zh}将成为缔约方会议的常设组成部分，"
                "并鼓励该工作组每年举行会议。 ",
                "",
                f"{a.bureau.year} 年 {a.bureau.month} 月 {a.bureau.day} 日，缔约方会议扩大主席团商定了"
                f"工作组第{number_zh(a.ordinal)}次会议的临时议程。 ",
                "",
                f"拟议工作安排（见附件）是根据缔约方会议第 {a.resolution} 号决议编写的。可供工作组使用的"
                f"资源将允许举行{number_zh(a.plenary)}次配有联合国六种正式语文口译的全体会议。 ",
                "",
            ]
            continue
        for s in range(item.subs):
            lines += [
                f"({'abcdef'[s]}) {_title_zh(a, item, s)} ",
                "",
                f"工作组不妨审议该议题的第{number_zh(s + 1)}方面。 ",
                "",
            ]
        if item.topic == -2:
            lines += [f"目前预期不会有关于项目 {item.number} 的任何文件。 ", ""]
            continue
        if item.topic == -3:
            lines += ["工作组预计将通过一份会议报告，报告草稿将由秘书处编写。 ", ""]
            continue
        lines += _cited(a, item, "zh")
        lines += [
            f"为了审议项目 {item.number}，工作组将收到{'下列文件' if item.documents else '无文件'}。 ",
            "",
        ]
        if item.documents:
            lines += ["  文件 ", ""]
            for k in range(item.documents):
                lines.append(
                    f"秘书处关于{TOPICS[item.topic][1]}的说明，"
                    f"第{number_zh(k + 1)}部分（{a.document(item, k)}） "
                )
            lines.append("")
    lines += [" 附件 ", "", "  拟议工作安排 ", "", "日期和时间 议程项目 标题或说明 "]
    day = None
    for d, half, rows in _schedule(a):
        if d != day:
            lines.append(f"{d.month} 月 {d.day} 日，{WEEKDAYS_ZH[d.weekday()]}   ")
            day = d
        time = "上午 10 时至下午 1 时" if half == "am" else "下午 3 时至 6 时"
        for k, (number, _) in enumerate(rows):
            prefix = f"{time} " if k == 0 else " "
            lines.append(f"{prefix}{number} {_row_title(a, number, _title_zh)} ")
    return "\n".join(lines) + "\n"


def write_corpus(
    out: Path, count: int, seed: int = 1, languages: tuple[str, ...] = ("en", "zh")
) -> list[Path]:
    """Write ``count`` source files (agendas × languages) and a manifest under ``out``."""
    sources = out / "sources"
    sources.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "data" / "reference", out / "reference", dirs_exist_ok=True)
    render = {"en": english, "zh": chinese}
    paths, entries = [], []
    for a in agendas(-(-count // len(languages)), seed):
        for lang in languages:
            if len(paths) == count:
                break
            path = sources / f"{a.symbol.replace('/', '_')}.{lang}.txt"
            data = render[lang](a).encode("utf-8")
            path.write_bytes(data)
            paths.append(path)
            entries.append(
                f'[[source]]\nsymbol = "{a.symbol}"\nlanguage = "{lang}"\n'
                f'file = "sources/{path.name}"\nsha256 = "{hashlib.sha256(data).hexdigest()}"\n'
                'status = "rendition"\n'
            )
    (out / "manifest.toml").write_text("\n".join(entries), encoding="utf-8")
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--count", type=int, default=100, help="number of source files (10-20000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--languages", default="en,zh")
    args = ap.parse_args()
    paths = write_corpus(args.out, args.count, args.seed, tuple(args.languages.split(",")))
    print(f"wrote {len(paths)} sources to {args.out}")


if __name__ == "__main__":
    main()
