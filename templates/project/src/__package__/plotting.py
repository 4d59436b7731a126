"""Dependency-free SVG line plots for training curves."""

from collections.abc import Mapping, Sequence
from pathlib import Path
from xml.sax.saxutils import escape

WIDTH, HEIGHT, MARGIN = 640, 400, 48

Values = Sequence[float]


def line_plot_svg(title: str, values: Sequence[float]) -> str:
    """Return an SVG document plotting ``values`` against their index."""
    low, high = min(values, default=0.0), max(values, default=1.0)
    span = (high - low) or 1.0
    steps = max(len(values) - 1, 1)
    inner_w, inner_h = WIDTH - 2 * MARGIN, HEIGHT - 2 * MARGIN
    points = " ".join(
        f"{MARGIN + inner_w * i / steps:.1f},{MARGIN + inner_h * (high - v) / span:.1f}"
        for i, v in enumerate(values)
    )
    label = escape(title)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}">\n'
        f"  <title>{label}</title>\n"
        f'  <rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>\n'
        f'  <text x="{WIDTH / 2}" y="{MARGIN / 2}" text-anchor="middle">{label}</text>\n'
        f'  <line x1="{MARGIN}" y1="{HEIGHT - MARGIN}" x2="{WIDTH - MARGIN}" '
        f'y2="{HEIGHT - MARGIN}" stroke="black"/>\n'
        f'  <line x1="{MARGIN}" y1="{MARGIN}" x2="{MARGIN}" y2="{HEIGHT - MARGIN}" '
        f'stroke="black"/>\n'
        f'  <text x="{MARGIN - 4}" y="{MARGIN}" text-anchor="end">{high:.3g}</text>\n'
        f'  <text x="{MARGIN - 4}" y="{HEIGHT - MARGIN}" text-anchor="end">{low:.3g}</text>\n'
        f'  <text x="{WIDTH / 2}" y="{HEIGHT - MARGIN / 4}" text-anchor="middle">epoch</text>\n'
        f'  <polyline points="{points}" fill="none" stroke="steelblue" stroke-width="2"/>\n'
        "</svg>\n"
    )


def save_line_plot(path: Path, title: str, values: Sequence[float]) -> Path:
    """Write a line plot of ``values`` to ``path`` (SVG) and return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(line_plot_svg(title, values), encoding="utf-8")
    return path


def save_history_csv(path: Path, history: Mapping[str, Values]) -> Path:
    """Write per-epoch metrics as CSV (one column per metric) and return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    names = sorted(history)
    epochs = max((len(history[name]) for name in names), default=0)
    lines = [",".join(["epoch", *names])]
    for epoch in range(epochs):
        row = [str(epoch)]
        row += [f"{history[name][epoch]:.6g}" for name in names]
        lines.append(",".join(row))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
