"""Fidelity: every plan says what its source document says, word for word and figure for figure.

Each plan under plans/ names its source in `plan.yaml` (`document.source_file`); the sources are the
plain-text dumps in the folder STRATPLAN_SOURCES names (default `../shared/seeds` beside the repository; see
`conftest.sources_dir`). Without that folder the tests that read a dump are skipped, saying where they looked;
CI sets STRATPLAN_REQUIRE_SOURCES=1 so that there they fail instead. For every plan:

1. Texts. Every document text of the plan must occur in the source: node titles, expected results,
   mottos, indicator texts, `term.as_written`, `declared_total.label`; in plan.yaml the document and
   decision titles, level labels, stage titles and descriptions, vision, mission, values, principles,
   funding-source names, executor names and abbreviations; in context.yaml table titles, columns and
   cells, SWOT items, scenario titles and paragraphs, list titles and items, goal-matrix entries,
   monitoring provisions, frequency, responsible body and report form; in statements.yaml section titles,
   every other section's number and title of a node as printed (`code_as_printed`, `title_as_printed`),
   narrative counts and lists, and the cells of rows as printed (term, executors, sources). Not checked:
   `notes` and `note` (our own words), codes, ids, years, units, directions and the community block.
2. Amounts. Every amount (funding `planned` years and totals, declared totals and their years, indicator
   baselines and targets) must occur in the source printed as the document prints it: decimal comma,
   same digits (`Decimal('10916.2')` -> `10916,2`, `Decimal('0.0')` -> `0,0`, `5` -> `5`), as a whole
   number token: not preceded by a digit, comma or dot and not followed by a digit or by a comma or dot
   and a digit (so `5` matches neither inside `5,0` nor `15` nor `2025`). `unknown` amounts are skipped.
3. Structure. The number of nodes per level, and the number of children under every node, equal the
   counts in EXPECTED_NODES, which were made by reading the dumps, not the YAML (line ranges cited).
4. The checks can fail: a copy of a plan with one amount and one title word altered yields exactly those
   two problems, and a one-letter change to any plan text is caught.

Text normalisation, applied identically to the dump and to each plan text (`fidelity_util.normalise`)
--------------------------------------------------------------------------------------------------
a. Unicode NFC. The Pervomaisk dump writes й and ї decomposed (и + U+0306, і + U+0308); NFC makes the two
   spellings equal and changes nothing else: no case folding, no folding of quotes, apostrophes or dashes
   (’ ' ` « » “ ” and - – — all stay distinct).
b. Every whitespace run (spaces, tabs, line breaks, blank lines, NBSP) becomes one space; leading and
   trailing whitespace is dropped. Table cells, which the dump breaks over lines, read as one line.
c. Whitespace after a hyphen that follows a letter or digit is dropped: `нормативно- правового`,
   `нормативно-<line break>правового` and `нормативно-правового` all become `нормативно-правового`;
   `ID-<line break>рідерами` becomes `ID-рідерами`. The hyphen itself is kept, so a plan can neither add
   nor drop one. This is all the de-hyphenation there is: the dumps break lines only after the hyphen of
   a compound word (the Starobilsk dump's 15 line-final hyphens, none in the other two), never inside a
   plain word, so joining `соціаль-`/`них` into `соціальних` is not done (it would let a plan lose hyphens).
d. A space before `,` `.` `;` `:` `)` is dropped (the Pervomaisk dump breaks a line before the comma in
   «здоров`я<line break>, освіти»). Only whitespace is ever removed; no letter, digit or mark is.

A text occurs when its normalised form is a substring of the normalised source that starts and ends on
a word boundary: a text that begins (ends) with a letter or digit may not begin (end) inside a source
word, so a truncated or extended word does not pass either.

Cells split by a page break
---------------------------
Where a table row crosses a page break the dump prints the first lines of every cell, then the rest of
each cell, so a cell's text is not contiguous (e.g. Starobilsk lines 352-371). No rule accepts such texts
on its own: any automatic joining of fragments lets a dropped line through. They pass only when listed
in EXPLICIT_SPLITS below, fragment by fragment with the source line each fragment starts on, after
reading them in the dump; the checker verifies that the fragments join (with single spaces) to exactly
the plan's text and that each fragment occurs, word-bounded, starting on its stated line. For an unlisted
text the problem message offers a candidate split to be checked by eye.
"""

