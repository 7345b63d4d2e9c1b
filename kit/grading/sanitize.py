"""Learner content shown inert: what the formgrader and the feedback page render from a submission.

nbconvert passes the HTML inside Markdown through as it is, so a learner's `<script>` would run in
the grader's browser. `SanitizeLearnerContent` renders each learner cell's Markdown with nbconvert's
own renderer (mistune), cleans the HTML with nh3 (the ammonia sanitizer) and stores it back as the
cell's source; raw cells, attachments and outputs are cleaned too. A cell whose nbgrader checksum
still matches the gradebook's is the instructor's, unchanged, and keeps its source, so nbgrader
never sees an instructor cell as modified.
"""

from __future__ import annotations

import re
from typing import Any

import nh3
from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath
from nbgrader.preprocessors import NbGraderPreprocessor
from nbgrader.utils import compute_checksum
from pygments.token import STANDARD_TYPES  # type: ignore[import-untyped]

ID_PREFIX = "user-content-"
"""Prefixed to learner ids (heading anchors) so they cannot clash with the page's own."""

IMAGE_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp", "image/svg+xml"})
"""Attachment and `data:` image types kept: each is only ever shown through `<img>`, where it is inert."""

OUTPUT_TYPES = frozenset({"text/plain", "text/latex", "image/png", "image/jpeg", "image/gif"})
"""Output types nbconvert shows escaped or as an image; `text/html` and `text/markdown` are cleaned,
everything else (JavaScript, SVG, widgets, Mermaid, ...) is dropped."""

_DATA_IMAGE = re.compile(r"data:image/(png|jpeg|gif|webp|svg\+xml);base64,[A-Za-z0-9+/=\s]*\Z")
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_NO_IMAGE = {"image/png": ""}


def _filter_attribute(tag: str, name: str, value: str) -> str | None:
    """Allow `data:` URLs only as `<img>` images, and keep in-page links on the prefixed ids."""
    if value.lstrip().lower().startswith("data:"):
        return value if tag == "img" and name == "src" and _DATA_IMAGE.match(value) else None
    if name == "href" and value.startswith("#") and not value.startswith("#" + ID_PREFIX):
        return "#" + ID_PREFIX + value[1:]
    return value


_CLEANER = nh3.Cleaner(
    tags=nh3.ALLOWED_TAGS | {"input"},
    clean_content_tags={"script", "style", "template", "noscript", "iframe", "object", "textarea"},
    attributes={
        **{tag: set(names) for tag, names in nh3.ALLOWED_ATTRIBUTES.items()},
        "*": {"title"},
        "a": {"href", "hreflang"},
        "img": {"src", "alt", "width", "height"},
        "input": {"checked"},
        "th": {*nh3.ALLOWED_ATTRIBUTES["th"], "style"},  # Markdown tables align with a style
        "td": {*nh3.ALLOWED_ATTRIBUTES["td"], "style"},
        **{tag: {"id"} for tag in _HEADINGS},
    },
    attribute_filter=_filter_attribute,
    url_schemes={"http", "https", "mailto", "data"},
    filter_style_properties={"text-align"},
    # Markdown task lists: a checkbox, never any other kind of input.
    set_tag_attribute_values={"input": {"type": "checkbox", "disabled": ""}},
    allowed_classes={
        "span": {name for name in STANDARD_TYPES.values() if name},  # Pygments' highlighting
        "div": {"highlight"},
        "a": {"anchor-link"},
        "li": {"task-list-item"},
        "input": {"task-list-item-checkbox"},
    },
    id_prefix=ID_PREFIX,
)


def clean_html(html: str) -> str:
    """`html` with everything that could run, load a frame or post a form removed."""
    return str(_CLEANER.clean(html))


def render_markdown(source: str, attachments: dict[str, Any] | None = None) -> str:
    """Markdown as nbconvert's HTML exporter renders it (mistune, math, highlighted code).

    An image of a missing attachment gets an empty picture instead of nbconvert's error.
    """
    images = _AnyAttachment(_image_attachments(attachments or {}))
    renderer = IPythonRenderer(escape=False, attachments=images)
    return str(MarkdownWithMath(renderer=renderer).render(source))


