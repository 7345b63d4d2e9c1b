"""Learner content is made inert, and ordinary Markdown still renders as written.

Each hostile snippet goes through `inert_markdown`, then through nbconvert's Markdown renderer as
the formgrader and the feedback page would render the stored source; nothing that could run code,
load a frame, post a form or restyle the page may be left.
"""

from __future__ import annotations

import base64
import re
from typing import Any

import pytest
from bs4 import BeautifulSoup
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output, new_raw_cell
from nbgrader.utils import compute_checksum

from kit.grading.sanitize import (
    SanitizeLearnerContent,
    clean_html,
    inert_markdown,
    render_markdown,
)

HOSTILE = {
    "script": "<script>pwn()</script>",
    "img onerror": "<img src=x onerror=pwn()>",
    "svg onload": "<svg onload=pwn()></svg>",
    "script in svg": "<svg><script>pwn()</script></svg>",
    "javascript link": "[click](javascript:pwn())",
    "mixed-case javascript link": "[click](JaVaScRiPt:pwn())",
    "entity javascript link": '<a href="&#106;avascript:pwn()">click</a>',
    "tab in javascript link": '<a href="java\tscript:pwn()">click</a>',
    "javascript image": "![x](javascript:pwn())",
    "data html link": '<a href="data:text/html,<script>pwn()</script>">click</a>',
    "data html image": '<img src="data:text/html;base64,PHNjcmlwdD4=">',
    "mathml link": "<math><mi xlink:href=javascript:pwn()>x</mi></math>",
    "iframe": '<iframe src="https://evil.example/"></iframe>',
    "iframe srcdoc": "<iframe srcdoc='<script>pwn()</script>'></iframe>",
    "object": '<object data="x.swf"></object><embed src="x.swf">',
    "form": '<form action="https://evil.example/"><input name=p><button>go</button></form>',
    "text input": "<input type=text onfocus=pwn() autofocus>",
    "style element": "<style>body { display: none }</style>",
    "style attribute": '<div style="position:fixed;top:0;left:0">fake score: 12/12</div>',
    "details ontoggle": "<details open ontoggle=pwn()><summary>s</summary>x</details>",
    "meta refresh": "<meta http-equiv=refresh content='0;url=https://evil.example/'>",
    "base": '<base href="https://evil.example/">',
    "stylesheet": '<link rel=stylesheet href="https://evil.example/x.css">',
    "noscript mXSS": '<noscript><p title="</noscript><img src=x onerror=pwn()>">',
}

BENIGN = {
    "heading": "# Searching *well*",
    "emphasis": "Some *emphasis*, **bold** and `a < b & c`.",
    "fenced code": "```\na < b && c\n```",
    "highlighted code": "```python\nif a < b and c & d:\n    pass\n\n\nx = '<script>'\n```",
    "https link": "[the docs](https://sourcegraph.com/docs/code-search)",
    "image": "![logo](https://sourcegraph.com/logo.png)",
    "table": "| query | finds |\n|:--|--:|\n| `a < b` | 2 |",
    "lists": "1. one\n2. two\n\n- [x] done\n- [ ] to do",
    "quote and math": "> a quote\n\nMath: $a < b$ and $$x^2$$",
    "in-page link": "## Notes\n\n[back](#Notes)",
    "HTML in a code block": "```\n</code></pre><script>pwn()</script>\n```",
}

FORBIDDEN_TAGS = {"script", "iframe", "object", "embed", "form", "style", "meta", "base", "link",
                  "svg", "math", "noscript", "textarea", "button", "frame"}  # fmt: skip


def shown(markdown: str) -> BeautifulSoup:
    """What the formgrader's and the feedback's renderer make of a cell's stored source."""
    return BeautifulSoup(render_markdown(markdown), "html.parser")


def problems(page: BeautifulSoup) -> list[str]:
    found: list[str] = []
    for tag in page.find_all(True):
        if tag.name in FORBIDDEN_TAGS:
            found.append(f"<{tag.name}>")
        if tag.name == "input" and tag.get("type") != "checkbox":
            found.append("a text input")
        for name, value in tag.attrs.items():
            text = " ".join(value) if isinstance(value, list) else str(value)
            if name.startswith("on"):
                found.append(f"{tag.name} {name}")
            if name == "style" and not re.fullmatch(r"text-align:\s*\w+;?", text):
                found.append(f"style {text!r}")
            url = re.sub(r"\s", "", text).lower()
            if name in ("href", "src", "xlink:href", "action", "data", "srcdoc") and (
                url.startswith(("javascript:", "vbscript:"))
                or (url.startswith("data:") and not url.startswith("data:image/"))
                or name == "srcdoc"
            ):
                found.append(f"{tag.name} {name}={text!r}")
    return found


def visible_text(markdown: str) -> str:
    return " ".join(shown(markdown).get_text().split())


