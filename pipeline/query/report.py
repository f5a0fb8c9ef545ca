"""One self-contained HTML report: theme heatmap, timelines, indicators, departments.

No network and no scripts: styles and charts (SVG) are inline, and the Japanese
text is set in a subset of IPAexGothic (shipped by matplotlib-fontja, IPA Font
License) embedded as a base64 WOFF that holds exactly the characters the page
uses — so the page renders without any Japanese font installed.
"""

from __future__ import annotations

import base64
import html
import io
import os
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import duckdb

from pipeline.errors import NotFound

FONT_FAMILY = "PlansJP"
DEPARTMENTS_SHOWN = 15
TITLE_CHARS = 26  # action titles are cut to this many characters in the timelines
PHASE_COLORS = {"準備": "#fdd49e", "検討": "#fdae6b", "試行": "#9ecae1", "実施": "#3182bd"}
SCHEDULED_COLOR = "#c6dbef"  # a year with yearly-plan activities but no printed phase
_FONT_PLACEHOLDER = "/*@font-face*/"


def font_path() -> Path:
    """IPAexGothic as shipped by matplotlib-fontja."""
    try:
        path = Path(str(resources.files("matplotlib_fontja") / "fonts" / "ipaexg.ttf"))
    except ModuleNotFoundError:
        path = Path("")
    if not path.is_file():
        raise NotFound(
            "the report embeds IPAexGothic from matplotlib-fontja; install it (pip install matplotlib-fontja)"
        )
    return path


def font_face(text: str, path: Path | None = None) -> str:
    """A CSS @font-face holding a WOFF subset of the font with exactly the characters of `text`."""
    from fontTools import subset

    options = subset.Options()
    options.flavor = "woff"  # zlib: no brotli needed
    options.hinting = False
    options.notdef_outline = True
    font = subset.load_font(io.BytesIO((path or font_path()).read_bytes()), options)  # no file left open
    try:
        subsetter = subset.Subsetter(options)
        subsetter.populate(text="".join(sorted(set(text))))
        subsetter.subset(font)
        buffer = io.BytesIO()
        subset.save_font(font, buffer, options)
    finally:
        font.close()
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f'@font-face {{ font-family: "{FONT_FAMILY}"; src: url(data:font/woff;base64,{data}) format("woff"); }}'


@dataclass
class City:
    code: str
    name: str
    plans: list[tuple] = field(default_factory=list)  # (plan_id, title, status, fy_start, fy_end, actions)
    actions: int = 0


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[tuple]:
    return con.execute(sql, params or []).fetchall()


def collect_cities(con: duckdb.DuckDBPyConnection) -> list[City]:
    cities: dict[tuple[str, str], City] = {}
    for code, city, plan_id, title, status, fy_start, fy_end, actions in _rows(
        con,
        """
        SELECT coalesce(p.municipality_code, ''), coalesce(p.city, p.plan_id), p.plan_id, p.title, p.status,
               p.fy_start, p.fy_end, count(m.measure_id) FILTER (WHERE m.tier = 'action')
        FROM plans p LEFT JOIN measures m USING (plan_id)
        GROUP BY ALL ORDER BY 1, 2, p.plan_id
        """,
    ):
        c = cities.setdefault((code, city), City(code, city))
        c.plans.append((plan_id, title, status, fy_start, fy_end, actions))
        c.actions += actions
    return list(cities.values())


def _e(text: object) -> str:
    return html.escape("" if text is None else str(text))


def _cut(text: str, n: int = TITLE_CHARS) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _period(fy_start: int | None, fy_end: int | None) -> str:
    if fy_start and fy_end:
        return f"{fy_start}–{fy_end}年度"
    return "期間の記載なし"


def section_overview(con: duckdb.DuckDBPyConnection, cities: list[City]) -> str:
    rows = []
    for c in cities:
        for i, (_plan_id, title, status, fy_start, fy_end, actions) in enumerate(c.plans):
            city_cell = (
                f'<td rowspan="{len(c.plans)}">{_e(c.name)}<br><small>{_e(c.code)}</small></td>'
                if i == 0
                else ""
            )
            status_ja = {"draft": "案", "final": "確定"}.get(status or "", "")
            rows.append(
                f"<tr>{city_cell}<td>{_e(title)}</td><td>{_e(status_ja)}</td>"
                f"<td>{_e(_period(fy_start, fy_end))}</td><td class=num>{actions}</td></tr>"
            )
    return (
        "<h2>対象の計画 <small>Plans in the database</small></h2>"
        "<table class=plans><tr><th>市</th><th>計画</th><th>状態</th><th>期間</th><th>取組数</th></tr>"
        + "".join(rows)
        + "</table>"
    )


