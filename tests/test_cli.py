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


def run_dgeval(*args: str, cwd, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """`dgeval ARGS` in a subprocess, with none of the caller's DGEVAL_/DJANGO_ settings unless ENV gives them."""
    import os

    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DGEVAL_", "DJANGO_")) and k != "DATABASE_URL"}
    clean.update(env or {})
    return subprocess.run([sys.executable, "-m", "dgeval.cli", *args], capture_output=True, text=True, timeout=120,
                          cwd=cwd, env=clean)


def one_line_error(proc: subprocess.CompletedProcess) -> str:
    """The one stderr line of a command that failed as a user's error (exit 2, no traceback)."""
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr
    return lines[0]


def test_scan_warc_in_a_missing_folder_is_one_line(tmp_path):
    warc = tmp_path / "no-such-folder" / "site.warc.gz"
    line = one_line_error(run_dgeval("scan", "--allow-private", "--external", "skip", "--warc", str(warc),
                                     "http://127.0.0.1:9/", cwd=tmp_path))
    assert str(warc) in line and "文件或目录不存在" in line


def test_score_output_in_a_missing_folder_names_the_output_file(tmp_path):
    from pathlib import Path

    example = Path(__file__).parents[1] / "examples" / "2020" / "local_site_city.csv"
    out = tmp_path / "no-such-folder" / "results.xlsx"
    line = one_line_error(run_dgeval("score", "local_site", "--column", "city", "--input", str(example),
                                     "--output", str(out), cwd=tmp_path))
    assert str(out) in line and ".tmp" not in line


def test_score_reads_utf16_with_a_bom_and_refuses_other_encodings_in_one_line(tmp_path):
    from pathlib import Path

    example = Path(__file__).parents[1] / "examples" / "2020" / "local_site_city.csv"
    text = example.read_text(encoding="utf-8-sig")
    with_bom = tmp_path / "unicode.csv"
    with_bom.write_text(text, encoding="utf-16")
    assert run_dgeval("score", "local_site", "--column", "city", "--input", str(with_bom), cwd=tmp_path).returncode == 0
    without_bom = tmp_path / "utf16le.csv"
    without_bom.write_bytes(text.encode("utf-16-le"))
    line = one_line_error(run_dgeval("score", "local_site", "--column", "city", "--input", str(without_bom),
                                     cwd=tmp_path))
    assert str(without_bom) in line and "CSV UTF-8" in line
