"""Certificates people look at: HTML and PDF (WeasyPrint) with the learner's name, the path, the
dates, a verification id and a QR code that opens the issuer's verification page."""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg

from kit.certify.verify import VerifiedCredential
from kit.templating import html_templates


@dataclass(frozen=True)
class Certificate:
    """The two files of one certificate."""

    html: Path
    pdf: Path


def verification_id(credential_id: str) -> str:
    """The short id printed on the certificate: the credential's UUID."""
    return credential_id.removeprefix("urn:uuid:")


def verification_url(verify_url: str, credential_id: str) -> str:
    """The page the QR code opens."""
    return f"{verify_url}?{urlencode({'id': verification_id(credential_id)})}"


def qr_svg(text: str) -> str:
    """An inline SVG QR code for `text`."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, border=1)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode("utf-8")
    return svg[svg.index("<svg") :]


def render_certificate_html(credential: VerifiedCredential, verify_url: str) -> str:
    """The certificate as a standalone HTML page (A4 landscape when printed)."""
    achievement = credential.payload["credentialSubject"]["achievement"]
    return (
        html_templates("kit.certify")
        .get_template("certificate.html.j2")
        .render(
            title=credential.title,
            recipient=credential.recipient,
            issuer_name=credential.issuer_name,
            description=achievement.get("description", ""),
            evidence=credential.evidence,
            issued=_day(credential.valid_from),
            valid_until=_day(credential.valid_until) if credential.valid_until else "no expiry",
            verification_id=verification_id(credential.id),
            qr_svg=qr_svg(verification_url(verify_url, credential.id)),
        )
    )


def write_certificate(credential: VerifiedCredential, verify_url: str, stem: Path) -> Certificate:
    """Write `<stem>.html` and `<stem>.pdf`."""
    from weasyprint import HTML

    html = render_certificate_html(credential, verify_url)
    stem.parent.mkdir(parents=True, exist_ok=True)
    html_path = stem.with_suffix(".html")
    html_path.write_text(html, encoding="utf-8")
    pdf_path = stem.with_suffix(".pdf")
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    HTML(string=html, base_url=str(stem.parent)).write_pdf(pdf_path)
    return Certificate(html_path, pdf_path)


def _day(moment: datetime) -> str:
    return f"{moment:%d %B %Y}".lstrip("0")
