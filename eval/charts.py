"""Inline SVG charts for the self-contained HTML report: grouped bars and a histogram."""

from __future__ import annotations

from html import escape
from typing import Sequence

PALETTE: tuple[str, ...] = ("#c0392b", "#2e86c1", "#27ae60", "#8e44ad", "#d68910", "#566573")


def grouped_bars(title: str, groups: Sequence[str], series: Sequence[tuple[str, Sequence[float | None]]]) -> str:
    """A grouped bar chart of values in 0..1 as inline SVG."""
    width, height, left, bottom, top = 760, 300, 44, 56, 30
    plot_w, plot_h = width - left - 16, height - top - bottom
    group_w = plot_w / max(len(groups), 1)
    bar_w = group_w * 0.8 / max(len(series), 1)
    out = [f'<svg viewBox="0 0 {width} {height + 22 * ((len(series) + 2) // 3)}" '
           f'role="img" aria-label="{escape(title)}" class="chart">',
           f'<text x="{width / 2}" y="18" text-anchor="middle" class="t">{escape(title)}</text>']
    for tick in (0, 0.25, 0.5, 0.75, 1.0):
        y = top + plot_h * (1 - tick)
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - 16}" y2="{y:.1f}" class="grid"/>'
                   f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{tick:.2f}</text>')
    for gi, group in enumerate(groups):
        x0 = left + gi * group_w + group_w * 0.1
        for si, (_, values) in enumerate(series):
            value = values[gi]
            if value is None:
                continue
            h = plot_h * max(0.0, min(1.0, value))
            x = x0 + si * bar_w
            out.append(f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{bar_w * 0.9:.1f}" height="{h:.1f}" '
                       f'fill="{PALETTE[si % len(PALETTE)]}"><title>{escape(group)} · {escape(series[si][0])}：{value:.3f}</title></rect>')
        out.append(f'<text x="{left + gi * group_w + group_w / 2:.1f}" y="{top + plot_h + 18}" text-anchor="middle">{escape(group)}</text>')
    for si, (name, _) in enumerate(series):
        lx, ly = left + (si % 3) * 240, height + 22 * (si // 3) - 14
        out.append(f'<rect x="{lx}" y="{ly - 10}" width="12" height="12" fill="{PALETTE[si % len(PALETTE)]}"/>'
                   f'<text x="{lx + 18}" y="{ly}">{escape(name)}</text>')
    out.append("</svg>")
    return "".join(out)


def histogram(title: str, values: Sequence[float], bins: int = 12, unit: str = "毫秒") -> str:
    """A histogram of positive values as inline SVG."""
    width, height, left, bottom, top = 760, 260, 44, 44, 30
    plot_w, plot_h = width - left - 16, height - top - bottom
    out = [f'<svg viewBox="0 0 {width} {height}" role="img" '
           f'aria-label="{escape(title)}" class="chart">',
           f'<text x="{width / 2}" y="18" text-anchor="middle" class="t">{escape(title)}</text>']
    if not values:
        out.append(f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle">无数据</text></svg>')
        return "".join(out)
    lo, hi = min(values), max(values)
    step = (hi - lo) / bins or 1.0
    counts = [0] * bins
    for v in values:
        counts[min(int((v - lo) / step), bins - 1)] += 1
    peak = max(counts)
    bar_w = plot_w / bins
    for i, c in enumerate(counts):
        h = plot_h * c / peak
        x = left + i * bar_w
        out.append(f'<rect x="{x + 1:.1f}" y="{top + plot_h - h:.1f}" width="{bar_w - 2:.1f}" height="{h:.1f}" fill="{PALETTE[1]}">'
                   f'<title>{lo + i * step:.0f}–{lo + (i + 1) * step:.0f} {unit}：{c} 次</title></rect>')
        if c:
            out.append(f'<text x="{x + bar_w / 2:.1f}" y="{top + plot_h - h - 4:.1f}" text-anchor="middle">{c}</text>')
    for i in range(0, bins + 1, 3):
        out.append(f'<text x="{left + i * bar_w:.1f}" y="{top + plot_h + 16}" text-anchor="middle">{lo + i * step:.0f}</text>')
    out.append(f'<text x="{width / 2}" y="{height - 6}" text-anchor="middle">{unit}</text></svg>')
    return "".join(out)