def _blue(t: float) -> str:
    """A colour from white (0) to dark blue (1)."""
    lo, hi = (247, 251, 255), (8, 48, 107)
    return "#" + "".join(f"{round(a + (b - a) * t):02x}" for a, b in zip(lo, hi, strict=True))


def section_heatmap(con: duckdb.DuckDBPyConnection, cities: list[City]) -> str:
    rows = _rows(
        con,
        "SELECT municipality_code, city, theme, theme_seq, actions, share, city_actions FROM theme_matrix",
    )
    cell = {(r[0] or "", r[1], r[2]): (r[4], r[5]) for r in rows}
    themes = sorted({(r[3], r[2]) for r in rows})
    top = max((r[5] for r in rows), default=0) or 1
    head = "".join(f"<th>{_e(c.name)}<br><small>{c.actions}件</small></th>" for c in cities)
    body = []
    for _, theme in themes:
        cells = []
        for c in cities:
            n, share = cell.get((c.code, c.name, theme), (0, 0.0))
            t = min(1.0, share / top)
            fg = "#fff" if t > 0.55 else "#222"
            shown = f"{n}<small> {share:.0%}</small>" if n else "<small>·</small>"
            cells.append(
                f'<td class=heat style="background:{_blue(t)};color:{fg}" '
                f'title="{_e(c.name)} {_e(theme)}: {n} / {c.actions}">{shown}</td>'
            )
        body.append(f"<tr><th class=theme>{_e(theme)}</th>{''.join(cells)}</tr>")
    return (
        "<h2>テーマ別の取組数 <small>Theme heatmap: actions per theme (share of the city's actions)</small></h2>"
        "<p class=note>色の濃さは各市の取組に占める割合。1つの取組は複数のテーマを持ちうる。"
        "テーマは pipeline/data/themes.toml の語彙による。</p>"
        f"<table class=heat><tr><th></th>{head}</tr>{''.join(body)}</table>"
    )


def _phase_color(phase: str | None) -> str:
    if not phase:
        return SCHEDULED_COLOR
    return PHASE_COLORS.get(phase.split("・")[0], "#6baed6")


def section_timelines(con: duckdb.DuckDBPyConnection, cities: list[City]) -> str:
    rows = _rows(
        con,
        """
        SELECT coalesce(y.municipality_code, ''), y.city, y.measure_id, m.seq, y.code, y.title, y.fiscal_year,
               y.phase, y.activity_count
        FROM schedule_years y JOIN measures m USING (measure_id)
        ORDER BY y.municipality_code, m.plan_id, m.seq, y.fiscal_year
        """,
    )
    known = {r[6] for r in rows} | {y for c in cities for p in c.plans for y in (p[3], p[4]) if y}
    years = list(range(min(known), max(known) + 1)) if known else []
    evaluated = {
        (code or "", city): (years_, n)
        for code, city, years_, n in _rows(
            con,
            """
            SELECT p.municipality_code, p.city, list(DISTINCT e.fiscal_year ORDER BY e.fiscal_year), count(*)
            FROM evaluations e JOIN measures m USING (measure_id) JOIN plans p USING (plan_id) GROUP BY ALL
            """,
        )
    }
    parts = [
        "<h2>年度別の取組 <small>Timeline per city: fiscal years × actions</small></h2>",
        "<p class=note>セルの色は段階（"
        + "".join(
            f'<span class=swatch style="background:{col}"></span>{_e(name)} '
            for name, col in PHASE_COLORS.items()
        )
        + f'<span class=swatch style="background:{SCHEDULED_COLOR}"></span>年次計画あり）、数字はその年度の活動の数。</p>',
    ]
    for c in cities:
        mine = [r for r in rows if (r[0], r[1]) == (c.code, c.name)]
        parts.append(f"<h3>{_e(c.name)}</h3>")
        if (c.code, c.name) in evaluated:
            eval_years, n = evaluated[(c.code, c.name)]
            shown = "・".join(f"{y}年度" for y in eval_years)
            parts.append(f"<p class=note>進捗評価：{shown}（{n}件の評価）</p>")
        if not mine:
            periods = "、".join(f"{_e(p[1])}（{_e(_period(p[3], p[4]))}・{p[5]}件）" for p in c.plans)
            parts.append(f"<p class=note>取組ごとの年度計画の記載なし。{periods}</p>")
            if any(p[3] and p[4] for p in c.plans) and years:
                parts.append(_plan_bars(c, years))
            continue
        parts.append(_gantt(mine, years))
    return "".join(parts)


