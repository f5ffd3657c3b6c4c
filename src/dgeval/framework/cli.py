"""`dgeval framework list` and `dgeval framework show NAME [--year Y] [--json]`."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.tree import Tree

from dgeval.errors import FrameworkError
from dgeval.framework.load import available, load_file, load_framework
from dgeval.framework.models import Framework


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser("framework", help="指标体系：列出与查看")
    fsub = parser.add_subparsers(dest="framework_command", required=True)
    listing = fsub.add_parser("list", help="列出可用的指标体系")
    listing.set_defaults(func=cmd_list)
    show = fsub.add_parser("show", help="查看一个指标体系")
    show.add_argument("name")
    show.add_argument("--year", type=int, default=None, help="年度（默认最新）")
    show.add_argument("--json", action="store_true", help="按 JSON 约定输出叶子指标")
    show.set_defaults(func=cmd_show)


def framework_json(fw: Framework) -> dict[str, Any]:
    """The JSON contract of `dgeval framework show --json`: leaves only, in the plan's order."""
    return {
        "framework": fw.name,
        "year": fw.year,
        "title": fw.title,
        "columns": list(fw.columns),
        "bonus_cap": _num(fw.bonus_cap),
        "indicators": [
            {
                "code": ind.code,
                "path": list(ind.path),
                "criteria": ind.criteria,
                "weights": {c: None if w is None else _num(w) for c, w in ind.weights.items()},
                "bonus": ind.bonus,
            }
            for ind in fw.indicators
        ],
    }


def _num(x: float) -> int | float:
    return int(x) if float(x).is_integer() else x


def cmd_list(args: argparse.Namespace) -> int:
    table = Table(title="指标体系")
    for heading in ("name", "year", "title", "columns", "leaves"):
        table.add_column(heading)
    for year, name, path in available():
        try:
            fw = load_file(path)
        except FrameworkError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        table.add_row(name, str(year), fw.title, ", ".join(fw.columns), str(len(fw.indicators)))
    Console().print(table)
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    try:
        fw = load_framework(args.name, args.year)
    except FrameworkError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        json.dump(framework_json(fw), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    Console().print(_tree(fw))
    return 0


def _tree(fw: Framework) -> Tree:
    labels = " / ".join(f"{fw.column_labels[c]}" for c in fw.columns)
    root = Tree(f"[bold]{fw.title}[/bold] ({fw.name}, {fw.year}) — 权重：{labels}")
    nodes: dict[tuple[str, ...], Tree] = {}
    subtotals = {s.path: s for s in fw.subtotals}
    for ind in fw.indicators:
        parent = root
        for depth in range(1, len(ind.path)):
            key = ind.path[:depth]
            if key not in nodes:
                label = key[-1]
                if key in subtotals:
                    label += "（" + "/".join(f"{_num(v)}" for v in subtotals[key].weights.values()) + "）"
                elif depth == 1 and ind.bonus:
                    label += f"（加分项，上限 {_num(fw.bonus_cap)}）"
                nodes[key] = parent.add(f"[bold]{label}[/bold]")
            parent = nodes[key]
        weights = "加分类别" if ind.bonus else " / ".join(
            "—" if ind.weights[c] is None else f"{_num(ind.weights[c] or 0)}" for c in fw.columns
        )
        parent.add(f"{ind.name} [dim]{ind.code}[/dim] [cyan]{weights}[/cyan]")
    return root