from __future__ import annotations

import functools
import re
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from fidelity_util import (
    Item,
    Problem,
    Report,
    Source,
    check_plan,
    explicit_split_ok,
    format_amount,
    get_source,
    level_counts,
    normalise,
    plan_amounts,
    plan_texts,
    shape,
    text_occurs,
)
from stratplan.plan.loader import load_plan

REPO = Path(__file__).resolve().parent.parent
PLAN_ROOTS = sorted(path.parent for path in (REPO / "plans").glob("*/plan.yaml"))
PLAN_IDS = [root.name for root in PLAN_ROOTS]

# ---------------------------------------------------------------------------------------------------
# Node counts, made independently by reading the dumps (line numbers are 1-based lines of the dump).
# `shape` nests child counts: depth 2 = per strategic goal, the children of each operational goal;
# depth 3 = per strategic goal, per operational goal, the measures of each task.
# ---------------------------------------------------------------------------------------------------
EXPECTED_NODES: dict[str, dict[str, Any]] = {
    # Pervomaisk: the implementation plan of section 7.1 (lines 566-1818). Strategic goals are the three
    # unnumbered rows at 603, 1117, 1506. Operational goals «Операційна ціль» 1.1 (624), 1.2 (788), 1.3 (903),
    # 1.4 (1038), 2.1 (1134), 2.2 (1249), 2.3 (1331), 3.1 (1520), 3.2 (1616), 3.3 (1679). Tasks «Завдання»:
    # 1.1.1-1.1.8 (642-770), 1.2.1-1.2.6 (803-888), 1.3.1-1.3.7 (918-1020), 1.4.1-1.4.4 (1053-1101),
    # 2.1.1-2.1.5 (1150-1229), 2.2.1-2.2.3 (1267-1312), 2.3.1-2.3.8 (1348-1487), 3.1.1-3.1.5 (1536-1601),
    # 3.2.1-3.2.3 (1631-1664), 3.3.1-3.3.8 (1694-1806; the row at 1715 between 3.3.1 and 3.3.3 lost its
    # «Завдання 3.3.2» label). The rows 2.1.5 (1229) and 2.3.7 (1469) have no term; every other row has
    # one (68 term cells for 70 rows). No measure level. (The goals table of section 6.2, lines 356-562,
    # is a shorter, earlier list of 50 tasks and is not the tree.)
    "001_671af35a84481bb7.txt": {
        "counts": {"strategic_goal": 3, "operational_goal": 10, "task": 57, "measure": 0},
        "depth": 2,
        "shape": [[8, 6, 7, 4], [5, 3, 8], [5, 3, 8]],
    },
    # Starobilsk: section 3's tables (lines 279-1853). «Пріоритет розвитку» 1-4 at 279, 748, 984, 1427.
    # Operational goals: 1.1-1.8 (299, 349, 409, 490, 525, 569, 658, 716 - the last is headed «Оперативна
    # ціль 1.8»), 2.1-2.4 (754, 808, 876, 935), 3.1-3.6 (989, 1048, 1114, 1204, 1270, 1361), 4.1-4.7 (1438,
    # 1506, 1543, 1582, 1633, 1714, 1798). Measures are the «№ п/п» rows under each operational goal, one
    # period cell each: 1.1: 303-334; 1.2: 352-390; 1.3: 412-474; 1.4: 493-510; 1.5: 529-559; 1.6: 574-639;
    # 1.7: 662-698; 1.8: 720; 2.1: 760-792; 2.2: 811-864; 2.3: 879-920; 2.4: 939-968; 3.1: 993-1028;
    # 3.2: 1054-1089; 3.3: 1118-1190; 3.4: 1207-1253; 3.5: 1273-1347; 3.6: 1365-1410; 4.1: 1441-1474 (the
    # third row, 1474, lost its number); 4.2: 1510-1527; 4.3: 1547-1564; 4.4: 1586-1617; 4.5: 1638-1698;
    # 4.6: 1720-1776; 4.7: 1802-1837. No task level.
    "002_d3ba952906d9690d.txt": {
        "counts": {"strategic_goal": 4, "operational_goal": 25, "task": 0, "measure": 81},
        "depth": 2,
        "shape": [[3, 3, 4, 2, 3, 4, 3, 1], [3, 4, 4, 3], [3, 3, 4, 3, 5, 4], [3, 2, 2, 3, 5, 4, 3]],
    },
    # Melitopol: the plan table of section 3.1 (lines 1578-4315). «СТРАТЕГІЧНА ЦІЛЬ» 1-3 at 1616, 2775, 3602.
    # Operational goals at 1620, 1868, 2431, 2779, 2999, 3244, 3608, 3922, 4144. Tasks «Завдання»: 1626, 1705,
    # 1772 | 1874, 1931, 2121, 2206, 2271 (printed 1.2.1, 1.2.2, 1.2.4, 1.2.5, 1.2.6: no 1.2.3) | 2435, 2595,
    # 2692 | 2783, 2895 | 3003, 3020, 3122, 3191, 3217 | 3250, 3269, 3362, 3489 | 3612, 3748, 3838 | 3928,
    # 4047 | 4148. Measures are the 97 numbered items N.N.N.N between 1631 and 4159: 1.1.1: 1631-1635;
    # 1.1.2: 1711-1715 (1.1.2.1 and 1.1.2.2 share line 1711); 1.1.3: 1778-1788; 1.2.1: 1877-1886;
    # 1.2.2: 1935-1945; 1.2.4: 2125-2129; 1.2.5: 2210-2212; 1.2.6: 2274-2284; 1.3.1: 2439-2447 (five items
    # printed 1.3.1.1, 1.3.1.2, 1.3.1.3, 1.3.1.2, 1.3.1.3); 1.3.2: 2599-2603; 1.3.3: 2696-2700;
    # 2.1.1: 2786-2791; 2.1.2: 2898-2904; 2.2.1: none (3003-3018); 2.2.2: 3024-3028; 2.2.3: 3125-3127;
    # 2.2.4: 3195; 2.2.5: 3221; 2.3.1: none (3250-3267); 2.3.2: 3272-3276; 2.3.3: 3366-3371;
    # 2.3.4: 3493-3497; 3.1.1: 3616-3624; 3.1.2: 3752-3756; 3.1.3: 3842-3846; 3.2.1: 3932-3937;
    # 3.2.2: 4051-4055; 3.3.1: 4152-4159.
    "004_43bf12b629c3eb09.txt": {
        "counts": {"strategic_goal": 3, "operational_goal": 9, "task": 28, "measure": 97},
        "depth": 3,
        "shape": [
            [[3, 5, 6], [7, 7, 3, 2, 6], [5, 3, 2]],
            [[4, 4], [0, 3, 2, 1, 1], [0, 3, 4, 3]],
            [[5, 3, 3], [4, 3], [5]],
        ],
    },
}