def _axis(years: list[int], x0: int, col: int) -> str:
    return "".join(
        f'<text x="{x0 + i * col + col / 2}" y="12" text-anchor="middle" class=axis>{y}</text>'
        for i, y in enumerate(years)
    )


def _gantt(rows: list[tuple], years: list[int]) -> str:
    label_w, col, row_h, top = 330, 46, 17, 18
    actions: dict[str, tuple] = {}
    for r in rows:
        actions.setdefault(r[2], (r[4], r[5]))
    index = {mid: i for i, mid in enumerate(actions)}
    width = label_w + col * len(years) + 4
    height = top + row_h * len(actions) + 4
    svg = [
        f'<svg width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img">',
        _axis(years, label_w, col),
    ]
    for mid, (code, title) in actions.items():
        y = top + index[mid] * row_h
        label = f"{code + ' ' if code else ''}{_cut(title)}"
        svg.append(
            f'<text x="{label_w - 6}" y="{y + 12}" text-anchor="end" class=label><title>{_e(title)}</title>{_e(label)}</text>'
        )
        svg.append(
            f'<line x1="{label_w}" x2="{width - 4}" y1="{y + row_h - 0.5}" y2="{y + row_h - 0.5}" class=grid />'
        )
    for _code, _city, mid, _seq, _c, _t, fy, phase, n in rows:
        if fy not in years:
            continue
        x = label_w + years.index(fy) * col
        y = top + index[mid] * row_h
        svg.append(
            f'<rect x="{x + 1}" y="{y + 2}" width="{col - 2}" height="{row_h - 4}" rx="2" fill="{_phase_color(phase)}">'
            f"<title>{fy}年度 {_e(phase or '')} 活動{n}</title></rect>"
        )
        if n:
            fg = "#fff" if phase and phase.startswith("実施") else "#123"
            svg.append(
                f'<text x="{x + col / 2}" y="{y + 12}" text-anchor="middle" class=count style="fill:{fg}">{n}</text>'
            )
    svg.append("</svg>")
    return "".join(svg)


def _plan_bars(c: City, years: list[int]) -> str:
    label_w, col, row_h, top = 330, 46, 17, 18
    plans = [p for p in c.plans if p[3] and p[4]]
    width = label_w + col * len(years) + 4
    height = top + row_h * len(plans) + 4
    svg = [
        f'<svg width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img">',
        _axis(years, label_w, col),
    ]
    for i, (_pid, title, _status, fy_start, fy_end, actions) in enumerate(plans):
        y = top + i * row_h
        svg.append(
            f'<text x="{label_w - 6}" y="{y + 12}" text-anchor="end" class=label>{_e(_cut(title))}</text>'
        )
        x0 = label_w + years.index(fy_start) * col if fy_start in years else label_w
        x1 = label_w + (years.index(fy_end) + 1) * col if fy_end in years else width - 4
        svg.append(
            f'<rect x="{x0 + 1}" y="{y + 2}" width="{x1 - x0 - 2}" height="{row_h - 4}" rx="2" fill="#d9d9d9">'
            f"<title>{_e(title)} {fy_start}–{fy_end}</title></rect>"
            f'<text x="{(x0 + x1) / 2}" y="{y + 12}" text-anchor="middle" class=count>計画期間（取組{actions}件）</text>'
        )
    svg.append("</svg>")
    return "".join(svg)


def _fmt(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}".rstrip("0").rstrip(".")


