"""The learner's pages and APIs: "My learning" (progress per course and certification path) and
"My credentials" (verdicts, downloads, share and LinkedIn links). Login required: an anonymous
browser is sent to log in, an anonymous API call answers 401. Every lookup is by the learner the
identity authenticated, never by an id from the URL or a form; another learner's credential
answers 404, as an id nobody issued does, so ids cannot be probed."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from kit.portal.holder import CredentialView, credential_views
from kit.portal.pages import JWT_MEDIA_TYPE, not_found, portal_of, render
from kit.portal.progress import Progress, read_progress
from kit.portal.store import HeldCredential, credential_urn

LearnerHandler = Callable[[Request, str], Awaitable[Response]]
Endpoint = Callable[[Request], Awaitable[Response]]


def page(handler: LearnerHandler) -> Endpoint:
    """A page for the logged-in learner; an anonymous browser is sent to log in."""

    async def endpoint(request: Request) -> Response:
        identity = portal_of(request).require_identity()
        learner = await identity.learner(request)
        if learner is None:
            return identity.login(request)
        return await handler(request, learner)

    endpoint.__doc__ = handler.__doc__
    return endpoint


def api(handler: LearnerHandler) -> Endpoint:
    """An API for the logged-in learner; 401 without a login (never a redirect)."""

    async def endpoint(request: Request) -> Response:
        learner = await portal_of(request).require_identity().learner(request)
        if learner is None:
            return JSONResponse(
                {"error": "log in first"},
                status_code=401,
                headers={"WWW-Authenticate": 'Bearer realm="portal"'},
            )
        return await handler(request, learner)

    endpoint.__doc__ = handler.__doc__
    return endpoint


async def _progress(request: Request, learner: str) -> Progress:
    portal = portal_of(request)
    return await run_in_threadpool(
        read_progress, portal.settings, portal.catalog, portal.store, learner
    )


async def _credentials(request: Request, learner: str) -> list[CredentialView]:
    portal = portal_of(request)

    def judged() -> list[CredentialView]:
        held = portal.store.held_by(learner)
        return credential_views(held, portal.current_trust(), portal.catalog)

    return await run_in_threadpool(judged)


@page
async def my_learning(request: Request, learner: str) -> Response:
    """GET "My learning": progress per course and per certification path."""
    progress = await _progress(request, learner)
    return render(request, "learning.html.j2", progress=progress, signed_in=learner)


@page
async def my_credentials(request: Request, learner: str) -> Response:
    """GET "My credentials": each of the learner's credentials and what to do with it."""
    views = await _credentials(request, learner)
    return render(request, "credentials.html.j2", credentials=views, signed_in=learner)


@page
async def credential_download(request: Request, learner: str) -> Response:
    """GET one of the learner's own credentials as a file: the signed credential (.jwt) or
    its certificate (.pdf); 404 for anything else, another learner's included."""
    held = _own(request, learner)
    kind = request.path_params["kind"]
    if held is None or kind not in {"jwt", "pdf"} or (kind == "pdf" and held.pdf is None):
        return await not_found(request, LookupError(request.url.path))
    if kind == "pdf" and held.pdf is not None:
        body, media_type = held.pdf.read_bytes(), "application/pdf"
    else:
        body, media_type = f"{held.token}\n".encode(), JWT_MEDIA_TYPE
    name = f"{held.certification}.{kind}"
    disposition = f'attachment; filename="{name}"'
    return Response(body, media_type=media_type, headers={"Content-Disposition": disposition})


def _own(request: Request, learner: str) -> HeldCredential | None:
    wanted = credential_urn(str(request.path_params["id"]))
    if wanted is None:
        return None
    return next((c for c in portal_of(request).store.held_by(learner) if c.id == wanted), None)


@api
async def learning_api(request: Request, learner: str) -> Response:
    """GET the learner's progress as JSON (what "My learning" shows)."""
    progress = await _progress(request, learner)
    return JSONResponse(progress_json(progress))


@api
async def credentials_api(request: Request, learner: str) -> Response:
    """GET the learner's credentials as JSON (what "My credentials" shows)."""
    views = await _credentials(request, learner)
    paths = portal_of(request).paths
    return JSONResponse(
        {"learner": learner, "credentials": [credential_json(v, paths) for v in views]}
    )


def progress_json(progress: Progress) -> dict[str, Any]:
    """The learner's progress as JSON: courses with each assignment's best score, paths with
    each requirement done or missing."""
    return {
        "learner": progress.learner,
        "courses": [
            {
                "id": c.id,
                "title": c.title,
                "pass_mark": c.pass_mark,
                "passed": c.passed,
                "completed_at": _iso(c.completed_at),
                "assignments": [
                    {
                        "id": a.id,
                        "title": a.title,
                        "state": a.state,
                        "passed": a.passed,
                        "score": a.best.score if a.best else None,
                        "max_score": a.best.max_score if a.best else None,
                        "percent": a.best.percent if a.best else None,
                        "submitted_at": _iso(a.best.submitted_at) if a.best else None,
                    }
                    for a in c.assignments
                ],
                "left": [a.id for a in c.left],
            }
            for c in progress.courses
        ],
        "certifications": [
            {
                "id": p.id,
                "title": p.title,
                "done": p.done,
                "requirements": [
                    {
                        "label": r.label,
                        "done": r.done,
                        "details": list(r.details),
                        "missing": list(r.missing),
                    }
                    for r in p.requirements
                ],
            }
            for p in progress.paths
        ],
    }


def credential_json(view: CredentialView, paths: dict[str, str]) -> dict[str, Any]:
    """One credential as JSON, with the addresses of its downloads."""
    summary = view.verdict.credential
    base = f"{paths['credentials']}/{view.verification_id}"
    return {
        "id": view.held.id,
        "certification": view.held.certification,
        "title": view.title,
        "status": view.verdict.status.value,
        "issued": _iso(summary.valid_from) if summary else None,
        "valid_until": _iso(summary.valid_until) if summary else None,
        "share_url": view.share_url,
        "linkedin_url": view.linkedin_url,
        "credential": f"{base}.jwt",
        "certificate": f"{base}.pdf" if view.held.pdf else None,
    }


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None