# ---------------------------------------------------------------------------------------------------
# Page-break reassemblies, read in the dump: plan text -> [(line the fragment starts on, fragment), ...].
# ---------------------------------------------------------------------------------------------------
EXPLICIT_SPLITS: dict[str, dict[str, list[tuple[int, str]]]] = {
    "002_d3ba952906d9690d.txt": {
        # 1.2.1 title: the row breaks after line 355; the cell resumes at 366.
        "Формування мережі спеціалістів (кейс-менеджер або спеціаліст з ведення випадку) на території громади з урахуванням логістичної доступності;": [
            (352, "Формування мережі спеціалістів (кейс-менеджер або спеціаліст з ведення випадку) на території"),
            (366, "громади з урахуванням логістичної доступності;"),
        ],
        # 1.3.2 title: lines 438-442, resumed at 455.
        "Оснащення робочих місць фронт-офісу та ВРМ ID-рідерами для зчитування даних з паспортів громадян у формі картки та автоматичного їх внесення до електронної системи.": [
            (438, "Оснащення робочих місць фронт-офісу та ВРМ ID-рідерами для зчитування даних з паспортів громадян у формі картки та автоматичного їх"),
            (455, "внесення до електронної системи."),
        ],
        # 1.6.1 period: «Друге / півріччя» (584-585) and «2021» at the end of line 589.
        "Друге півріччя 2021": [(584, "Друге півріччя"), (589, "2021")],
        # 1.6.4 title: lines 639-643, resumed at 655.
        "Розробка пропозицій до міських програм з даного напрямку роботи; - запровадження на її базі механізму щорічного оновлення гендерно маркованої статистики.": [
            (639, "Розробка пропозицій до міських програм з даного напрямку роботи; - запровадження на її базі механізму щорічного оновлення"),
            (655, "гендерно маркованої статистики."),
        ],
        # 1.8.1 title: lines 720-722, resumed at 731-736.
        "Забезпечення функціонування медичних, педагогічних та соціальної-реабілітаційних послуг під єдиним дахом (виділення приміщення, оснащення, інформаційний супровід,кадрове забезпечення, розширення переліка послуг).": [
            (720, "Забезпечення функціонування медичних, педагогічних та"),
            (731, "соціальної-реабілітаційних послуг під єдиним дахом (виділення приміщення, оснащення, інформаційний супровід,кадрове забезпечення, розширення переліка послуг)."),
        ],
        # 1.8.1 executors cell (statements.yaml rows): lines 723-724, resumed at 738-740.
        "Виконавчі органи Старобільської міської ради, відділ соціального захисту населення, відділ освіти, медичних установ Старобільської міської ради.": [
            (723, "Виконавчі органи Старобільської міської ради, відділ соціального"),
            (738, "захисту населення, відділ освіти, медичних установ Старобільської міської ради."),
        ],
        # 1.8.1 second indicator: «Кількість наданих» (730), resumed at 742-745.
        "Кількість наданих соціальних послуг, створення механізму виявлення дітей групи ризику.": [
            (730, "Кількість наданих"),
            (742, "соціальних послуг, створення механізму виявлення дітей групи ризику."),
        ],
        # 2.2.1 title: line 811 holds the first line of all four cells; the title resumes at 812.
        "Розробка мобільного мультиплатформенного застосунку (додатку) – громада у смартфоні (комунікація, консультація, замовлення послуг тощо)": [
            (811, "Розробка мобільного"),
            (812, "мультиплатформенного застосунку (додатку) – громада у смартфоні (комунікація, консультація, замовлення послуг тощо)"),
        ],
        # 2.3.1 title: lines 879-881, resumed at 890-893.
        "Під’єднання до інтегрованого модуля “Соціальна громада” - комплексу електронного документообігу та підключення надавачів соціальних послуг (підрозділи, старостатами/ВРМ) до комплексу”": [
            (879, "Під’єднання до інтегрованого модуля “Соціальна громада” - комплексу електронного"),
            (890, "документообігу та підключення надавачів соціальних послуг (підрозділи, старостатами/ВРМ) до комплексу”"),
        ],
        # 2.4.3 title: lines 968-970, resumed at 981-982.
        "Формування груп та проведення занять з формування вмінь та навичок щодо комп'ютерної грамотності, користування он-лайн реєстрами тощо;": [
            (968, "Формування груп та проведення занять з формування вмінь та навичок щодо комп'ютерної"),
            (981, "грамотності, користування он-лайн реєстрами тощо;"),
        ],
        # 3.2.1 title: lines 1054-1055, resumed at the start of 1065.
        "Участь у програмах задля залучення у громаду АРМ «Мобільний кейс»;": [
            (1054, "Участь у програмах задля залучення у громаду АРМ"),
            (1065, "«Мобільний кейс»;"),
        ],
        # 3.3.1 title: lines 1118-1126, resumed after the page footer at 1150.
        "Заключення та оновлення меморандумів з державними організаціями (Фонд соціального страхування, Пенсійний фонд тощо) щодо спільної роботи з надання послуг на базі фронт-офісу Відділу надання адміністративних послуг.": [
            (1118, "Заключення та оновлення меморандумів з державними організаціями (Фонд соціального страхування, Пенсійний фонд тощо) щодо спільної роботи з надання послуг на базі фронт-офісу Відділу"),
            (1150, "надання адміністративних послуг."),
        ],
        # 3.4.1 title: lines 1207-1216, resumed at 1229-1232.
        "Заключення договорів з банківськими установами щодо розміщення банківських терміналів самообслуговування для доступного отримання банківських послуг, в тому числі під час вирішення життєвих, соціальних питань (оплати адміністративних послуг, комунальних платежів, поповнення мобільних рахунків, здійснення грошових переказів, отримання пенсій та інших соціальних виплат тощо);": [
            (1207, "Заключення договорів з банківськими установами щодо розміщення банківських терміналів самообслуговування для доступного отримання банківських послуг, в тому числі під час вирішення життєвих, соціальних питань (оплати адміністративних послуг, комунальних платежів,"),
            (1229, "поповнення мобільних рахунків, здійснення грошових переказів, отримання пенсій та інших соціальних виплат тощо);"),
        ],
        # 3.5.2 title (1297-1298) and indicator (1306-1307) both end on line 1308 « громаді.  послуг».
        "Створення реєстру надавачів доступних соціальних послуг в громаді.": [
            (1297, "Створення реєстру надавачів доступних соціальних послуг в"),
            (1308, "громаді."),
        ],
        "Створений реєстр надавачів соціальних послуг": [
            (1306, "Створений реєстр надавачів соціальних"),
            (1308, "послуг"),
        ],
        # 4.1.2 title: lines 1458-1461, resumed at the start of 1473.
        "Запис навчальних/ інформаційних курсів для мешканців з питань соцзахисту та розміщення їх на YouTube каналі громади": [
            (1458, "Запис навчальних/ інформаційних курсів для мешканців з питань соцзахисту та розміщення їх на YouTube"),
            (1473, "каналі громади"),
        ],
        # 4.6.4 title: lines 1776-1780, resumed at 1793-1794.
        "Пошук можливостей для створення притулку для постраждалих від домашнього насильства, насильства за ознакою статі, сексуальних домагань та інших форм сексуального насильства": [
            (1776, "Пошук можливостей для створення притулку для постраждалих від домашнього насильства, насильства за ознакою статі, сексуальних"),
            (1793, "домагань та інших форм сексуального насильства"),
        ],
    },
}


