"""_text: what a reader sees — visible text, tables, footer — as the content checks read it."""

from __future__ import annotations

from dgeval.monitor.checks._text import attachment_content, footer, html_content, visible_text


def test_hidden_markup_is_left_out_and_inline_tags_joined() -> None:
    html = ("<html><head><title>标题</title><style>.a{}</style></head><body><script>var x='脚本'</script>"
            "<p>中华<b>人民</b>共和国</p><!-- 注释 --><noscript>无脚本</noscript><img alt='替代文字'>"
            "<div>甲</div>乙<br>丙</body></html>")
    assert visible_text(html) == "中华人民共和国\n甲\n乙\n丙"
    assert html_content(html).title == "标题"


def test_neighbouring_cells_never_run_together() -> None:
    text = visible_text("<table><tr><td>11010519491231</td><td>002X</td></tr></table>")
    assert "11010519491231002X" not in text


def test_table_headings_from_th_thead_or_a_first_row_of_labels() -> None:
    html = ("<table><tr><td colspan='3'>2020年名单</td></tr><tr><td>姓名</td><td>电话</td></tr>"
            "<tr><td>张三</td><td>13812345678</td></tr></table>"
            "<table><thead><tr><td>序号</td><td>金额</td></tr></thead><tr><td>1</td><td>100</td></tr></table>"
            "<table><tr><td>张三</td><td>13812345678</td></tr><tr><td>李四</td><td>13912345678</td></tr></table>")
    tables = html_content(html).tables
    assert [t.header for t in tables] == [("姓名", "电话"), ("序号", "金额"), ()]
    assert tables[0].rows == (("张三", "13812345678"),)
    assert tables[0].heading(1) == "电话" and tables[0].heading(5) == ""


def test_layout_tables_are_not_data_tables() -> None:
    inner = "<table><tr><th>姓名</th><th>电话</th></tr><tr><td>王</td><td>1</td></tr></table>"
    html = f"<table><tr><td>{inner}</td></tr></table>"
    assert [t.header for t in html_content(html).tables] == [("姓名", "电话")]


def test_attachment_tab_rows_become_a_table() -> None:
    content = attachment_content("花名册\n序号\t姓名\n1\t张三\n2\t李四\n合计 2 人\n")
    (table,) = content.tables
    assert table.header == ("序号", "姓名") and table.rows == (("1", "张三"), ("2", "李四"))
    assert content.text.splitlines()[0] == "花名册"


def test_footer_is_the_outermost_footer_like_element() -> None:
    html = ("<body><div class='main'>正文</div><div id='footer'><div class='foot-links'>链接</div>"
            "<p>网站标识码1100000088</p><script src='//dcs.conac.cn/js/a.js'></script></div></body>")
    found = footer(html)
    assert found is not None
    assert found.text == "链接\n网站标识码1100000088"
    assert "dcs.conac.cn" in found.html
    assert footer("<body><p>无页脚</p></body>") is None
