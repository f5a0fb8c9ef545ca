"""Random Japanese municipal plan documents with their expected records.

`generate(rng)` draws one document: an invented municipality, a plan kind (協働推進計画,
総合戦略, 実施計画, 行動計画, sometimes a progress report of one), a tier vocabulary
(基本目標/施策/事業 …), a numbering style per level, a tree of 2–3 heading levels and
the actions under it. The actions of each measure are printed in one of several
layouts: item tables, bullet lines, key–value cards, fiscal-year strips or, in
progress reports, evaluation tables with a printed legend. Indicator tables, a
施策体系 table, a table of contents, a plan-level schedule and prose go around them.

The result is a `GeneratedPlan`: the printed document as a list of `Block`s (what
both renderers draw) and the `ExpectedPlan` a correct reader must recover. Every
random choice comes from the `random.Random` passed in, so a seed fixes the document.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field
from typing import Literal

from tests.plangen import vocab as V
from tests.plangen.spec import Evaluation, ExpectedPlan, Indicator, Node, ScheduleEntry

BlockKind = Literal["title", "heading", "text", "table", "toc", "pagebreak"]

_FW = str.maketrans("0123456789-.()", "０１２３４５６７８９－．（）")
KATA = "アイウエオカキクケコサシスセソ"
ROMAN = "ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ"
CIRCLED = "".join(chr(0x2460 + i) for i in range(20))
ACTION_STYLES = ("items", "bullets", "cards", "strip")


@dataclass
class Block:
    """One printed element. Table cells hold `\\n` where a cell line breaks."""

    kind: BlockKind
    text: str = ""
    level: int = 0  # headings: 1 chapter, 2 goal, 3 measure, 4 sub-measure, 5 minor
    rows: list[list[str]] = field(default_factory=list)
    header_rows: int = 0
    prose: bool = False  # running text: a renderer may break it into lines anywhere


@dataclass
class GeneratedPlan:
    expected: ExpectedPlan
    blocks: list[Block]
    city: str
    seed: int | None = None


@dataclass
class _Action:
    node: Node
    domain: str
    content: str
    departments: list[str]
    fy: tuple[int, int]
    novelty: str
    phases: list[tuple[int, str]]  # (fiscal year, phase) over its years


def fw(text: str) -> str:
    """ASCII digits and brackets → full width."""
    return text.translate(_FW)


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


# ---------------------------------------------------------------------------
# Years


def era_year(fy: int, rng: random.Random) -> str:
    """令和7 / 令和元 / 平成30 (no 年度)."""
    if fy >= 2019:
        n = fy - 2018
        return "令和" + ("元" if n == 1 and rng.random() < 0.7 else str(n))
    return f"平成{fy - 1988}"


def fy_text(fy: int, style: str, rng: random.Random, full_width: bool = False) -> str:
    """A fiscal year as printed in one of the styles municipalities use."""
    letter = ("R", fy - 2018) if fy >= 2019 else ("H", fy - 1988)
    match style:
        case "era":
            text = era_year(fy, rng) + "年度"
        case "letter":
            text = f"{letter[0]}{letter[1]}"
        case "letter_nendo":
            text = f"{letter[0]}{letter[1]}年度"
        case "western":
            text = f"{fy}年度"
        case "western_bare":
            text = str(fy)
        case "both":
            text = f"{fy}（{era_year(fy, rng)}）年度"
        case "bare":  # 7年度: the era is printed elsewhere in the document
            text = f"{fy - 2018 if fy >= 2019 else fy - 1988}年度"
        case _:
            raise ValueError(style)
    return fw(text) if full_width else text


def fy_range_text(a: int, b: int, style: str, rng: random.Random, full_width: bool = False) -> str:
    if a == b:
        return fy_text(a, style, rng, full_width)
    if style == "era" and a >= 2019 and rng.random() < 0.3:  # 令和7～9年度
        text = f"令和{a - 2018}～{b - 2018}年度"
        return fw(text) if full_width else text
    sep = rng.choice(["～", "～", "~", "－"]) if style != "western_bare" else "～"
    return fy_text(a, style, rng, full_width) + sep + fy_text(b, style, rng, full_width)


# ---------------------------------------------------------------------------
# Numbering


def number(style: str, path: list[int], word: str | None) -> tuple[str, str | None]:
    """(printed numbering, ASCII code) of the node at `path` (ordinals from the root)."""
    n = path[-1]
    dash = "-".join(map(str, path))
    match style:
        case "digit":
            return str(n), str(n)
        case "digit_fw":
            return fw(str(n)), str(n)
        case "dash":
            return dash, dash
        case "dash_fw":
            return fw(dash), dash
        case "dot":
            return ".".join(map(str, path)), ".".join(map(str, path))
        case "paren":
            return f"({n})", str(n)
        case "paren_fw":
            return f"（{fw(str(n))}）", str(n)
        case "circled":
            return CIRCLED[n - 1], str(n)
        case "kata":
            return KATA[n - 1], str(n)
        case "kata_paren":
            return f"（{KATA[n - 1]}）", str(n)
        case "kata_paren_ascii":
            return f"({KATA[n - 1]})", str(n)
        case "roman":
            return ROMAN[n - 1], str(n)
        case "bracket":
            return f"【{n}】", str(n)
        case "word":
            return f"{word}{n}", str(n)
        case "word_fw":
            return f"{word}{fw(str(n))}", str(n)
        case "word_dash":
            return f"{word}{dash}", dash
        case "word_bracket":
            return f"【{word}{n}】", str(n)
        case "word_no":
            return f"{word}No.{n}", str(n)
        case "none":
            return "", None
    raise ValueError(style)


# Styles each heading level may use; a level never shares its family with the level above.
GOAL_STYLES = ["digit", "digit_fw", "roman", "bracket", "word", "word_fw", "word_bracket"]
MEASURE_STYLES = [
    "paren",
    "paren_fw",
    "dash",
    "dash_fw",
    "dot",
    "circled",
    "digit",
    "word",
    "word_dash",
    "kata",
    "kata_paren_ascii",
]
SUB_STYLES = ["circled", "kata", "kata_paren", "kata_paren_ascii", "paren", "paren_fw", "dash"]
WORD_STYLES = {"word", "word_fw", "word_dash", "word_bracket", "word_no"}


def _family(style: str) -> str:
    if style in WORD_STYLES:
        return "word"
    families = {"digit_fw": "digit", "dash_fw": "dash", "paren_fw": "paren", "kata_paren": "kata"}
    return families.get(style, "kata" if style == "kata_paren_ascii" else style)


# ---------------------------------------------------------------------------
# The generator


class _Gen:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.blocks: list[Block] = []
        self.actions: list[_Action] = []
        self.used: set[str] = set()
        self.used_indicators: set[str] = set()
        self.running_no = 0

    # --- small helpers -----------------------------------------------------

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def add(self, kind: BlockKind, text: str = "", level: int = 0, rows=None, header_rows: int = 0) -> None:
        self.blocks.append(Block(kind, text, level, rows or [], header_rows))

    def take(self, pool: list[str]) -> str | None:
        """A phrase of `pool` not used yet in this document."""
        free = [p for p in pool if nfkc(p) not in self.used]
        if not free:
            return None
        choice = self.rng.choice(free)
        self.used.add(nfkc(choice))
        return choice

    def wrap(self, title: str, p: float = 0.2) -> str:
        """Sometimes break a cell title over two lines, between two Japanese characters."""
        if len(title) < 9 or not self.chance(p):
            return title
        cuts = [i for i in range(4, len(title) - 3) if not (title[i - 1].isascii() or title[i].isascii())]
        if not cuts:
            return title
        i = self.rng.choice(cuts)
        return title[:i] + "\n" + title[i:]

    def prose(self, topic: str, n: int | None = None) -> None:
        for template in self.rng.sample(V.PROSE, n or self.rng.randint(1, 3)):
            self.blocks.append(Block("text", template.format(topic=topic), prose=True))

    def year(self, fy: int) -> str:
        return fy_text(fy, self.year_style, self.rng, self.digits_fw)

    def year_range(self, a: int, b: int) -> str:
        return fy_range_text(a, b, self.year_style, self.rng, self.digits_fw)

    # --- document settings ---------------------------------------------------

    def settings(self) -> None:
        rng = self.rng
        self.city = self.city_name()
        self.kind = rng.choice(list(V.PLAN_KINDS))
        self.progress = self.chance(0.2)
        length = {"jisshi": 3, "senryaku": 5}.get(self.kind, rng.choice([4, 5, 5, 10]))
        self.fy_start = rng.randint(2017, 2024 if self.progress else 2026)
        self.fy_end = self.fy_start + length - 1
        self.report_fy = rng.randint(self.fy_start, min(self.fy_end, 2025)) if self.progress else None
        self.digits_fw = self.chance(0.2)
        styles = ["era", "letter", "letter_nendo", "western", "both"]
        if self.fy_start >= 2019:
            styles.append("bare")
        self.year_style = rng.choice(styles)
        self.words = rng.choice(V.TIER_WORDS)
        self.depth = 3 if self.chance(0.3) else 2
        self.styles = self.heading_styles()
        self.code_mode = rng.choice(["none", "none", "prefix", "column", "word"])
        if self.code_mode == "word" and self.words[3] is None:
            self.code_mode = "column"
        self.action_prefix = rng.choice(["circled", "paren", "paren_fw", "dash"])
        self.action_word_style = rng.choice(["word", "word_fw", "word_no"])  # 事業3, 取組３, 事業No.3
        self.running = self.chance(0.5)  # action numbers run through the document
        self.bureau_mode = rng.choice(["never", "never", "sometimes", "always"])
        self.layouts = ["eval"] if self.progress else self.pick_layouts()
        self.grouped = not self.progress and self.depth == 2 and self.chance(0.15)
        self.grades = rng.choice(V.GRADE_SCALES)

    def city_name(self) -> str:
        rng = self.rng
        suffix = rng.choices(list(V.CITY_SUFFIX_WEIGHTS), weights=list(V.CITY_SUFFIX_WEIGHTS.values()))[0]
        if self.chance(0.2):
            return rng.choice(V.CITY_KANA) + suffix
        return rng.choice(V.CITY_HEAD) + rng.choice(V.CITY_TAIL) + suffix

    def heading_styles(self) -> list[str]:
        goal_word, measure_word, sub_word, _ = self.words
        goal = self.rng.choice([s for s in GOAL_STYLES if goal_word or s not in WORD_STYLES])
        levels = [goal]
        for pool, word in ((MEASURE_STYLES, measure_word), (SUB_STYLES, sub_word))[: self.depth - 1]:
            above = _family(levels[-1])
            choices = [s for s in pool if _family(s) != above and (word or s not in WORD_STYLES)]
            if "dash" in above or "dot" in above:
                choices = [s for s in choices if s not in ("digit",)]
            levels.append(self.rng.choice(choices))
        return levels

    def pick_layouts(self) -> list[str]:
        """The action layouts this document mixes; year strips only for plans of up to 5 years."""
        styles = [s for s in ACTION_STYLES if s != "strip" or self.fy_end - self.fy_start < 5]
        return self.rng.sample(styles, self.rng.choice([1, 2, 2, 3]))

    # --- title page and first chapter -----------------------------------------

    def title(self) -> str:
        rng = self.rng
        template = rng.choice(V.PLAN_KINDS[self.kind]["titles"])
        period = self.year_range(self.fy_start, self.fy_end)
        title = template.format(city=self.city, ed=rng.randint(2, 4), period=period)
        if self.progress:
            title += rng.choice(V.PROGRESS_SUFFIXES).format(fy=era_year(self.report_fy, rng) + "年")
        return title

    def front(self, title: str) -> None:
        self.add("title", title)
        subtitle = self.rng.choice(V.SUBTITLES)
        if subtitle:
            self.add("text", subtitle)
        published = self.fy_start if not self.progress else self.report_fy + 1
        self.add("text", f"{era_year(published, self.rng)}年{self.rng.choice([3, 3, 2, 6])}月")
        self.add("text", self.city)
        self.add("pagebreak")

    def chapter_heading(self, n: int, title: str) -> None:
        self.add("heading", f"{self.chapter_fmt(n)}{self.rng.choice(['　', ' ', '　'])}{title}", 1)

    def chapter_fmt(self, n: int) -> str:
        return f"第{n}章" if self.chapter_style == "chapter" else ROMAN[n - 1]

    def toc(self, chapters: list[tuple[str, list[str]]]) -> None:
        leader = self.rng.choice(["……", "…………………", " ", "\t"])
        lines, page = [], 1
        for i, (chapter, sections) in enumerate(chapters, start=1):
            lines.append(f"{self.chapter_fmt(i)}　{chapter}{leader}{page}")
            for j, section in enumerate(sections, start=1):
                lines.append(f"{j}　{section}{leader}{page}")
                page += self.rng.randint(1, 6)
        self.add("toc", "目次" if self.chance(0.6) else "目　次", rows=[[line] for line in lines])
        self.add("pagebreak")

    def overview(self, chapter: tuple[str, list[str]]) -> None:
        title, sections = chapter
        self.chapter_heading(1, title)
        for j, section in enumerate(sections, start=1):
            self.add("heading", f"{j}{self.rng.choice(['　', ' ', '．'])}{section}", 5)
            if "期間" in section:
                sentence = self.rng.choice(V.PERIOD_SENTENCES)
                n = self.fy_end - self.fy_start + 1
                start, end = self.year(self.fy_start), self.year(self.fy_end)
                if self.year_style in ("letter", "western_bare", "bare"):
                    start, end = (fy_text(y, "era", self.rng) for y in (self.fy_start, self.fy_end))
                self.add("text", sentence.format(start=start, end=end, n=n))
            else:
                self.prose(self.city.rstrip("市町村") + "のまちづくり")
        self.add("pagebreak")

    # --- the tree ------------------------------------------------------------

    def build_tree(self, exp: ExpectedPlan) -> list[tuple[Node, str, list]]:
        """Goals (each from its own domain) → measures → [sub-measures] → actions (not yet printed)."""
        rng = self.rng
        domains = list(V.PLAN_KINDS[self.kind]["domains"])
        n_goals = rng.randint(2, min(4, len(domains)))
        tree = []
        for g, domain in enumerate(rng.sample(domains, n_goals), start=1):
            d = V.DOMAINS[domain]
            goal = self.node(exp, "goal", [g], self.take(d["goals"]), None)
            measures = []
            for m in range(1, rng.randint(1, 4) + 1):
                title = self.take(d["measures"])
                if title is None:
                    break
                measure = self.node(exp, "measure", [g, m], title, goal)
                subs = []
                if self.depth == 3:
                    for s in range(1, rng.randint(1, 3) + 1):
                        sub_title = self.take(d["measures"]) or self.take(d["actions"])
                        if sub_title is None:
                            break
                        sub = self.node(exp, "measure", [g, m, s], sub_title, measure)
                        subs.append((sub, self.make_actions(exp, sub, domain)))
                    measures.append((measure, subs))
                else:
                    measures.append((measure, self.make_actions(exp, measure, domain)))
            tree.append((goal, domain, measures))
        return tree

    def node(self, exp: ExpectedPlan, tier: str, path: list[int], title: str, parent: Node | None) -> Node:
        level = len(path) - 1
        word = self.words[level] if tier != "action" else self.words[3]
        style = self.styles[level] if tier != "action" else "none"
        printed, code = number(style, path, word)
        node = Node(
            key="-".join(map(str, path)),
            tier=tier,
            title=nfkc(title),
            parent_key=parent.key if parent else None,
            kind=word if style in WORD_STYLES else None,
            code=code,
            code_printed=printed or None,
        )
        exp.nodes.append(node)
        return node

    def make_actions(self, exp: ExpectedPlan, measure: Node, domain: str) -> list[_Action]:
        rng = self.rng
        d = V.DOMAINS[domain]
        actions = []
        for a in range(1, rng.randint(1, 4) + 1):
            title = self.take(d["actions"])
            if title is None:
                break
            path = [int(x) for x in measure.key.split("-")] + [a]
            node = self.node(exp, "action", path, title, measure)
            depts = [self.department(d)]
            if self.chance(0.25):
                other = self.department(d)
                if not (other.endswith(depts[0]) or depts[0].endswith(other)):
                    depts.append(other)
            fy = (self.fy_start, self.fy_end)
            if self.chance(0.35):
                a0 = rng.randint(self.fy_start, self.fy_end)
                fy = (a0, rng.randint(a0, self.fy_end))
            topic = title.removesuffix("の推進")
            content = rng.choice(V.CONTENT_TEMPLATES).format(topic=topic)
            if self.chance(0.3):
                content += "\n" + rng.choice(V.CONTENT_TEMPLATES).format(topic=topic)
            novelty = rng.choice(["new", "expanded", "continued", "continued"])
            actions.append(_Action(node, domain, content, depts, fy, novelty, self.phases(fy)))
        self.actions.extend(actions)
        return actions

    def department(self, domain: dict) -> str:
        dept = self.rng.choice(domain["departments"])
        with_bureau = self.bureau_mode == "always" or (self.bureau_mode == "sometimes" and self.chance(0.4))
        if with_bureau:
            bureau = next((b for b, ds in V.BUREAUS.items() if dept in ds), None)
            if bureau:
                return bureau + dept
        return dept

    def phases(self, fy: tuple[int, int]) -> list[tuple[int, str]]:
        run = self.rng.choice(V.PHASE_RUNS)
        years = list(range(fy[0], fy[1] + 1))
        result = []
        for i, year in enumerate(years):
            result.append((year, run[min(i, len(run) - 1)]))
        return result

    # --- printing the tree -----------------------------------------------------

    def heading_line(self, node: Node, level: int) -> str:
        printed = node.code_printed or ""
        style = self.styles[len(node.key.split("-")) - 1]
        if style in (
            "paren",
            "paren_fw",
            "kata_paren",
            "kata_paren_ascii",
            "bracket",
            "word_bracket",
            "circled",
        ):
            sep = self.rng.choice(["", " ", "　"])
        elif style in WORD_STYLES:
            sep = self.rng.choice(["　", " ", "：", "　"])
        elif _family(style) in ("dash", "dot"):
            sep = self.rng.choice(["　", " "])
        else:
            sep = self.rng.choice(["　", " ", "．", "　"])
        deco = self.rng.choice(["■", "●", "◆"]) if level == 2 and self.goal_deco else ""
        return f"{deco}{printed}{sep}{node.title}"

    def print_tree(self, exp: ExpectedPlan, tree) -> None:
        for goal, domain, measures in tree:
            self.add("heading", self.heading_line(goal, 2), 2)
            if self.chance(0.6):
                self.add("text", self.rng.choice(V.SECTION_LABELS))
            self.prose(goal.title)
            if self.chance(self.p_indicators) and not self.grouped:
                self.indicator_table(exp, goal, domain)
            if self.grouped:
                self.grouped_table(measures)
                if self.chance(self.p_indicators):
                    self.indicator_table(exp, goal, domain)
            else:
                for measure, children in measures:
                    self.print_measure(exp, measure, children, domain, 3)
            self.add("pagebreak")

    def print_measure(self, exp: ExpectedPlan, measure: Node, children, domain: str, level: int) -> None:
        self.add("heading", self.heading_line(measure, level), level)
        if self.chance(0.5):
            self.prose(measure.title, 1)
        with_indicators = self.chance(self.p_indicators / 2)
        if children and isinstance(children[0], tuple):  # sub-measures: the table goes before them
            if with_indicators:
                self.indicator_table(exp, measure, domain)
            for sub, actions in children:
                self.print_measure(exp, sub, actions, domain, level + 1)
            return
        if children:
            layout = self.rng.choice(self.layouts)
            getattr(self, f"print_{layout}")(exp, children)
        if with_indicators:
            self.indicator_table(exp, measure, domain)

    # --- action codes, departments, novelty --------------------------------------

    def action_code(self, act: _Action, index: int) -> tuple[str, str | None]:
        """(printed prefix/number, code) of the `index`-th action (1-based) of its measure."""
        if self.code_mode == "none":
            return "", None
        self.running_no += 1
        n = self.running_no if self.running and self.code_mode in ("column", "word") else index
        if self.code_mode == "word":
            printed, code = number(self.action_word_style, [n], self.words[3])
            act.node.kind = self.words[3]
        elif self.code_mode == "prefix":
            path = [int(x) for x in act.node.key.split("-")] if self.action_prefix == "dash" else [n]
            printed, code = number(self.action_prefix, path, None)
        else:
            printed, code = str(n), str(n)
        act.node.code, act.node.code_printed = code, printed
        return printed, code

    def dept_text(self, act: _Action) -> str:
        act.node.departments = [nfkc(d) for d in act.departments]
        return self.rng.choice(["、", "・", "\n", "、"]).join(act.departments)

    def print_years(self, act: _Action) -> str:
        act.node.fy_start, act.node.fy_end = act.fy
        return self.year_range(*act.fy)

    def name_header(self) -> str:
        word = self.words[3]
        if word and len(word) <= 4 and self.chance(0.5):
            return word + self.rng.choice(["名", ""])
        return self.rng.choice(V.HEAD_NAME)

    def mark_kind(self, act: _Action, header: str) -> None:
        word = self.words[3]
        if word and header in (word, word + "名") and act.node.kind is None:
            act.node.kind = word

    def name_cell(self, act: _Action, index: int, with_code: bool) -> str:
        printed, _ = self.action_code(act, index) if with_code else ("", None)
        title = act.node.title
        if printed and self.code_mode in ("prefix", "word"):
            closed = self.code_mode == "prefix" and self.action_prefix in ("circled", "paren", "paren_fw")
            sep = "" if closed else self.rng.choice([" ", "　"])
            return printed + sep + self.wrap(title)
        return self.wrap(title)

    def lead_heads(self, name_head: str, codes: bool = True) -> list[str]:
        """Header of the leading columns: [No] + name."""
        return ([self.rng.choice(V.HEAD_NO)] if codes and self.code_mode == "column" else []) + [name_head]

    def lead_cells(self, act: _Action, index: int, codes: bool = True) -> list[str]:
        """Leading cells of an action row: [its number] + its name (with a printed prefix)."""
        if codes and self.code_mode == "column":
            return [self.action_code(act, index)[0], self.name_cell(act, index, False)]
        return [self.name_cell(act, index, codes)]

    # --- layout (a): item table ----------------------------------------------------

    def print_items(self, exp: ExpectedPlan, actions: list[_Action]) -> None:
        rng = self.rng
        cols = ["content", "dept", "period", "novelty"]
        cols = [
            c for c in cols if c == "dept" or self.chance({"content": 0.7, "period": 0.5, "novelty": 0.3}[c])
        ]
        rng.shuffle(cols)
        cols.insert(0 if self.chance(0.8) else min(1, len(cols)), "name")
        if self.code_mode == "column":
            cols.insert(0, "no")
        heads = {
            "no": rng.choice(V.HEAD_NO),
            "name": self.name_header(),
            "content": rng.choice(V.HEAD_CONTENT),
            "dept": rng.choice(V.HEAD_DEPT),
            "period": rng.choice(V.HEAD_PERIOD),
            "novelty": rng.choice(V.HEAD_NOVELTY),
        }
        rows = [[heads[c] for c in cols]]
        for i, act in enumerate(actions, start=1):
            self.mark_kind(act, heads["name"])
            cells = {"name": self.name_cell(act, i, self.code_mode != "column")}
            if "no" in cols:
                cells["no"] = self.action_code(act, i)[0]
            cells["content"] = act.content
            cells["dept"] = self.dept_text(act)
            if "period" in cols:
                cells["period"] = self.print_years(act)
            if "novelty" in cols:
                cells["novelty"] = self.novelty_cell(act, heads["novelty"])
            rows.append([cells[c] for c in cols])
        self.add("table", rows=rows, header_rows=1)

    def novelty_cell(self, act: _Action, header: str) -> str:
        if header == "新規":
            act.node.novelty = "new" if act.novelty == "new" else None
            return "○" if act.novelty == "new" else ""
        act.node.novelty = act.novelty
        return V.NOVELTY_WORDS[act.novelty]

    # --- layout (b): bullet lines -----------------------------------------------------

    def print_bullets(self, exp: ExpectedPlan, actions: list[_Action]) -> None:
        rng = self.rng
        bullet = rng.choice(["・", "○", "◆", "●"])
        form = rng.choice(["（担当：{d}）", "【{d}】", "（{d}）", "　［{d}］"])
        show_dept = self.chance(0.85)
        if self.chance(0.3):
            self.add("text", rng.choice(["＜主な取組＞", "【主な取組】", "■具体的な取組", "主な事業"]))
        for i, act in enumerate(actions, start=1):
            printed, _ = self.action_code(act, i)
            if not printed:
                lead = bullet
            elif self.code_mode == "prefix" and self.action_prefix != "dash":
                lead = printed
            else:
                lead = printed + "　"
            novelty = ""
            if self.chance(0.2):
                act.node.novelty = act.novelty
                novelty = "【" + V.NOVELTY_WORDS[act.novelty] + "】"
            dept = ""
            if show_dept:
                act.node.departments = [nfkc(d) for d in act.departments]
                dept = form.format(d="、".join(act.departments))
            self.add("text", f"{lead}{novelty}{act.node.title}{dept}")
            if self.chance(0.3):
                self.add("text", "　" + act.content.replace("\n", ""))

    # --- layout (c): key–value cards --------------------------------------------------

    def print_cards(self, exp: ExpectedPlan, actions: list[_Action]) -> None:
        rng = self.rng
        keys = {k: rng.choice(v) for k, v in V.CARD_KEYS.items()}
        with_period, with_novelty = self.chance(0.6), self.chance(0.3)
        for i, act in enumerate(actions, start=1):
            rows = []
            if self.code_mode == "word":
                printed, _ = self.action_code(act, i)
                self.add("text", f"{printed}{rng.choice(['　', ' '])}{act.node.title}")
            else:
                if self.code_mode == "column":
                    rows.append([rng.choice(V.HEAD_NO), self.action_code(act, i)[0]])
                rows.append([keys["name"], self.name_cell(act, i, self.code_mode == "prefix")])
                self.mark_kind(act, keys["name"])
            rows.append([keys["dept"], self.dept_text(act)])
            rows.append([keys["content"], act.content])
            if with_period:
                rows.append([keys["period"], self.print_years(act)])
            if with_novelty:
                act.node.novelty = act.novelty
                rows.append([keys["novelty"], V.NOVELTY_WORDS[act.novelty]])
            self.add("table", rows=rows)

    # --- layout (d): fiscal-year strip ------------------------------------------------

    def print_strip(
        self, exp: ExpectedPlan, actions: list[_Action], with_dept: bool | None = None, codes: bool = True
    ) -> None:
        rng = self.rng
        years = list(range(self.fy_start, self.fy_end + 1))
        with_dept = self.chance(0.7) if with_dept is None else with_dept
        mode = rng.choice(["text", "arrow", "mark"])
        mark = rng.choice(V.MARKS)
        name_head = self.name_header()
        lead = self.lead_heads(name_head, codes) + ([rng.choice(V.HEAD_DEPT)] if with_dept else [])
        year_heads = [self.year(y) for y in years]
        if self.chance(0.3):
            header = [
                lead + [rng.choice(["スケジュール", "年度別計画", "実施予定"])] + [""] * (len(years) - 1)
            ]
            header.append([""] * len(lead) + year_heads)
        else:
            header = [lead + year_heads]
        rows = list(header)
        for i, act in enumerate(actions, start=1):
            self.mark_kind(act, name_head)
            row = self.lead_cells(act, i, codes)
            if with_dept:
                row.append(self.dept_text(act))
            row += self.strip_cells(exp, act, years, mode, mark)
            rows.append(row)
        self.add("table", rows=rows, header_rows=len(header))

    def strip_cells(
        self, exp: ExpectedPlan, act: _Action, years: list[int], mode: str, mark: str
    ) -> list[str]:
        phases = {y: p for y, p in act.phases if y in years}
        if not phases:  # the action runs only after the strip's last year
            return [""] * len(years)
        act.node.fy_start, act.node.fy_end = min(phases), max(phases)
        cells, before = [], None
        for y in years:
            phase = phases.get(y)
            if phase is None:
                cells.append("")
                continue
            if mode == "mark":
                cells.append(mark)
                exp.schedules.append(ScheduleEntry(act.node.key, y, None))
                continue
            cells.append("→" if mode == "arrow" and phase == before else phase)
            exp.schedules.append(ScheduleEntry(act.node.key, y, phase))
            before = phase
        return cells

    # --- layout (e): evaluation table of a progress report ----------------------------------

    def legend(self) -> None:
        self.add("text", self.rng.choice(["【評価の基準】", "＜評価区分＞", "※評価基準", "評価の区分"]))
        parts = [f"{g}：{meaning}" for g, meaning in self.grades]
        if self.chance(0.5):
            self.add("text", "　".join(parts))
        else:
            for part in parts:
                self.add("text", part)

    def print_eval(self, exp: ExpectedPlan, actions: list[_Action]) -> None:
        rng = self.rng
        fy = self.report_fy
        grade_head = rng.choice(V.HEAD_GRADE)
        status_head = rng.choice(V.HEAD_STATUS).format(fy=era_year(fy, rng) + "年")
        cols = ["name", "dept", "status", "grade"] + (["issue"] if self.chance(0.4) else [])
        if self.code_mode == "column":
            cols.insert(0, "no")
        heads = {
            "no": rng.choice(V.HEAD_NO),
            "name": self.name_header(),
            "dept": rng.choice(V.HEAD_DEPT),
            "status": status_head,
            "grade": grade_head,
            "issue": rng.choice(V.HEAD_ISSUE),
        }
        rows = [[heads[c] for c in cols]]
        weights = [3, 4, 2, 1][: len(self.grades)]
        for i, act in enumerate(actions, start=1):
            self.mark_kind(act, heads["name"])
            g = rng.choices(range(len(self.grades)), weights=weights)[0]
            grade = self.grades[g][0]
            exp.evaluations.append(Evaluation(act.node.key, grade, "ABCDE"[g], fy))
            cells = {
                "name": self.name_cell(act, i, self.code_mode != "column"),
                "dept": self.dept_text(act),
                "status": rng.choice(V.STATUS_TEMPLATES).format(n=rng.randint(2, 12)),
                "grade": grade,
                "issue": rng.choice(V.ISSUE_TEMPLATES),
            }
            if "no" in cols:
                cells["no"] = self.action_code(act, i)[0]
            rows.append([cells[c] for c in cols])
        self.add("table", rows=rows, header_rows=1)

    # --- layout (f): one table per goal with a measure column ---------------------------------

    def grouped_table(self, measures) -> None:
        rng = self.rng
        with_content = self.chance(0.5)
        name_head = self.name_header()
        header = [rng.choice(V.HEAD_MEASURE)] + self.lead_heads(name_head)
        header += [rng.choice(V.HEAD_CONTENT)] if with_content else []
        header.append(rng.choice(V.HEAD_DEPT))
        rows = [header]
        for measure, actions in measures:
            label = self.wrap(self.label(measure), 0.4)
            for i, act in enumerate(actions, start=1):
                self.mark_kind(act, name_head)
                row = [label if i == 1 else ""] + self.lead_cells(act, i)
                row += [act.content] if with_content else []
                row.append(self.dept_text(act))
                rows.append(row)
        self.add("table", rows=rows, header_rows=1)

    # --- indicator tables -----------------------------------------------------------------

    def indicator_table(self, exp: ExpectedPlan, node: Node | None, domain: str | None) -> None:
        rng = self.rng
        pool = (
            V.DOMAINS[domain]["indicators"]
            if domain
            else [i for d in V.DOMAINS.values() for i in d["indicators"]]
        )
        free = [i for i in pool if i[0] not in self.used_indicators]
        if not free:
            return
        chosen = rng.sample(free, min(len(free), rng.randint(1, 3 if domain else 5)))
        self.used_indicators.update(i[0] for i in chosen)
        table = _IndicatorTable(self, node)
        self.add(
            "text",
            rng.choice(["【成果指標】", "■ 成果指標", "＜目標指標＞", "数値目標", "重要業績評価指標（KPI）"]),
        )
        self.add("table", rows=table.rows(exp, chosen), header_rows=table.header_rows)

    # --- other sections ----------------------------------------------------------------------

    def structure_table(self, tree) -> None:
        """施策体系: goals and measures again, the goal printed in its group's first row only."""
        goal_word, measure_word, sub_word, _ = self.words
        self.add("heading", self.rng.choice(["施策の体系", "計画の体系", "体系図"]), 5)
        header = [goal_word or "基本目標", measure_word or "施策"] + (
            [sub_word or "取組"] if self.depth == 3 else []
        )
        rows = [header]
        for goal, _, measures in tree:
            first_goal = True
            for measure, children in measures:
                subs = [c[0] for c in children] if self.depth == 3 else [None]
                for k, sub in enumerate(subs or [None]):
                    row = [self.wrap(self.label(goal), 0.3) if first_goal else ""]
                    row.append(self.label(measure) if k == 0 else "")
                    if self.depth == 3:
                        row.append(self.label(sub) if sub else "")
                    rows.append(row)
                    first_goal = False
        self.add("table", rows=rows, header_rows=1)

    def label(self, node: Node) -> str:
        """Numbering and title in one cell; no space only after a closing bracket or circled digit."""
        printed = node.code_printed or ""
        closed = printed.endswith(("）", ")", "】")) or printed[-1:] in CIRCLED
        return f"{printed}{self.rng.choice(['　', ' '] + ([''] if closed else []))}{node.title}".strip()

    def schedule_section(self, exp: ExpectedPlan) -> None:
        printed = [a for a in self.actions if not any(s.node_key == a.node.key for s in exp.schedules)]
        if not printed:
            return
        self.add("heading", self.rng.choice(["主な事業の年度別計画", "事業スケジュール", "工程表"]), 5)
        self.print_strip(exp, printed, with_dept=False, codes=False)