def _dumbbell(baseline: float | None, target: float | None, actual: float | None) -> str:
    width, height, pad = 240, 22, 8
    values = [v for v in (baseline, target, actual) if v is not None]
    if not values:
        return ""
    lo, hi = min(values), max(values)
    margin = 0.2 * ((hi - lo) or abs(hi) or 1.0)
    lo, hi = lo - margin, hi + margin  # each indicator on its own scale: the direction is what shows

    def x(v: float) -> float:
        return pad + (width - 2 * pad) * (v - lo) / (hi - lo)

    svg = [f'<svg width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img">']
    svg.append(f'<line x1="{pad}" x2="{width - pad}" y1="11" y2="11" class=track />')
    if baseline is not None and target is not None:
        svg.append(f'<line x1="{x(baseline)}" x2="{x(target)}" y1="11" y2="11" class=span />')
    if baseline is not None:
        svg.append(
            f'<circle cx="{x(baseline)}" cy="11" r="5" class=base><title>現状 {_fmt(baseline)}</title></circle>'
        )
    if target is not None:
        svg.append(
            f'<circle cx="{x(target)}" cy="11" r="6" class=target><title>目標 {_fmt(target)}</title></circle>'
        )
    if actual is not None:
        svg.append(
            f'<circle cx="{x(actual)}" cy="11" r="4.5" class=actual><title>実績 {_fmt(actual)}</title></circle>'
        )
    svg.append("</svg>")
    return "".join(svg)


def _value(v: float | None, text: str | None, fy: int | None, unit: str | None) -> str:
    """An indicator value with its unit and fiscal year (the printed text when not numeric)."""
    shown = f"{_fmt(v)}{_e(unit or '')}" if v is not None else _e(text or "—")
    return f"{shown}<br><small>{fy or ''}{'年度' if fy else ''}</small>"


def section_indicators(con: duckdb.DuckDBPyConnection) -> str:
    rows = _rows(
        con,
        """
        SELECT city, name, unit, baseline_value, baseline_text, baseline_fy, target_value, target_text, target_fy,
               actual_value, actual_text, actual_fy, progress, achieved
        FROM indicator_progress ORDER BY municipality_code, plan_id, seq, indicator_id
        """,
    )
    body = []
    for city, name, unit, bv, bt, bfy, tv, tt, tfy, av, at, afy, progress, achieved in rows:
        mark = (
            ""
            if achieved is None
            else ("<span class=ok>達成</span>" if achieved else "<span class=ng>未達</span>")
        )
        prog = f"{progress:.0%}" if progress is not None else ""
        body.append(
            f"<tr><td>{_e(city)}</td><td>{_e(name)}</td><td class=num>{_value(bv, bt, bfy, unit)}</td>"
            f"<td class=num>{_value(tv, tt, tfy, unit)}</td>"
            f"<td class=num>{_value(av, at, afy, unit) if (av is not None or at) else ''}</td>"
            f"<td>{_dumbbell(bv, tv, av)}</td><td class=num>{prog} {mark}</td></tr>"
        )
    return (
        "<h2>指標：現状 → 目標（→ 実績） <small>Indicators: baseline → target (→ actual)</small></h2>"
        '<p class=note><svg width="150" height="14"><circle cx="8" cy="7" r="5" class=base /><text x="17" y="11" class=axis>現状</text>'
        '<circle cx="58" cy="7" r="6" class=target /><text x="67" y="11" class=axis>目標</text>'
        '<circle cx="108" cy="7" r="4.5" class=actual /><text x="116" y="11" class=axis>実績</text></svg> '
        "進捗 = (実績 − 現状) ÷ (目標 − 現状)。</p>"
        "<table class=ind><tr><th>市</th><th>指標</th><th>現状</th><th>目標</th><th>実績</th><th></th><th>進捗</th></tr>"
        + "".join(body)
        + "</table>"
    )


def section_departments(con: duckdb.DuckDBPyConnection, cities: list[City]) -> str:
    rows = _rows(
        con,
        f"""
        SELECT p.city, d.department, count(DISTINCT d.measure_id) AS actions
        FROM measure_departments d JOIN measures m USING (measure_id) JOIN plans p USING (plan_id)
        WHERE m.tier = 'action' GROUP BY ALL ORDER BY actions DESC, p.city, d.department LIMIT {DEPARTMENTS_SHOWN}
        """,
    )
    with_departments = {
        r[0]
        for r in _rows(
            con,
            "SELECT DISTINCT p.city FROM measure_departments d JOIN measures m USING (measure_id) JOIN plans p USING (plan_id)",
        )
    }
    top = max((r[2] for r in rows), default=1)
    bars = "".join(
        f"<div class=bar><span class=blabel>{_e(city)} {_e(dep)}</span>"
        f'<span class=bfill style="width:{360 * n / top:.0f}px"></span><span class=bnum>{n}</span></div>'
        for city, dep, n in rows
    )
    missing = [c.name for c in cities if c.name not in with_departments]
    note = f"<p class=note>担当課の記載がない計画：{'、'.join(_e(m) for m in missing)}</p>" if missing else ""
    return (
        f"<h2>取組の多い担当課 <small>Departments carrying the most actions (top {DEPARTMENTS_SHOWN})</small></h2>"
        f"{bars}{note}"
    )


