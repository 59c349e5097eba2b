"""The directory's JSON API and the MCP Registry v0.1 API.

People (the person using this Salon):
    GET    /api/directory/apps                     ?q= (search by meaning) | ?category= → app cards
    GET    /api/directory/categories               categories with counts
    GET    /api/directory/suggest                  ?q=<message> → a not-installed app that clearly fits
    GET    /api/directory/apps/{ns}/{name}         the app page (newest published version)
    GET    /api/directory/apps/{ns}/{name}/consent the consent screen: exactly the data it receives
    POST   /api/directory/apps/{ns}/{name}/install {dataTypes, versionId} → 201 the install
    GET    /api/directory/installed                directory apps installed here
    GET    /api/directory/installed/{app}          per-tool permissions
    POST   /api/directory/installed/{app}/tools/{tool}  {enabled} → permissions
    DELETE /api/directory/installed/{app}          uninstall → 204
Publishers (`Authorization: Bearer <token>` from `directory_publisher_tokens`, for their namespace):
    POST   /api/directory/submissions              {manifest: server.json, server: {url} | {path}} → 202
    GET    /api/directory/versions/{id}            state, report, the reviewer's reasons
    POST   /api/directory/versions/{id}/publish | /deprecate
Reviewers and operators (`Authorization: Bearer <directory_reviewer_token>`):
    GET    /api/directory/review/queue             versions in review, with reports and tools
    POST   /api/directory/versions/{id}/approve | /reject | /yank   {reasons}
    GET    /api/directory/audit                    ?app= → the audit log, newest first
Registry (public, read-only): see `salon.directory.registry`.

The directory's services live on `app.state.directory`, built on first use over the host's store
(`DirectoryServices.for_host`); a test or `create_app` caller may put its own there first.
"""

from __future__ import annotations

import contextlib
import hmac
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from salon.directory import registry
from salon.errors import DirectoryError, NotFoundError, SalonError
from salon.web.api import SMALL_BODY, _Strict, read_json
from salon.web.errors import RequestError, error_response, salon_error_response
from salon.web.state import dump, host_of

if TYPE_CHECKING:
    from salon.directory.services import DirectoryServices

SUBMISSION_BODY = 512 * 1024

_STATUS = {
    "not_owner": 403,
    "forbidden": 403,
    "reasons_required": 400,
    "consent_mismatch": 400,
    "invalid_state": 400,
}

Handler = Callable[[Request], Awaitable[Response]]


class Submission(_Strict):
    manifest: dict[str, Any]
    server: dict[str, str]


class Reasons(_Strict):
    reasons: str = Field(default="", max_length=4000)


class Consent(_Strict):
    data_types: list[str] = Field(default_factory=list, alias="dataTypes", max_length=64)
    version_id: str | None = Field(default=None, alias="versionId", max_length=64)


class Toggle(_Strict):
    enabled: bool


async def directory_of(request: Request) -> DirectoryServices:
    services: DirectoryServices | None = getattr(request.app.state, "directory", None)
    if services is None:
        # Imported on first use: composing the app never loads the directory's services.
        from salon.directory.services import DirectoryServices

        services = DirectoryServices.for_host(host_of(request))
        request.app.state.directory = services
        # Versions a stopped worker left mid-review are reviewed again.
        await services.directory.resume_reviews()
    return services


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def _forbidden(message: str) -> RequestError:
    return RequestError(403, "forbidden", message)


def reviewer_of(request: Request) -> str:
    """The reviewer acting, or 403: the token from `SALON_DIRECTORY_REVIEWER_TOKEN` is required."""
    expected = request.app.state.settings.directory_reviewer_token
    if not expected:
        raise _forbidden("Reviewing is closed on this Salon: set SALON_DIRECTORY_REVIEWER_TOKEN to open it.")
    given = _bearer(request)
    if given is None or not hmac.compare_digest(given.encode(), expected.encode()):
        raise _forbidden("This needs the reviewer token: send 'Authorization: Bearer <token>'.")
    return "reviewer"


def _publisher_namespace(request: Request) -> str | None:
    given = _bearer(request)
    if given is None:
        return None
    for namespace, token in request.app.state.settings.directory_publisher_tokens.items():
        if hmac.compare_digest(given.encode(), token.encode()):
            return str(namespace)
    return None


def actor_for(request: Request, app: str) -> str:
    """Who may act on `app`'s versions: its publisher (by namespace token) or a reviewer."""
    namespace = _publisher_namespace(request)
    if namespace is not None and app.split("/", 1)[0] == namespace:
        return namespace
    try:
        return reviewer_of(request)
    except RequestError:
        raise _forbidden(
            f"Only {app}'s publisher or a reviewer may do this; send their bearer token."
        ) from None


