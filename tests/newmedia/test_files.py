"""Reading export files: CSV (UTF-8 or GBK), XLSX within bounds, JSON lists; errors name the file and row."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import pytest
from openpyxl import Workbook

from dgeval.newmedia.files import ExportError, Limits, read_table, xlsx_check


def _xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_csv_in_gbk_with_blank_lines():
    data = "发布时间,标题\r\n\r\n2020-10-05 09:30,省政府召开常务会议\r\n".encode("gbk")
    table = read_table(data, "posts.csv")
    assert table.header == ("发布时间", "标题")
    assert [(r.number, dict(r.values)) for r in table.records] == [
        (3, {"发布时间": "2020-10-05 09:30", "标题": "省政府召开常务会议"})]


def test_xlsx_cells_become_text():
    table = read_table(_xlsx([["发布时间", "标题", "阅读数"], [dt.datetime(2020, 10, 5, 9, 30), "标题一", 1200.0]]),
                       "posts.xlsx")
    assert dict(table.records[0].values) == {"发布时间": "2020-10-05 09:30:00", "标题": "标题一", "阅读数": "1200"}
    assert table.records[0].number == 2


def test_json_list_or_data_object():
    items = [{"发布时间": "2020-10-05 09:30", "标题": "标题一", "阅读数": 12}]
    for body in (items, {"data": items}):
        table = read_table(json.dumps(body, ensure_ascii=False).encode(), "posts.json")
        assert table.unit == "item" and dict(table.records[0].values)["阅读数"] == "12"


@pytest.mark.parametrize(("data", "name", "message"), [
    (b"", "a.csv", "文件为空"),
    (b"not a zip", "a.xlsx", "内容不是 Excel 工作簿"),
    (b'{"x": 1}', "a.json", "JSON 应为记录列表"),
    (b'[1, 2]', "a.json", "第 1 条记录：每条记录应为对象"),
    (b'[{"a": [1]}]', "a.json", "第 1 条记录，“a”字段：应为文字或数字"),
    (b'[{"a": 1', "a.json", "JSON 格式错误（第 1 行"),
    ("标题,标题\n1,2\n".encode(), "a.csv", "第 1 行：表头“标题”出现了两次"),
])
def test_bad_files_are_refused_with_where(data, name, message):
    with pytest.raises(ExportError) as caught:
        read_table(data, name)
    assert message in str(caught.value) and str(caught.value).startswith(name)


def test_size_and_row_limits():
    with pytest.raises(ExportError, match="文件过大"):
        read_table(b"a\n" + b"x\n" * 100, "a.csv", Limits(max_bytes=50))
    with pytest.raises(ExportError, match="第 4 行：超过 2 行"):
        read_table(b"a\n1\n2\n3\n", "a.csv", Limits(max_rows=2))


def _bomb(member_bytes: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * member_bytes)
    return out.getvalue()


def test_xlsx_bomb_is_refused_before_it_is_opened():
    data = _bomb(8 * 1024 * 1024)  # 8 MB of zeros in about 8 KB
    assert len(data) < 64 * 1024
    with pytest.raises(ExportError, match="压缩比异常"):
        read_table(data, "bomb.xlsx")
    with pytest.raises(ExportError, match="解压后 8 MB，超过上限 4 MB"):
        xlsx_check(data, "bomb.xlsx", Limits(xlsx_max_uncompressed=4 * 1024 * 1024, xlsx_max_ratio=10_000))


def test_a_real_workbook_passes_the_bounds():
    xlsx_check(_xlsx([["a"], *[[f"第{n}行的标题文字"] for n in range(2000)]]), "ok.xlsx")