def _source_file(root: Path, seeds: Path) -> str:
    plan = load_plan(root)
    assert plan.view.meta is not None, f"{root}/plan.yaml does not load: {[str(d.location) + ' ' + d.message for d in plan.diagnostics]}"
    name = plan.view.meta.document.source_file
    assert name, f"{root}/plan.yaml names no document.source_file"
    assert (seeds / name).is_file(), f"source dump {seeds / name} not found in STRATPLAN_SOURCES ({seeds})"
    return name


@functools.cache
def _report(root: Path, seeds: Path) -> Report:
    _source_file(root, seeds)
    return check_plan(root, seeds, EXPLICIT_SPLITS)


def _listing(problems: list[Problem]) -> str:
    return "\n".join(f"  {problem}" for problem in problems)


# ------------------------------------------------------------------------------------ the real plans


def test_there_are_plans() -> None:
    assert PLAN_ROOTS, "no plans/*/plan.yaml found"


@pytest.mark.parametrize("root", PLAN_ROOTS, ids=PLAN_IDS)
def test_texts_occur_in_source(root: Path, sources: Path) -> None:
    report = _report(root, sources)
    problems = [p for p in report.problems if p.kind == "text"]
    assert report.texts_checked > 0
    if problems:
        pytest.fail(f"{root.name}: {len(problems)} of {report.texts_checked} texts do not occur in "
                    f"{report.source_file}:\n{_listing(problems)}", pytrace=False)


