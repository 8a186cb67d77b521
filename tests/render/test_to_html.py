"""The HTML preview read back: headings as in the DOCX, masthead, signature,
tables, figures, the profile's CSS, escaping, and a page that reflows on a phone."""

from __future__ import annotations

import base64
import io
import re
import shutil
from pathlib import Path

import docx
import lxml.html
import pytest

from chibo.compose import compose
from chibo.document import (
    Closing,
    Column,
    Document,
    Figure,
    Masthead,
    Paragraph,
    Run,
    Table,
)
from chibo.profiles import ProfileError, load_profile, parse_profile
from chibo.render.to_docx import render_docx
from chibo.render.to_html import profile_css, render_html, role_class
from chibo.vietnamese import upper
from sample_reports import loaded_example

ROOT = Path(__file__).resolve().parents[2]
HEADING_ROLES = {"heading_1": 1, "heading_2": 2, "heading_3": 3, "heading_4": 4}


@pytest.fixture(scope="module")
def report():
    return loaded_example("thcs-2026.yaml")


@pytest.fixture(scope="module")
def document(report):
    return compose(report)


@pytest.fixture(scope="module")
def profile():
    return load_profile()


@pytest.fixture(scope="module")
def html(document):
    return render_html(document, standalone=True)


@pytest.fixture(scope="module")
def tree(html):
    return lxml.html.document_fromstring(html)


def text_of(element) -> str:
    """An element's text as typed: <br> back to a line break."""
    element = lxml.html.fromstring(lxml.html.tostring(element, encoding="unicode"))
    for br in element.iter("br"):
        br.tail = "\n" + (br.tail or "")
    return element.text_content()


def flat(text: str) -> str:
    return " ".join(text.split())


def shown(profile, p: Paragraph) -> str:
    """A paragraph's text as printed: capitals for caps roles."""
    return upper(p.text) if profile.style(p.role).caps else p.text


def css_rule(css: str, selector: str) -> str:
    match = re.search(re.escape(selector) + r"\{([^}]*)\}", css)
    assert match, f"no rule for {selector}"
    return match.group(1)


# --- the file -------------------------------------------------------------------


def test_standalone_is_a_whole_html_file(html, tree, profile):
    assert html.startswith("<!doctype html>")
    assert tree.get("lang") == "vi"
    assert tree.xpath("//meta[@charset]")[0].get("charset") == "utf-8"
    assert tree.xpath("//meta[@name='viewport']")
    assert tree.findtext(".//title") == "Báo cáo tổng kết công tác xây dựng Đảng năm 2026"
    style = tree.findtext(".//style")
    assert profile_css(profile) in style
    assert "@page{size:210mm 297mm;margin:20mm 15mm 20mm 30mm}" in style
    articles = tree.xpath("//body/article")
    assert len(articles) == 1 and articles[0].get("class") == "chibo-page"


def test_fragment_is_the_article_alone(document):
    fragment = render_html(document)
    assert fragment.startswith('<article class="chibo-page"')
    assert fragment.endswith("</article>")
    assert "<style" not in fragment and "<html" not in fragment
    assert fragment in render_html(document, standalone=True)


# --- content ----------------------------------------------------------------------


def test_headings_as_in_the_docx_and_the_document(document, tree, profile):
    in_docx = [
        (int(p.style.name.removeprefix("Heading ")), p.text)
        for p in docx.Document(io.BytesIO(render_docx(document, profile))).paragraphs
        if p.style.name.startswith("Heading ")
    ]
    in_document = [
        (HEADING_ROLES[p.role], shown(profile, p))
        for p in document.body
        if isinstance(p, Paragraph) and p.role in HEADING_ROLES
    ]
    in_html = [
        (int(h.tag[1]), text_of(h))
        for h in tree.xpath("//article//*[self::h1 or self::h2 or self::h3 or self::h4]")
    ]
    assert len(in_html) > 40
    assert in_html == in_document == in_docx
    assert in_html[:3] == [(1, "PHẦN THỨ NHẤT"), (2, "I. Đặc điểm tình hình"), (3, "1. Thuận lợi")]
    for h in tree.xpath("//h1 | //h2 | //h3 | //h4"):
        assert h.get("class") == role_class(f"heading_{h.tag[1]}")