def _handled(handler: Handler) -> Handler:
    """Directory refusals as HTTP: conflicts (a state moved, a review running) are 409."""

    async def wrapped(request: Request) -> Response:
        try:
            return await handler(request)
        except DirectoryError as error:
            return error_response(_STATUS.get(error.code, 409), error.code, error.message)

    return wrapped


def _name(request: Request) -> str:
    return f"{request.path_params['namespace']}/{request.path_params['name']}"


# -- people --------------------------------------------------------------------------------------
async def list_apps(request: Request) -> Response:
    services = await directory_of(request)
    query = request.query_params.get("q", "").strip()
    if query:
        result = await services.search.search(query[:500], limit=30)
        hits = [{"card": dump(h.card), "score": round(h.score, 4), "tool": h.tool} for h in result.hits]
        return JSONResponse({"query": query, "noApp": result.no_app, "results": hits})
    category = request.query_params.get("category") or None
    cards = await services.search.browse(category)
    return JSONResponse({"category": category, "apps": [dump(c) for c in cards]})


async def suggest(request: Request) -> Response:
    """`?q=<message>` → `{"suggestion": {card, score, tool} | null}`: a published app not installed here
    that clearly fits the message; the page then offers it, and installing goes through consent."""
    services = await directory_of(request)
    message = request.query_params.get("q", "").strip()[:2000]
    installed = {install.listing for install in await services.store.installs.list()}
    hit = await services.search.suggest(message, installed=installed) if message else None
    body = None if hit is None else {"card": dump(hit.card), "score": round(hit.score, 4), "tool": hit.tool}
    return JSONResponse({"suggestion": body})


async def categories(request: Request) -> Response:
    services = await directory_of(request)
    return JSONResponse({"categories": await services.search.categories()})


async def app_page(request: Request) -> Response:
    services = await directory_of(request)
    name = _name(request)
    version = await services.installer.current(name)
    page = services.details(version)
    installed = await services.store.installs.of_listing(name)
    return JSONResponse({**dump(page), "installedAs": installed.app if installed else None})


async def consent_screen(request: Request) -> Response:
    services = await directory_of(request)
    screen = await services.installer.consent_screen(_name(request))
    return JSONResponse(dump(screen))


async def install(request: Request) -> Response:
    body = await read_json(request, Consent)
    services = await directory_of(request)
    installed = await services.installer.install(
        _name(request), accepted=body.data_types, version_id=body.version_id
    )
    return JSONResponse(dump(installed), status_code=201)


async def installed(request: Request) -> Response:
    services = await directory_of(request)
    return JSONResponse({"installed": dump(await services.installer.installed())})


async def permissions(request: Request) -> Response:
    services = await directory_of(request)
    return JSONResponse(dump(await services.installer.permissions(request.path_params["app"])))


async def toggle_tool(request: Request) -> Response:
    body = await read_json(request, Toggle)
    services = await directory_of(request)
    updated = await services.installer.set_tool(
        request.path_params["app"], request.path_params["tool"], enabled=body.enabled
    )
    return JSONResponse(dump(updated))


async def uninstall(request: Request) -> Response:
    services = await directory_of(request)
    await services.installer.uninstall(request.path_params["app"])
    return Response(status_code=204)


# -- publishers ----------------------------------------------------------------------------------
async def submit(request: Request) -> Response:
    namespace = _publisher_namespace(request)
    if namespace is None:
        raise _forbidden("Submitting needs your publisher token: send 'Authorization: Bearer <token>'.")
    body = await read_json(request, Submission, limit=SUBMISSION_BODY)
    services = await directory_of(request)
    manifest = services.load_manifest(body.manifest)
    version = await services.directory.submit(manifest, services.location(body.server), owner=namespace)
    return JSONResponse(services.version_json(version), status_code=202)


async def version_detail(request: Request) -> Response:
    services = await directory_of(request)
    version = await services.store.app_versions.get(request.path_params["version_id"])
    actor_for(request, version.app)
    return JSONResponse(services.version_json(version))


