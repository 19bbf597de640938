"""The events-over-time chart as inline SVG, drawn in Python.

SVG rather than a JS chart library: the page must work offline and from a
static server with no CDN, and a stacked bar chart is a few dozen rects.
Bars are per year, or per month when the dated events span two years or less
(a per-year chart of a short corpus would be one bar).
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from html import escape

from bilateral import vocab

# One fixed colour per PLOVER type (Tableau 20 minus greys), so colours mean the same on every page.
PALETTE = ("#4e79a7", "#a0cbe8", "#f28e2b", "#ffbe7d", "#59a14f", "#8cd17d", "#b6992d", "#f1ce63",
           "#499894", "#86bcb6", "#e15759", "#ff9d9a", "#b07aa1", "#d4a6c8", "#9d7660", "#d7b5a6")
COLOURS = dict(zip(vocab.PLOVER_TYPES, PALETTE, strict=True))
WIDTH, HEIGHT = 760, 280
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 14, 42


def buckets(starts: list[dt.date]) -> tuple[str, list[str]]:
    """('year' or 'month', every bucket label from the first to the last, gaps included)."""
    if not starts:
        return "year", []
    first, last = min(starts), max(starts)
    if last.year - first.year <= 1:
        labels, year, month = [], first.year, first.month
        while (year, month) <= (last.year, last.month):
            labels.append(f"{year}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return "month", labels
    return "year", [str(y) for y in range(first.year, last.year + 1)]


def _nice_max(value: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if value <= step * 4:
            return step * 4
    return value


def events_svg(events: list[tuple[dt.date | None, str]]) -> tuple[str, int]:
    """(SVG markup, number of undated events left out) for (date_start, event_type) pairs."""
    dated = [(d, t) for d, t in events if d is not None]
    unit, labels = buckets([d for d, _ in dated])
    key = (lambda d: f"{d.year}-{d.month:02d}") if unit == "month" else (lambda d: str(d.year))
    counts = Counter((key(d), t) for d, t in dated)
    totals = Counter(key(d) for d, _ in dated)
    top = _nice_max(max(totals.values(), default=1))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(labels), 1)
    bar = max(min(slot * 0.8, 60), 1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" '
             f'height="{HEIGHT}" role="img" aria-labelledby="chart-title">',
             f'<title id="chart-title">Events per {unit} by PLOVER type</title>',
             '<g font-size="11" fill="#4a5568">']
    for i in range(5):
        value = top * i // 4
        y = TOP + plot_h - plot_h * i / 4
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e6e9ef"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{value}</text>')
    every = max(1, round(len(labels) / 12))  # at most ~12 axis labels
    for i, label in enumerate(labels):
        x = LEFT + slot * i + (slot - bar) / 2
        y = TOP + plot_h
        for event_type in vocab.PLOVER_TYPES:
            n = counts.get((label, event_type), 0)
            if not n:
                continue
            h = plot_h * n / top
            y -= h
            parts.append(f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                         f'fill="{COLOURS[event_type]}"><title>{escape(label)} {event_type}: {n}</title></rect>')
        if i % every == 0:
            parts.append(f'<text x="{x + bar / 2:.1f}" y="{TOP + plot_h + 16}" text-anchor="middle">{escape(label)}</text>')
    parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{TOP + plot_h}" y2="{TOP + plot_h}" stroke="#4a5568"/>')
    parts.append("</g></svg>")
    present = [t for t in vocab.PLOVER_TYPES if any(t == et for _, et in dated)]
    legend = "".join(f'<span><i style="background:{COLOURS[t]}"></i>{t}</span>' for t in present)
    return "".join(parts) + f'<div class="legend">{legend}</div>', len(events) - len(dated)