def test_body_in_reading_order(document, tree, profile):
    expected = [flat(shown(profile, p)) for p in document.body if isinstance(p, Paragraph)]
    article = tree.xpath("//article")[0]
    found = [flat(text_of(e)) for e in article if e.tag in ("p", "h1", "h2", "h3", "h4")]
    assert found == expected
    assert "BÁO CÁO" in found and "-----" in found


def test_masthead(document, tree, profile):
    header = tree.xpath("//article/header[@class='chibo-masthead']")[0]
    table = header.find("table")
    assert table.get("role") == "presentation"
    left, right = table.xpath("./tbody/tr/td")
    for cell, paragraphs in ((left, document.masthead.left), (right, document.masthead.right)):
        assert [flat(text_of(p)) for p in cell.findall("p")] == [flat(shown(profile, p)) for p in paragraphs]
    text = flat(text_of(header))
    for expected in ("ĐẢNG BỘ XÃ ĐÔNG THÀNH", "CHI BỘ TRƯỜNG THCS ĐÔNG THÀNH", "Số 15-BC/CB",
                     "ĐẢNG CỘNG SẢN VIỆT NAM", "Đông Thành, ngày 18 tháng 12 năm 2026"):
        assert expected in text
    motto = right.find("p")
    assert motto.get("class") == "r-motto"


def test_closing_with_signature(document, tree):
    footer = tree.xpath("//article/footer[@class='chibo-closing']")[0]
    left, right = footer.xpath("./table/tbody/tr/td")
    assert [text_of(p) for p in right.findall("p")] == ["T/M CHI BỘ", "BÍ THƯ", "Nguyễn Văn Thắng"]
    name = right.findall("p")[-1]
    assert name.get("class") == "r-sign_name"
    assert name.get("style") == "margin-top:60pt"  # the space left for signing
    assert [text_of(p) for p in left.findall("p")] == [p.text for p in document.closing.left]
    assert left.find("p").get("class") == "r-distribution_heading"
    # the closing comes last, after the body
    assert tree.xpath("//article/*")[-1] is footer


def test_tables(document, tree):
    tables = [b for b in document.body if isinstance(b, Table)]
    found = tree.xpath("//article/div[@class='chibo-table']")
    assert len(found) == len(tables) == len(tree.xpath("//article//table[not(@role)]")) == 5
    for wrapper, table in zip(found, tables):
        caption = wrapper.find("p")
        assert caption.get("class") == "r-table_caption"
        assert caption.text_content() == table.caption
        html_table = wrapper.xpath("./div[@class='chibo-scroll']/table")[0]
        assert html_table.get("aria-labelledby") == caption.get("id")  # its accessible name
        assert [th.text_content() for th in html_table.xpath("./thead/tr/th")] == [c.title for c in table.columns]
        assert all(th.get("scope") == "col" for th in html_table.xpath("./thead/tr/th"))
        rows = html_table.xpath("./tbody/tr")
        assert [[td.text_content() for td in tr.findall("td")] for tr in rows] == table.rows
        for i, tr in enumerate(rows):
            for td, column in zip(tr.findall("td"), table.columns):
                assert td.get("class") == ("r-table_number" if column.numeric else "r-table_cell")
                assert (td.find("b") is not None) == (i in table.bold_rows and td.text_content() != "")
    first = found[0].xpath(".//tbody/tr")
    assert [td.text_content() for td in first[0]] == ["Đảng viên đầu năm", "24", ""]
    assert [td.text_content() for td in first[5]] == ["Đảng viên cuối năm", "25", "100,00%"]
    assert first[5][0][0].tag == "b"