@pytest.mark.parametrize("root", PLAN_ROOTS, ids=PLAN_IDS)
def test_amounts_occur_in_source(root: Path, sources: Path) -> None:
    report = _report(root, sources)
    problems = [p for p in report.problems if p.kind == "amount"]
    if problems:
        pytest.fail(f"{root.name}: {len(problems)} of {report.amounts_checked} amounts are not printed in "
                    f"{report.source_file}:\n{_listing(problems)}", pytrace=False)


@pytest.mark.parametrize("root", PLAN_ROOTS, ids=PLAN_IDS)
def test_node_counts_match_the_document(root: Path, sources: Path) -> None:
    source_file = _source_file(root, sources)
    assert source_file in EXPECTED_NODES, f"no independent node count for {source_file}: add one to EXPECTED_NODES"
    expected = EXPECTED_NODES[source_file]
    plan = load_plan(root)
    assert level_counts(plan) == expected["counts"]
    assert shape(plan, expected["depth"]) == expected["shape"]


# -------------------------------------------------------------------------------- the checker itself


@pytest.mark.parametrize("name", sorted(EXPECTED_NODES))
def test_source_index_is_the_documented_normalisation(name: str, sources: Path) -> None:
    """`Source` tracks lines while normalising; its text must be exactly `normalise` of the whole dump."""
    raw = (sources / name).read_text(encoding="utf-8")
    source = Source(raw)
    assert source.text == normalise(raw)
    assert len(source.line_of) == len(source.text)
    assert source.line_of[-1] == raw.rstrip().count("\n") + 1


