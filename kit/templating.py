"""The Jinja environments the kit renders pages with: one per package's `templates/` folder,
HTML escaped (every value is escaped unless a template marks it safe), undefined names an error."""

from __future__ import annotations

import functools

import jinja2


@functools.cache
def html_templates(package: str) -> jinja2.Environment:
    """The templates in `package`'s `templates/` folder (e.g. "kit.plans"), escaped as HTML."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader(package, "templates"),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        undefined=jinja2.StrictUndefined,
    )