def test_figures_as_data_uri_images_with_alt_text(document, tree):
    figures = [b for b in document.body if isinstance(b, Figure)]
    found = tree.xpath("//article/figure")
    assert len(found) == len(figures) == 3
    for element, figure in zip(found, figures):
        img, caption = list(element)
        assert img.tag == "img" and caption.tag == "figcaption"  # the image, then its caption
        src = img.get("src")
        assert src.startswith("data:image/png;base64,")
        assert base64.b64decode(src.split(",", 1)[1]) == figure.png
        assert img.get("alt") == figure.caption
        assert "width:100%" in img.get("style")
        assert caption.text_content() == figure.caption
        assert caption.get("class") == "r-figure_caption"
        assert element.get("class") == "r-figure"


def test_special_characters_round_trip(report):
    tricky = 'A & B < C > D "q" \'s\' 🎉'
    changed = report.model_copy(deep=True)
    changed.narrative.results.ideology = [tricky, "Dòng một\nDòng hai"]
    html = render_html(compose(changed), standalone=True)
    assert "A &amp; B &lt; C &gt; D &quot;q&quot; &#x27;s&#x27; 🎉" in html
    tree = lxml.html.document_fromstring(html)
    texts = [text_of(p) for p in tree.xpath("//article/p")]
    assert tricky in texts
    assert "Dòng một\nDòng hai" in texts
    assert "Dòng một<br>Dòng hai" in html


def test_runs_roles_and_escaping_in_every_place():
    nasty = '<b>&amp;"\'</b>'
    document = Document(
        Masthead([Paragraph.of(nasty, "org_name")], [Paragraph([Run("Đảng "), Run("cộng", underline=False)], "motto")]),
        [
            Paragraph([Run("đậm", bold=True), Run(" thường "), Run("nghiêng", italic=True),
                       Run(" gạch", underline=True)], "body"),
            Paragraph([Run("không đậm", bold=False)], "heading_2"),
            Table([Column(nasty)], [[nasty]], caption=nasty),
            Figure(b"\x89PNG", caption=nasty),
        ],
        Closing([Paragraph.of(nasty, "distribution_item")], [], [Paragraph.of(nasty, "sign_name")]),
        title=nasty,
    )
    html = render_html(document, standalone=True)
    assert "&lt;b&gt;&amp;amp;&quot;&#x27;&lt;/b&gt;" in html
    tree = lxml.html.document_fromstring(html)
    assert tree.findtext(".//title") == nasty
    assert tree.xpath("//article")[0].get("aria-label") == nasty
    assert text_of(tree.xpath("//p[@class='r-org_name']")[0]) == upper(nasty)
    assert tree.xpath("//img")[0].get("alt") == nasty
    for cls in ("r-table_caption", "r-table_header", "r-table_cell", "r-distribution_item", "r-sign_name"):
        assert text_of(tree.xpath(f"//*[@class='{cls}']")[0]) == nasty, cls
    body = tree.xpath("//p[@class='r-body']")[0]
    assert lxml.html.tostring(body, encoding="unicode", with_tail=False) == (
        '<p class="r-body"><b>đậm</b> thường <i>nghiêng</i><u> gạch</u></p>'
    )
    heading = tree.xpath("//h2")[0]
    assert heading.find("span").get("class") == "nb"
    # An underlined role with a run that is not: the runs carry the underline.
    motto = tree.xpath("//p[contains(@class,'r-motto')]")[0]
    assert motto.get("class") == "r-motto no-u"
    assert lxml.html.tostring(motto, encoding="unicode", with_tail=False).startswith('<p class="r-motto no-u"><u>ĐẢNG </u>CỘNG')


def test_a_role_the_profile_lacks_is_a_profile_error():
    document = Document(Masthead([], []), [Paragraph.of("x", "no_such_role")])
    with pytest.raises(ProfileError, match="no_such_role"):
        render_html(document)


# --- CSS --------------------------------------------------------------------------