def _move(action: Literal["publish", "deprecate", "approve", "reject", "yank"]) -> Handler:
    async def handler(request: Request) -> Response:
        services = await directory_of(request)
        version = await services.store.app_versions.get(request.path_params["version_id"])
        body = await read_json(request, Reasons, optional=True, limit=SMALL_BODY)
        directory = services.directory
        if action in ("approve", "reject", "yank"):
            who = reviewer_of(request)
            if action == "approve":
                moved = await directory.approve(version.id, reviewer=who, reasons=body.reasons)
            elif action == "reject":
                moved = await directory.reject(version.id, reviewer=who, reasons=body.reasons)
            else:
                moved = await directory.yank(version.id, actor=who, reason=body.reasons)
        else:
            who = actor_for(request, version.app)
            if action == "publish":
                moved = await directory.publish(version.id, actor=who)
            else:
                moved = await directory.deprecate(version.id, actor=who, reason=body.reasons)
        return JSONResponse(services.version_json(moved))

    return handler


# -- reviewers -----------------------------------------------------------------------------------
async def review_queue(request: Request) -> Response:
    reviewer_of(request)
    services = await directory_of(request)
    return JSONResponse({"queue": [services.version_json(v) for v in await services.directory.queue()]})


async def audit_log(request: Request) -> Response:
    reviewer_of(request)
    app = request.query_params.get("app") or None
    services = await directory_of(request)
    entries = await services.store.audit.list(app=app)
    return JSONResponse({"entries": dump(entries)})


# -- registry ------------------------------------------------------------------------------------
def _registry(handler: Handler) -> Handler:
    """Registry answers: errors are `{"error": "<message>"}`, as the MCP Registry's are."""

    async def wrapped(request: Request) -> Response:
        try:
            return await handler(request)
        except NotFoundError as error:
            return JSONResponse({"error": error.message}, status_code=404)
        except SalonError as error:
            response = salon_error_response(error)
            return JSONResponse({"error": error.message}, status_code=response.status_code)

    return wrapped


async def registry_servers(request: Request) -> Response:
    params = request.query_params
    body = await registry.list_servers(
        (await directory_of(request)).store,
        cursor=params.get("cursor") or None,
        limit=registry.parse_limit(params.get("limit")),
        search=params.get("search") or None,
        version=params.get("version") or None,
        updated_since=registry.parse_since(params.get("updated_since")),
    )
    return JSONResponse(body)


async def registry_versions(request: Request) -> Response:
    body = await registry.server_versions(
        (await directory_of(request)).store, request.path_params["server_name"]
    )
    return JSONResponse(body)


async def registry_version(request: Request) -> Response:
    store = (await directory_of(request)).store
    body = await registry.server_version(
        store, request.path_params["server_name"], request.path_params["version"]
    )
    return JSONResponse(body)


def routes() -> list[BaseRoute]:
    app = "/api/directory/apps/{namespace}/{name}"
    version = "/api/directory/versions/{version_id}"
    moves: list[BaseRoute] = [
        Route(f"{version}/{action}", _handled(_move(action)), methods=["POST"])
        for action in ("publish", "deprecate", "approve", "reject", "yank")
    ]
    return [
        Route("/api/directory/apps", _handled(list_apps), methods=["GET"]),
        Route("/api/directory/categories", _handled(categories), methods=["GET"]),
        Route("/api/directory/suggest", _handled(suggest), methods=["GET"]),
        Route(app, _handled(app_page), methods=["GET"]),
        Route(f"{app}/consent", _handled(consent_screen), methods=["GET"]),
        Route(f"{app}/install", _handled(install), methods=["POST"]),
        Route("/api/directory/installed", _handled(installed), methods=["GET"]),
        Route("/api/directory/installed/{app}", _handled(permissions), methods=["GET"]),
        Route("/api/directory/installed/{app}", _handled(uninstall), methods=["DELETE"]),
        Route("/api/directory/installed/{app}/tools/{tool}", _handled(toggle_tool), methods=["POST"]),
        Route("/api/directory/submissions", _handled(submit), methods=["POST"]),
        Route(version, _handled(version_detail), methods=["GET"]),
        *moves,
        Route("/api/directory/review/queue", _handled(review_queue), methods=["GET"]),
        Route("/api/directory/audit", _handled(audit_log), methods=["GET"]),
        Route("/v0.1/servers", _registry(registry_servers), methods=["GET"]),
        Route(
            "/v0.1/servers/{server_name:path}/versions/{version}",
            _registry(registry_version),
            methods=["GET"],
        ),
        Route("/v0.1/servers/{server_name:path}/versions", _registry(registry_versions), methods=["GET"]),
    ]


@contextlib.asynccontextmanager
async def closing(app: Starlette) -> AsyncIterator[None]:
    """Close the directory's services (its running reviews) when the app shuts down."""
    try:
        yield
    finally:
        services = getattr(app.state, "directory", None)
        if services is not None:
            await services.aclose()
