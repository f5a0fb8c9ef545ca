"""Measure sheets, the fiscal-year strip: one row per overview action, phases as bars.

A row's phases come from the bars drawn over it (a PDF, or the text export repaired by
`pipeline.segment.repair.centred_timeline`); where none are drawn, from its labels, each
taken to sit at the centre of its bar.
"""

from __future__ import annotations

from pipeline.model.ir import Row
from pipeline.normalize.text import clean
from pipeline.segment.base import Extraction, provenance
from pipeline.segment.layouts.measure_reading import ARROWS, OverviewRow, Strip, at, strip_labels
from pipeline.segment.repair.centred_timeline import centred_bars


def timeline(ext: Extraction, ids: dict[str, str], actions: list[OverviewRow], strip: Strip) -> list[dict]:
    """Timeline schedules of a strip whose rows align with the overview's action rows.

    A row's phases come from the bars drawn over it (PDF); where none are drawn, from its
    labels, each taken to sit at the centre of its bar (text).
    """
    if len(strip.rows) != len(actions):
        ext.warn(
            f"year strip has {len(strip.rows)} rows but the overview before it lists {len(actions)} actions; "
            "its bars are not assigned",
            **at(strip.block),
        )
        return []
    result = []
    for k, (action, row) in enumerate(zip(actions, strip.rows, strict=True)):
        phases = drawn_phases(ext, action, strip, k) or centred_phases(ext, action, strip, row)
        result += [
            dict(measure_id=ids[action.code], fy_start=a, fy_end=b, phase=label, source="timeline", **prov)
            for a, b, label, prov in phases
        ]
    return result


def drawn_phases(ext: Extraction, action: OverviewRow, strip: Strip, k: int) -> list[tuple]:
    """(fy_start, fy_end, phase, provenance) of each bar drawn over strip row k, left to right."""
    offset = len(strip.block.rows) - len(strip.rows)  # the header row(s) above the strip's rows
    row, year_of = strip.rows[k], dict(zip(strip.columns, strip.years, strict=True))
    bars = sorted((b for b in strip.block.bars if b.row == k + offset), key=lambda b: b.first)
    for i, label in strip_labels(strip, row):
        if bars and not any(b.first <= strip.columns[i] <= b.last for b in bars):
            ext.warn(f"action {action.code}: label {label} in {strip.years[i]} lies under no bar", **at(row))
    result = []
    for bar in bars:
        years = [year_of[i] for i in range(bar.first, bar.last + 1) if i in year_of]
        if not years:
            ext.warn(f"action {action.code}: a bar drawn outside the year columns; not read", **at(row))
            continue
        inside = [label for _, label in strip_labels(strip, row, bar.first, bar.last)]
        label = clean(bar.text.translate(ARROWS)) or (inside[0] if len(inside) == 1 else None)
        if label is None:
            printed = "、".join(inside) or "no label"
            ext.warn(
                f"action {action.code}: the bar over {years[0]}–{years[-1]} has no single label ({printed}); "
                "its phase is left empty",
                **at(row),
            )
        result.append(
            (years[0], years[-1], label, {**provenance(row), "bbox": list(bar.bbox) if bar.bbox else None})
        )
    return result


def centred_phases(ext: Extraction, action: OverviewRow, strip: Strip, row: Row) -> list[tuple]:
    """(fy_start, fy_end, phase, provenance) of a row's labels, each centred on its bar (`centred_bars`)."""
    labels = strip_labels(strip, row)
    fits = centred_bars([k for k, _ in labels], len(strip.years))
    if len(fits) != 1:
        printed = ", ".join(f"{label} in {strip.years[k]}" for k, label in labels) or "no label"
        ext.warn(
            f"action {action.code}: {len(fits)} bar layouts fit its timeline row ({printed}); not read",
            **at(row),
        )
        return []
    return [
        (strip.years[a], strip.years[b], label, provenance(row))
        for (a, b), (_, label) in zip(fits[0], labels, strict=True)
    ]