CSS = """
body { font-family: "$FONT", sans-serif; margin: 24px auto; max-width: 1120px; color: #222; line-height: 1.45; padding: 0 16px; }
h1 { font-size: 24px; margin-bottom: 4px; } h2 { font-size: 19px; margin-top: 34px; border-bottom: 2px solid #3182bd; }
h3 { font-size: 16px; margin: 18px 0 4px; } small { color: #666; font-weight: normal; }
table { border-collapse: collapse; font-size: 13px; } th, td { padding: 3px 7px; border: 1px solid #ddd; vertical-align: middle; }
th { background: #f3f6f9; } td.num { text-align: right; white-space: nowrap; }
table.heat td.heat { text-align: center; min-width: 72px; } table.heat td small { color: inherit; opacity: .75; font-size: 10px; }
th.theme { text-align: left; white-space: nowrap; } .note { color: #555; font-size: 12.5px; }
svg text { font-family: "$FONT", sans-serif; } .axis { font-size: 11px; fill: #444; } .label { font-size: 11.5px; fill: #222; }
.count { font-size: 10px; fill: #123; } .grid { stroke: #eee; }
.track { stroke: #ddd; stroke-width: 2; } .span { stroke: #9ecae1; stroke-width: 4; }
.base { fill: #969696; } .target { fill: none; stroke: #08519c; stroke-width: 2.5; } .actual { fill: #f16913; }
.swatch { display: inline-block; width: 12px; height: 12px; margin: 0 3px -2px 6px; border-radius: 2px; }
.ok { color: #fff; background: #31a354; padding: 0 4px; border-radius: 3px; font-size: 11px; }
.ng { color: #fff; background: #de2d26; padding: 0 4px; border-radius: 3px; font-size: 11px; }
.bar { display: flex; align-items: center; font-size: 13px; margin: 3px 0; }
.blabel { width: 300px; text-align: right; padding-right: 8px; } .bfill { height: 14px; background: #3182bd; border-radius: 2px; }
.bnum { padding-left: 6px; } code { font-family: "$FONT", monospace; } footer { margin-top: 36px; font-size: 11.5px; color: #666; border-top: 1px solid #ddd; padding-top: 8px; }
""".replace("$FONT", FONT_FAMILY)


def render_report(con: duckdb.DuckDBPyConnection, font: Path | None = None) -> str:
    """The report as one HTML string (font subset embedded)."""
    meta = dict(_rows(con, "SELECT key, value FROM meta"))
    cities = collect_cities(con)
    names = "・".join(c.name for c in cities)
    body = "".join(
        [
            f"<h1>市町村の協働・コミュニティ計画の比較</h1><p>{_e(names)}（{len(cities)}市）の計画書から "
            f"<code>plans</code> が読み取った取組・テーマ・年度計画・指標・担当課。</p>",
            section_overview(con, cities),
            section_heatmap(con, cities),
            section_timelines(con, cities),
            section_indicators(con),
            section_departments(con, cities),
            f"<footer>plans.duckdb built {_e(meta.get('built_at'))} · schema {_e(meta.get('schema_version'))} · "
            f"parser {_e(meta.get('parser_version'))} · themes {_e(meta.get('themes_version'))} · "
            f"{_e(meta.get('sudachi_dictionary'))}. 日本語は IPAexGothic（IPAフォントライセンス）のサブセットを埋め込んで表示。</footer>",
        ]
    )
    page = (
        '<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>plans report: {_e(names)}</title><style>{_FONT_PLACEHOLDER}{CSS}</style></head>"
        f"<body>{body}</body></html>"
    )
    return page.replace(_FONT_PLACEHOLDER, font_face(page, font), 1)


def write_report(con: duckdb.DuckDBPyConnection, path: Path, font: Path | None = None) -> int:
    """Write the report atomically; return its size in bytes."""
    text = render_report(con, font)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
    return len(text.encode("utf-8"))