def test_normalisation_rules() -> None:
    assert normalise("и\u0306ого ї") == normalise("його і\u0308") == "його ї"  # NFC, both ways
    assert normalise("  a\t\n\n b\u00a0c ") == "a b c"
    assert normalise("нормативно- \nправового") == normalise("нормативно-правового") == "нормативно-правового"
    assert normalise("роботи; - запровадження") == "роботи; - запровадження"  # a dash between spaces stays
    assert normalise("здоров`я\n, освіти") == "здоров`я, освіти"
    assert normalise("«Потенціал»") != normalise("“Потенціал”")  # quotes are not folded
    assert normalise("2021-2027") != normalise("2021–2027")  # nor dashes
    assert normalise("кейс-менеджменту") != normalise("кейсменеджменту")  # a hyphen cannot be dropped


def test_word_boundaries_and_amount_tokens() -> None:
    source = Source("Кількість обладнаних \nкімнат 5,0 та 15\n10916,2 і 2025 рік; ID-\nрідерами\n")
    assert source.find("обладнаних кімнат") is not None
    assert source.find("Кількість обладнаних кімн") is None  # truncated word
    assert source.find("ількість обладнаних") is None  # starts inside a word
    assert source.find("ID-рідерами") is not None
    assert source.find("ID- рідерами") is not None
    assert source.find("IDрідерами") is None
    assert source.has_amount(format_amount(Decimal("5.0")))
    assert source.has_amount(format_amount(Decimal("10916.2")))
    assert source.has_amount(format_amount(Decimal("15")))
    assert not source.has_amount(format_amount(Decimal("5")))  # only inside 5,0 / 15 / 2025
    assert not source.has_amount(format_amount(Decimal("1")))  # only inside 15 and 10916,2
    assert not source.has_amount(format_amount(Decimal("16.2")))  # only the tail of 10916,2
    assert not source.has_amount(format_amount(Decimal("10916")))  # only the head of 10916,2
    assert format_amount(Decimal("0.0")) == "0,0"
    assert format_amount(5) == "5"


def test_explicit_splits_are_verified_fragment_by_fragment(sources: Path) -> None:
    for source_file, splits in EXPLICIT_SPLITS.items():
        source = get_source(sources / source_file)
        for text, fragments in splits.items():
            assert source.find(text) is None, f"{text!r} occurs contiguously: it needs no entry"
            assert explicit_split_ok(source, text, fragments), f"{source_file}: fragments do not verify for {text!r}"
            lines = [line for line, _ in fragments]
            assert lines == sorted(lines), f"fragments out of order for {text!r}"
    source = get_source(sources / "002_d3ba952906d9690d.txt")
    good = [(1297, "Створення реєстру надавачів доступних соціальних послуг в"), (1308, "громаді.")]
    assert explicit_split_ok(source, "Створення реєстру надавачів доступних соціальних послуг в громаді.", good)
    assert not explicit_split_ok(source, "Створення реєстру надавачів доступних соціальних послуг в громаді.",
                                 [good[0], (1309, "громаді.")])  # wrong line
    assert not explicit_split_ok(source, "Створення реєстру надавачів соціальних послуг в громаді.", good)  # text differs