@pytest.mark.parametrize("snippet", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_markdown_is_left_with_nothing_that_runs(snippet: str) -> None:
    assert problems(shown(snippet)), "the table entry should attack something"
    assert problems(shown(inert_markdown(snippet))) == []


@pytest.mark.parametrize("markdown", BENIGN.values(), ids=BENIGN.keys())
def test_ordinary_markdown_shows_the_same_text(markdown: str) -> None:
    inert = inert_markdown(markdown)
    assert visible_text(inert) == visible_text(markdown)
    assert problems(shown(inert)) == []
    assert inert_markdown(inert) == inert  # the feedback step, after autograde's, changes nothing


def test_comments_are_dropped_whole() -> None:
    # A browser reads `<!-->` as an empty comment and runs the image; Python's HTML parser, used
    # above, would not see it, so this one is checked on the text (and in Chromium).
    assert "onerror" not in inert_markdown("<!--><img src=x onerror=pwn()>-->")


def test_stored_html_is_shown_as_html_not_read_again_as_markdown() -> None:
    # Already-clean HTML is kept as it is: Markdown inside it must stay text, not become a link.
    source = "<div>[click](javascript:pwn())</div>"
    assert inert_markdown(source) == source
    assert shown(source).find("a") is None


def test_code_blocks_keep_their_characters_and_links_and_images_stay() -> None:
    page = shown(inert_markdown("\n\n".join(BENIGN.values())))
    blocks = [pre.get_text() for pre in page.find_all("pre")]
    assert "a < b && c\n" in blocks
    assert "if a < b and c & d:\n    pass\n\n\nx = '<script>'\n" in blocks
    assert page.find("a", href="https://sourcegraph.com/docs/code-search").get_text() == "the docs"
    assert page.find("img", src="https://sourcegraph.com/logo.png")["alt"] == "logo"
    assert [th.get("style") for th in page.find_all("th")] == [
        "text-align:left",
        "text-align:right",
    ]
    assert page.find("span", class_="k").get_text() == "if"  # Pygments' highlighting survives
    # Learner ids are prefixed so they cannot clash with the page's; their own links follow them.
    assert page.find("h2")["id"] == "user-content-Notes"
    assert page.find("a", string="back")["href"] == "#user-content-Notes"


def test_image_attachments_are_inlined_and_others_dropped() -> None:
    png = base64.b64encode(b"\x89PNG\r\n\x1a\n").decode()
    attachments: dict[str, Any] = {
        "shot.png": {"image/png": png},
        "page.html": {"text/html": base64.b64encode(b"<script>pwn()</script>").decode()},
    }
    source = "![shot](attachment:shot.png) ![page](attachment:page.html) ![gone](attachment:nope)"
    page = shown(inert_markdown(source, attachments))
    assert [img["src"] for img in page.find_all("img")] == [
        f"data:image/png;base64,{png}",
        "data:image/png;base64,",
        "data:image/png;base64,",
    ]


def _instructor_cell(source: str) -> Any:
    cell = new_markdown_cell(source)
    cell.metadata["nbgrader"] = {"grade": False, "solution": False, "locked": True,
                                 "grade_id": "intro", "schema_version": 3}  # fmt: skip
    cell.metadata.nbgrader["checksum"] = compute_checksum(cell)
    return cell


def test_the_step_keeps_instructor_cells_and_cleans_the_rest() -> None:
    instructor = _instructor_cell("Instructor's <b>own</b> text: <kbd>Ctrl</kbd>")
    tampered = _instructor_cell("Instructor's text")
    tampered.source += "<script>pwn()</script>"
    learner = new_markdown_cell("<img src=x onerror=pwn()>")
    raw = new_raw_cell("<script>pwn()</script><b>raw</b>", metadata={"raw_mimetype": "text/html"})
    outputs = [
        new_output("display_data", data={"text/html": "<b>x</b><script>pwn()</script>",
                                         "application/javascript": "pwn()",
                                         "image/svg+xml": "<svg onload=pwn()></svg>",
                                         "text/plain": "x"},
                   metadata={"text/html": {"isolated": True}}),
        new_output("execute_result", data={"text/markdown": "[x](javascript:pwn())"},
                   execution_count=1),
        new_output("stream", name="stdout", text="<script>shown as text</script>"),
    ]  # fmt: skip
    code = new_code_cell("display(x)", outputs=outputs)
    nb = new_notebook(cells=[instructor, tampered, learner, raw, code])
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}

    nb, _ = SanitizeLearnerContent().preprocess(nb, {})

    assert nb.cells[0].source == "Instructor's <b>own</b> text: <kbd>Ctrl</kbd>"
    assert compute_checksum(nb.cells[0]) == nb.cells[0].metadata.nbgrader.checksum
    assert "<script" not in nb.cells[1].source and "Instructor's text" in nb.cells[1].source
    assert problems(shown(nb.cells[2].source)) == []
    assert nb.cells[3].source == "<b>raw</b>"
    display, result, stream = nb.cells[4].outputs
    assert display.data == {"text/html": "<b>x</b>", "text/plain": "x"}
    assert display.metadata == {}
    assert problems(shown(result.data["text/markdown"])) == []
    assert stream.text == "<script>shown as text</script>"  # nbconvert escapes stream text
    assert "widgets" not in nb.metadata


def test_clean_html_keeps_harmless_html() -> None:
    html = '<p><b>bold</b> <a href="https://example.com/" title="t">link</a></p>'
    assert clean_html(html) == html.replace('">link', '" rel="noopener noreferrer">link')
