"""API documentation pages: Swagger UI at /docs over this server's /openapi.json.

FastAPI's own /docs loads Swagger UI from a CDN with an inline script, which works neither
offline nor under the Content-Security-Policy (server/security.py). Here the page, its
start-up script and the Swagger UI files all come from this server: the HTML and script
from server/docs/, the Swagger UI bundle and stylesheet from the ``fastapi-offline``
package (Swagger UI is Apache-2.0, the package MIT), mounted at /docs/assets by
:func:`server.app.create_app`. Open, like the chat page: it holds no data.
"""

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

DOCS = Path(__file__).resolve().parents[1] / "docs"

router = APIRouter(include_in_schema=False)


def swagger_assets() -> Path:
    import fastapi_offline

    return Path(fastapi_offline.__file__).resolve().parent / "static"


@router.get("/docs")
def docs_page() -> FileResponse:
    return FileResponse(DOCS / "index.html", media_type="text/html")


@router.get("/docs/init.js")
def docs_script() -> FileResponse:
    return FileResponse(DOCS / "init.js", media_type="text/javascript")
