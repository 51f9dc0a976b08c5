"""The chat page for staff: one static HTML file; its script and style are under /static.

The page is open (no API key): it holds no data, and asks for a key itself when the API
answers 401. It is left out of the OpenAPI schema, which documents the JSON API only.
"""

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

STATIC = Path(__file__).resolve().parents[1] / "static"

router = APIRouter()


@router.get("/", include_in_schema=False)
def page() -> FileResponse:
    return FileResponse(STATIC / "index.html", media_type="text/html")