class _IndicatorTable:
    """One indicator table: where its units and years are printed is chosen per table."""

    def __init__(self, gen: _Gen, node: Node | None):
        rng = gen.rng
        self.gen, self.rng, self.node = gen, rng, node
        self.unit_at = rng.choice(["column", "name", "value", "value"])
        self.year_at = rng.choice(["header", "header", "cell", "row2"])
        # A progress report prints the year's actual; a new plan sometimes the latest one before it.
        self.with_actual = gen.progress or rng.random() < 0.2
        self.with_no = rng.random() < 0.3
        self.with_direction = rng.random() < 0.15
        self.base_head = rng.choice(V.HEAD_BASE)
        self.target_head = rng.choice(V.HEAD_TARGET)
        self.base_fy = gen.fy_start - (1 if self.base_head == "策定時" else rng.choice([1, 1, 2]))
        if self.with_actual and not gen.progress:
            self.base_fy = gen.fy_start - rng.choice([3, 4])
        mid = gen.fy_start + (gen.fy_end - gen.fy_start) // 2
        self.target_fy = mid if self.target_head == "中間目標" else gen.fy_end
        self.actual_fy = gen.report_fy or gen.fy_start - 1
        self.year_style = rng.choice(["era", "letter", "western", "letter_nendo"])
        self.header_rows = 2 if self.year_at == "row2" else 1

    def yr(self, fy: int) -> str:
        return fy_text(fy, self.year_style, self.rng, self.gen.digits_fw)

    def rows(self, exp: ExpectedPlan, chosen) -> list[list[str]]:
        rng = self.rng
        head = [rng.choice(V.HEAD_IND_NAME)]
        head += [rng.choice(V.HEAD_UNIT)] if self.unit_at == "column" else []
        value_heads = [(self.base_head, self.base_fy), (self.target_head, self.target_fy)]
        if self.with_actual:
            value_heads.insert(1 if rng.random() < 0.5 else 2, (rng.choice(V.HEAD_ACTUAL), self.actual_fy))
        self.order = [h for h, _ in value_heads]
        rows = []
        if self.year_at == "header":
            head += [
                f"{h}（{self.yr(fy)}）" if rng.random() < 0.8 else f"{h}\n（{self.yr(fy)}）"
                for h, fy in value_heads
            ]
        else:
            head += [h for h, _ in value_heads]
        head += [rng.choice(V.HEAD_DIRECTION)] if self.with_direction else []
        head = ([rng.choice(V.HEAD_NO)] if self.with_no else []) + head
        rows.append(head)
        if self.year_at == "row2":
            lead = 1 + self.with_no + (self.unit_at == "column")
            rows.append([""] * lead + [self.yr(fy) for _, fy in value_heads] + [""] * self.with_direction)
        for k, spec in enumerate(chosen, start=1):
            rows.append(self.row(exp, k, spec, value_heads))
        return rows

    def row(self, exp: ExpectedPlan, k: int, spec, value_heads) -> list[str]:
        rng = self.rng
        name, unit, (low, high), up, cumulative = spec
        shown_name = name + ("（累計）" if cumulative else "")
        base = _round(rng.uniform(low, high), unit)
        target = _target(base, unit, up, cumulative, rng)
        actual = _round(base + (target - base) * rng.uniform(0.2, 1.1), unit)
        qualifier = None
        if rng.random() < 0.3:
            qualifier = rng.choice(["以上" if up else "以下", "程度", "約"])
        ind = Indicator(
            name=nfkc(shown_name),
            unit=nfkc(unit) if unit else None,
            baseline_value=base,
            baseline_fy=self.base_fy,
            target_value=target,
            target_fy=self.target_fy,
            actual_value=actual if self.with_actual else None,
            actual_fy=self.actual_fy if self.with_actual else None,
            qualifier=qualifier,
            node_key=self.node.key if self.node else None,
        )
        exp.indicators.append(ind)
        cells = [shown_name + (self.unit_in_name(unit) if self.unit_at == "name" and unit else "")]
        if self.unit_at == "column":
            cells.append((self.unit_shown(unit)) if unit else rng.choice(["－", ""]))
        values = {
            self.base_head: (base, self.base_fy, None),
            self.target_head: (target, self.target_fy, qualifier),
        }
        for head, fy in value_heads:
            value, _, qual = values.get(head, (actual, fy, None))
            cells.append(self.value_cell(value, unit, fy, qual))
        if self.with_direction:
            cells.append("↑" if up else "↓")
        return ([str(k)] if self.with_no else []) + cells

    def unit_shown(self, unit: str) -> str:
        return "％" if unit == "%" and self.rng.random() < 0.6 else unit

    def unit_in_name(self, unit: str) -> str:
        return f"（{self.unit_shown(unit)}）" if self.rng.random() < 0.7 else f"({self.unit_shown(unit)})"

    def value_cell(self, value: float, unit: str | None, fy: int, qualifier: str | None) -> str:
        text = _format_number(value, unit, self.rng)
        if self.gen.digits_fw:
            text = fw(text).replace(",", "，")
        if self.unit_at == "value" and unit:
            text += self.unit_shown(unit)
        if qualifier == "約":
            text = "約" + text
        elif qualifier:
            text += qualifier
        if self.year_at == "cell":
            sep = "\n" if self.rng.random() < 0.4 else ""
            text += f"{sep}（{self.yr(fy)}）" if self.rng.random() < 0.7 else f"{sep}({self.yr(fy)})"
        return text


