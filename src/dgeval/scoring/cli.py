"""`dgeval score NAME --column COL --input FILE [--json] [--output results.xlsx]` and
`dgeval score template NAME --column COL --targets targets.csv --output blank.xlsx`.

Bad input exits 2 with a message naming the file, the line and the field; no output file is left half-written.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

from dgeval.errors import DgevalError, FrameworkError, InputError
from dgeval.framework.load import load_framework
from dgeval.i18n import gettext as _
from dgeval.framework.models import Framework
from dgeval.scoring.io import points_by_target, read_point_rows, read_spreadsheet_text
from dgeval.scoring.totals import TargetScore, score_targets

EXIT_BAD_INPUT = 2


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "score",
        help="计分与排名；`dgeval score template NAME …` 生成人工采集空白表",
        usage="dgeval score NAME --column COL --input FILE [--json] [--output results.xlsx]\n"
        "       dgeval score template NAME --column COL --targets targets.csv --output blank.xlsx",
    )
    parser.add_argument("name", help=_("指标体系名称，或 `template`"))
    parser.add_argument("template_name", nargs="?", help=argparse.SUPPRESS)
    parser.add_argument("--year", type=int, default=None)
    parser.add_argument("--column", required=True)
    parser.add_argument("--input", type=Path)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--output", type=Path)
    parser.add_argument("--targets", type=Path, help=_("template：每行一个评估对象的 CSV/TXT（表头可选）"))
    parser.set_defaults(func=cmd_score)


def _fail(message: str) -> int:
    print(_("错误：{message}").format(message=message), file=sys.stderr)
    return EXIT_BAD_INPUT


def _framework_and_column(name: str, year: int | None, column: str) -> Framework:
    fw = load_framework(name, year)
    if column not in fw.columns:
        raise FrameworkError(f"unknown column {column!r} for framework {name!r}; known: {', '.join(fw.columns)}")
    return fw


def cmd_score(args: argparse.Namespace) -> int:
    try:
        if args.name == "template":
            return _template(args)
        if args.template_name:
            return _fail(_("多余的参数 {value}").format(value=repr(args.template_name)))
        if args.input is None:
            return _fail(_("缺少 --input 文件"))
        fw = _framework_and_column(args.name, args.year, args.column)
        rows = read_point_rows(args.input)
        results = score_targets(fw, args.column, points_by_target(rows, fw, args.column, args.input))
        if args.output:
            from dgeval.reports.scoring_sheets import write_results  # openpyxl: loaded by the commands that write

            write_results(args.output, fw, args.column, results, rows)
    except DgevalError as exc:
        return _fail(str(exc))
    if args.json:
        payload = {"framework": fw.name, "column": args.column, "results": [r.to_json() for r in results]}
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        _print_ranking(fw, args.column, results)
    return 0


def _template(args: argparse.Namespace) -> int:
    if not args.template_name:
        return _fail(_("用法：dgeval score template NAME --column COL --targets targets.csv --output blank.xlsx"))
    if args.targets is None or args.output is None:
        return _fail(_("score template 需要 --targets 文件和 --output 文件"))
    fw = _framework_and_column(args.template_name, args.year, args.column)
    targets = read_target_names(args.targets)
    from dgeval.reports.scoring_sheets import write_template

    write_template(args.output, fw, args.column, targets)
    print(_("已写入 {path}：{targets} 个评估对象 × {leaves} 项末级指标").format(
        path=args.output, targets=len(targets), leaves=len(fw.leaves_for(args.column))))
    return 0


def read_target_names(path: Path) -> list[str]:
    """Target names, one per line (first CSV column); a header `target`/`参评单位` is skipped; duplicates refused."""
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    text = read_spreadsheet_text(path)
    names: list[str] = []
    seen: dict[str, int] = {}
    for line_no, line in enumerate(text.splitlines(), 1):
        name = line.split(",")[0].strip().strip('"')
        if not name or (line_no == 1 and name.lower() in ("target", "参评单位", "name")):
            continue
        if name in seen:
            raise InputError(f"{path}, line {line_no}: field 'target' = {name!r}: duplicate of line {seen[name]}")
        seen[name] = line_no
        names.append(name)
    if not names:
        raise InputError(f"{path}: no targets listed")
    return names


def _print_ranking(fw: Framework, column: str, results: list[TargetScore]) -> None:
    level1 = [n for n in fw.level1_names() if any(n in r.level1 for r in results)]
    table = Table(title=f"{fw.title} — {fw.column_labels[column]}（{column}）排名")
    for heading in ("排名", "参评单位", "总分", "基础分", "加分", *level1, "缺项"):
        table.add_column(heading, justify="right" if heading != "参评单位" else "left")
    for r in results:
        table.add_row(
            str(r.rank), r.target, f"{r.total:.2f}", f"{r.base:.2f}", f"{r.bonus:.2f}",
            *[f"{r.level1.get(n, 0.0):.2f}" for n in level1], str(len(r.missing)),
        )
    # Piped output is not cut to 80 columns: the ranking is often saved to a file or read by a script.
    Console(width=None if sys.stdout.isatty() else 220).print(table)