class _AnyAttachment(dict[str, dict[str, Any]]):
    """Attachments where every name is found: a missing one is an empty picture."""

    def __contains__(self, name: object) -> bool:
        return True

    def __missing__(self, name: str) -> dict[str, Any]:
        return dict(_NO_IMAGE)


def inert_markdown(source: str, attachments: dict[str, Any] | None = None) -> str:
    """Markdown source that renders to the cleaned HTML of `source`: one line of HTML in a `<div>`.

    Markdown passes an HTML block with no blank line through unchanged, so newlines are kept as
    `&#10;`. Source that is already in this form is returned as it is.
    """
    if _is_inert_block(source):
        return source
    return _as_block("<div>" + clean_html(render_markdown(source, attachments)).strip() + "</div>")


def _as_block(html: str) -> str:
    return html.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "&#10;")


def _is_inert_block(source: str) -> bool:
    return (
        source.startswith("<div>")
        and "\n" not in source
        and "\r" not in source
        and _as_block(clean_html(source)) == source
    )


def _image_attachments(attachments: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Attachments with image types only; one left with none gets an empty picture."""
    kept: dict[str, dict[str, Any]] = {}
    for name, bundle in attachments.items():
        images = {mime: data for mime, data in dict(bundle).items() if mime in IMAGE_TYPES}
        kept[str(name)] = images or dict(_NO_IMAGE)
    return kept


def inert_output(output: Any) -> Any | None:
    """The output with only inert data kept, or None when nothing of it can be shown safely."""
    kind = output.get("output_type")
    if kind in ("stream", "error"):  # nbconvert escapes their text
        return output
    if kind not in ("display_data", "execute_result"):
        return None
    data: dict[str, Any] = {}
    for mime, value in dict(output.get("data", {})).items():
        text = "".join(value) if isinstance(value, list) else value
        if not isinstance(text, str):
            continue
        if mime == "text/html":
            data[mime] = clean_html(text)
        elif mime == "text/markdown":
            data[mime] = inert_markdown(text)
        elif mime in OUTPUT_TYPES:
            data[mime] = text
    output["data"] = data
    # Keep only image sizes: an `isolated` HTML output would be shown in a frame.
    output["metadata"] = {
        mime: {
            k: v for k, v in dict(meta).items() if k in ("width", "height") and isinstance(v, int)
        }
        for mime, meta in dict(output.get("metadata", {})).items()
        if mime in data and mime.startswith("image/") and isinstance(meta, dict)
    }
    return output


def is_unchanged_instructor_cell(cell: Any) -> bool:
    """True when nbgrader's checksum of the cell matches the one the gradebook gave it.

    nbgrader's OverwriteCells sets that checksum from the gradebook and restores locked cells, so a
    match means the instructor's own source (md5 second preimages are out of reach).
    """
    expected = cell.get("metadata", {}).get("nbgrader", {}).get("checksum")
    try:
        return bool(expected) and compute_checksum(cell) == expected
    except (KeyError, TypeError, ValueError):  # no grade id, or malformed points: the learner's
        return False


def sanitize_cell(cell: Any) -> Any:
    """Make one cell inert as nbconvert renders it; unchanged instructor sources are kept."""
    if "attachments" in cell:
        cell.attachments = _image_attachments(dict(cell.attachments))
    if cell.cell_type == "code":
        outputs = (inert_output(output) for output in cell.get("outputs", []))
        cell.outputs = [output for output in outputs if output is not None]
        if not isinstance(cell.get("execution_count"), int):
            cell.execution_count = None
    elif not is_unchanged_instructor_cell(cell):
        if cell.cell_type == "markdown":
            cell.source = inert_markdown(cell.source, cell.get("attachments"))
            cell.pop("attachments", None)  # now inside the source as data: images
        else:  # raw cells: nbconvert's HTML templates copy those of no or an HTML type as they are
            cell.source = clean_html(cell.source)
    return cell


class SanitizeLearnerContent(NbGraderPreprocessor):  # type: ignore[misc]
    """Autograde and feedback step: learner Markdown, raw cells, attachments and outputs made inert."""

    def preprocess(self, nb: Any, resources: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        # Widget state in the notebook's metadata would make nbconvert load a widget renderer.
        nb.metadata.pop("widgets", None)
        nb.cells = [sanitize_cell(cell) for cell in nb.cells]
        return nb, resources
