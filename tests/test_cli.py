"""The top-level command: user-fixable errors are one line on stderr with exit 2, never a traceback."""

from __future__ import annotations

import argparse
import subprocess
import sys
import textwrap

import pytest

from dgeval import cli
from dgeval.errors import InputError


def _run_with(func, capsys) -> tuple[int, str]:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("try").set_defaults(func=func)
    original = cli.build_parser
    cli.build_parser = lambda: parser  # type: ignore[assignment]
    try:
        code = cli.main(["try"])
    finally:
        cli.build_parser = original  # type: ignore[assignment]
    return code, capsys.readouterr().err


def test_dgeval_error_is_one_line(capsys):
    def fail(args):
        raise InputError("scores.csv, line 3: field 'points' = 'x': expected a number")

    code, err = _run_with(fail, capsys)
    assert code == 2 and err.strip() == "dgeval try: scores.csv, line 3: field 'points' = 'x': expected a number"


def test_unwritable_file_is_one_line(tmp_path, capsys):
    def fail(args):
        open(tmp_path / "no-such-folder" / "out.warc.gz", "wb")

    code, err = _run_with(fail, capsys)
    assert code == 2 and "无法访问" in err and "no-such-folder" in err and err.count("\n") == 1


def test_missing_optional_part_names_the_extra(capsys):
    def fail(args):
        raise ModuleNotFoundError("No module named 'django'", name="django")

    code, err = _run_with(fail, capsys)
    assert code == 2 and "pip install 'dgeval[web]'" in err and "django" in err


def test_a_bug_is_not_hidden(capsys):
    def fail(args):
        raise ModuleNotFoundError("No module named 'dgeval.nothing'", name="dgeval.nothing")

    with pytest.raises(ModuleNotFoundError):
        _run_with(fail, capsys)


def test_without_django_the_demo_names_the_web_extra(tmp_path):
    """`pip install dgeval` then `dgeval demo`: Django is blocked from import to stand for its absence."""
    script = textwrap.dedent("""
        import sys
        class Block:
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] == "django":
                    raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        sys.meta_path.insert(0, Block())
        from dgeval.cli import main
        sys.exit(main(["demo", "--no-serve", "--data-dir", sys.argv[1]]))
    """)
    proc = subprocess.run([sys.executable, "-c", script, str(tmp_path / "demo")], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        "dgeval demo 需要可选组件 web（缺少模块 django）：请运行 pip install 'dgeval[web]'"]