def _round(value: float, unit: str | None) -> float:
    if unit in ("%", "万人", "億円"):
        return round(value, 1)
    if unit is None:
        return round(value, 2)
    return float(round(value))


def _target(base: float, unit: str | None, up: bool, cumulative: bool, rng: random.Random) -> float:
    if unit == "%":
        step = rng.choice([5, 10, 15]) if up else -rng.choice([2, 5])
        return float(min(100, max(0, round(base + step))))
    factor = rng.uniform(1.1, 1.6) if up or cumulative else rng.uniform(0.6, 0.95)
    target = base * factor
    if unit is None:
        return round(target, 2)
    if target >= 1000:
        return float(round(target, -2))
    if target >= 100:
        return float(round(target, -1))
    return _round(target, unit)


def _format_number(value: float, unit: str | None, rng: random.Random) -> str:
    if unit is None:
        return f"{value:.2f}"
    if value != int(value):
        return f"{value:.1f}"
    n = int(value)
    return f"{n:,}" if n >= 1000 and rng.random() < 0.8 else str(n)


def generate(rng: random.Random | int) -> GeneratedPlan:
    """One plan document and its expected records."""
    seed = rng if isinstance(rng, int) else None
    g = _Gen(random.Random(rng) if isinstance(rng, int) else rng)
    g.settings()
    g.chapter_style = "roman" if g.styles[0] != "roman" and g.chance(0.2) else "chapter"
    g.goal_deco = g.chance(0.15)
    g.p_indicators = g.rng.choice([0.0, 0.3, 0.5])
    title = g.title()
    exp = ExpectedPlan(
        title=nfkc(title),
        fy_start=g.fy_start,
        fy_end=g.fy_end,
        kind=g.kind + ("+progress" if g.progress else ""),
    )
    before = g.rng.choice(V.CHAPTERS_BEFORE)
    after = g.rng.choice(V.CHAPTERS_AFTER)
    tree_chapter = g.rng.choice(V.CHAPTER_TREE)
    g.front(title)
    if g.chance(0.5):
        g.toc([before, (tree_chapter, []), after])
    g.overview(before)
    tree = g.build_tree(exp)
    g.chapter_heading(2, tree_chapter)
    if g.chance(0.35):
        g.structure_table(tree)
    if g.progress:
        g.legend()
    g.print_tree(exp, tree)
    g.chapter_heading(3, after[0])
    for j, section in enumerate(after[1], start=1):
        g.add("heading", f"{j}　{section}", 5)
        g.prose("計画の着実な推進", 1)
    if g.chance(0.4) or not exp.indicators:
        if g.chance(0.6):
            g.indicator_table(exp, None, None)
    if not g.progress and g.fy_end - g.fy_start < 5 and g.chance(0.25):
        g.schedule_section(exp)
    _order(exp)
    return GeneratedPlan(expected=exp, blocks=g.blocks, city=g.city, seed=seed)


def _order(exp: ExpectedPlan) -> None:
    """Schedules in node then year order; nodes already are in document order."""
    keys = {n.key: i for i, n in enumerate(exp.nodes)}
    exp.schedules.sort(key=lambda s: (keys[s.node_key], s.fiscal_year))