def _alter_letter(word: str) -> str:
    """The word with its second letter replaced by another letter."""
    index = [i for i, char in enumerate(word) if char.isalpha()][1]
    replacement = "ж" if word[index] != "ж" else "ш"
    return word[:index] + replacement + word[index + 1 :]


@pytest.mark.parametrize("root", PLAN_ROOTS, ids=PLAN_IDS)
def test_any_altered_word_is_caught(root: Path, sources: Path) -> None:
    """For every text of the plan, a one-letter change in its first, middle or last word is reported."""
    source_file = _source_file(root, sources)
    source = get_source(sources / source_file)
    explicit = {normalise(text): fragments for text, fragments in EXPLICIT_SPLITS.get(source_file, {}).items()}
    plan = load_plan(root)
    tried, passed = 0, []
    for item in plan_texts(plan):
        words = item.value.split()
        candidates = [i for i, word in enumerate(words) if sum(char.isalpha() for char in word) >= 3]
        for index in sorted({candidates[0], candidates[len(candidates) // 2], candidates[-1]} if candidates else set()):
            altered = " ".join([*words[:index], _alter_letter(words[index]), *words[index + 1 :]])
            tried += 1
            if text_occurs(source, altered, explicit):
                passed.append(f"{item.file}:{item.line} {item.where}: {altered!r}")
    assert tried > 0
    assert not passed, "altered texts that the checker accepted:\n" + "\n".join(passed)


def _tamper_targets(root: Path, seeds: Path) -> tuple[Item, Item] | None:
    """An amount and a node title of the plan that pass the checks, with their exact file offsets."""
    plan = load_plan(root)
    source = get_source(seeds / _source_file(root, seeds))
    amount = next((item for item in plan_amounts(plan)
                   if item.offset >= 0 and source.has_amount(format_amount(item.value))), None)
    title = next((item for item in plan_texts(plan)
                  if item.where.endswith("· title") and item.offset >= 0 and source.find(item.value) is not None
                  and any(sum(char.isalpha() for char in word) >= 4 for word in item.value.split())), None)
    return (amount, title) if amount is not None and title is not None else None


def test_checker_reports_exactly_the_tampered_figure_and_word(tmp_path: Path, sources: Path) -> None:
    root = next((root for root in PLAN_ROOTS if _tamper_targets(root, sources) is not None), None)
    if root is None:
        pytest.skip("no plan has an amount to alter")
    copy = tmp_path / root.name
    shutil.copytree(root, copy)
    source = get_source(sources / _source_file(root, sources))
    before = set(check_plan(copy, sources, EXPLICIT_SPLITS).problems)
    targets = _tamper_targets(copy, sources)
    assert targets is not None
    amount, title = targets

    # one figure: change the amount's last digit to one that makes a number the document does not print
    path = copy / amount.file
    text = path.read_text(encoding="utf-8")
    literal = format(amount.value, "f")
    assert text.startswith(literal, amount.offset), "the amount's offset does not point at its literal"
    altered_literal = next(literal[:-1] + digit for digit in "1234567890"
                           if digit != literal[-1] and not source.has_amount((literal[:-1] + digit).replace(".", ",")))
    text = text[: amount.offset] + altered_literal + text[amount.offset + len(literal) :]
    path.write_text(text, encoding="utf-8")

    # one word of a title: a one-letter change
    path = copy / title.file
    text = path.read_text(encoding="utf-8")
    word = next(word for word in title.value.split() if sum(char.isalpha() for char in word) >= 4)
    position = text.index(word, title.offset)
    text = text[:position] + _alter_letter(word) + text[position + len(word) :]
    path.write_text(text, encoding="utf-8")
    altered_title = re.sub(r"(?<!\S)" + re.escape(word) + r"(?!\S)", _alter_letter(word), title.value, count=1)

    after = set(check_plan(copy, sources, EXPLICIT_SPLITS).problems)
    assert after - before == {
        Problem("amount", amount.file, amount.where, altered_literal.replace(".", ",")),
        Problem("text", title.file, title.where, altered_title),
    }
    assert before - after == set()