def test_css_from_the_profile(profile):
    css = profile_css(profile)
    page = css_rule(css, ".chibo-page")
    assert "width:210mm" in page and "min-height:297mm" in page
    assert "padding:20mm 15mm 20mm 30mm" in page
    assert 'font-family:"Times New Roman", "Liberation Serif", serif' in page
    body = css_rule(css, ".r-body")
    for part in ("font-size:14pt", "font-weight:normal", "text-align:justify", "text-indent:10mm",
                 "margin-top:0pt", "margin-bottom:6pt", "line-height:1.3225"):
        assert part in body, part
    title = css_rule(css, ".r-title")
    assert "font-size:16pt" in title and "font-weight:bold" in title and "text-transform:uppercase" in title
    assert "text-decoration:underline" in css_rule(css, ".r-motto")
    assert "font-style:italic" in css_rule(css, ".r-heading_4")
    assert "break-after:avoid" in css_rule(css, ".r-heading_2")
    assert "text-align:center" in css_rule(css, ".r-table_number")
    assert "border:0.5pt solid #000" in css
    assert "</" not in css


def test_every_role_of_the_document_has_a_css_class(document, tree, profile):
    css = profile_css(profile)
    defined = set(re.findall(r"\.(r-[A-Za-z0-9_-]+)\{", css))
    roles = {p.role for p in document.paragraphs()}
    roles |= {"table_caption", "table_header", "table_cell", "table_number", "figure", "figure_caption"}
    assert {role_class(r) for r in roles} <= defined
    used = {c for e in tree.xpath("//*[@class]") for c in e.get("class").split() if c.startswith("r-")}
    assert used <= defined
    assert used == {role_class(r) for r in roles}


def test_another_profile_changes_the_css_without_code(document):
    text = (ROOT / "src/chibo/profiles/36-HD-VPTW.toml").read_text(encoding="utf-8")
    text = text.replace("left_mm = 30", "left_mm = 35").replace('font = "Times New Roman"', 'font = "X</style><script>"')
    text = re.sub(r"(\[styles\.body\]\nsize = )14", r"\g<1>13", text)
    other = parse_profile(text, "thử")
    css = profile_css(other)
    assert "padding:20mm 15mm 20mm 35mm" in css_rule(css, ".chibo-page")
    assert "font-size:13pt" in css_rule(css, ".r-body")
    assert "</style" not in css.lower() and "<script" not in css.lower()
    html = render_html(document, other, standalone=True)
    assert html.lower().count("</style>") == 1 and "<script" not in html.lower()


def test_narrow_screens_reflow(profile):
    css = profile_css(profile)
    narrow = css[css.index("@media screen and (max-width:700px)"):]
    assert "width:auto" in css_rule(narrow, ".chibo-page")
    assert "overflow-x:auto" in css_rule(css, ".chibo-page .chibo-scroll")
    assert "max-width:100%" in css_rule(css, ".chibo-page")


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium")
def test_in_a_browser_only_tables_scroll_sideways(html, tmp_path):
    playwright = pytest.importorskip("playwright.sync_api")
    path = tmp_path / "preview.html"
    path.write_text(html, encoding="utf-8")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        try:
            for width in (1280, 360):
                page = browser.new_page(viewport={"width": width, "height": 800})
                page.goto(path.as_uri())
                sizes = page.evaluate(
                    """() => ({
                        page: document.documentElement.scrollWidth,
                        screen: document.documentElement.clientWidth,
                        article: document.querySelector('.chibo-page').getBoundingClientRect().width,
                        images: [...document.querySelectorAll('img')].map(i => i.naturalWidth > 0),
                        font: getComputedStyle(document.querySelector('.r-body')).fontSize,
                    })"""
                )
                assert sizes["page"] <= sizes["screen"], (width, sizes)
                assert all(sizes["images"])
                assert sizes["font"] == "18.6667px"  # 14pt
                if width == 1280:
                    assert round(sizes["article"]) == 794  # 210 mm at 96 dpi
                else:
                    assert sizes["article"] == width
        finally:
            browser.close()
