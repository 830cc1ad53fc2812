"""The chart of the synthesis (matplotlib, imported only when a synthesis is written)."""

from __future__ import annotations

import io


def measures_chart(
    counts: dict[int, int], n_states: int, labels: dict[int, str], ylabel: str
) -> bytes:
    """A bar chart of how many Member States reported measures per objective, as PNG bytes
    (deterministic: no timestamp or software version in the file)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    numbers = sorted(counts)
    values = [counts[n] for n in numbers]
    fig, ax = plt.subplots(figsize=(7.0, 3.4), dpi=150)
    try:
        ax.bar([str(n) for n in numbers], values, color="#005D9E")
        ax.set_ylim(0, max(n_states, 1))
        ax.set_ylabel(ylabel, fontsize=8)
        ax.set_xlabel(labels.get(0, ""), fontsize=8)
        ax.tick_params(labelsize=7)
        from matplotlib.ticker import MaxNLocator

        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        for x, v in enumerate(values):
            if v:
                ax.text(
                    x, v + max(n_states, 1) * 0.01, str(v), ha="center", va="bottom", fontsize=6
                )
        return _png(fig, ax)
    finally:
        plt.close(fig)


def indicator_chart(values: list[tuple[str, float]], unit: str) -> bytes:
    """Member States compared on one indicator: a horizontal bar per Member State, as PNG
    bytes (deterministic)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = [name for name, _ in values][::-1]
    numbers = [value for _, value in values][::-1]
    # A page holds the chart: the 62 members of the largest commission fit in 9.5 inches.
    height = min(9.5, 0.3 * len(values) + 0.9)
    small = len(values) > 30
    fig, ax = plt.subplots(figsize=(6.4, height), dpi=150)
    try:
        ax.barh(names, numbers, color="#005D9E")
        ax.set_xlabel(unit, fontsize=8)
        ax.tick_params(labelsize=4.5 if small else 7)
        for y, v in enumerate(numbers):
            ax.text(v, y, f" {v:g}", va="center", fontsize=4 if small else 6)
        return _png(fig, ax)
    finally:
        plt.close(fig)


def _png(fig, ax) -> bytes:
    """The figure as PNG bytes, in the report's plain style: no top or right frame, and no
    timestamp or software version in the file (deterministic)."""
    for spine in ("top", "right"):
        ax.spines[spine].set_visible(False)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()
