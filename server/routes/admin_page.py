"""The admin page for reports (list, upload, indexing progress, remove) at /admin.

A static page like the chat page, kept in its own files (server/static/admin.*); it holds
no data, and every action it takes goes through the API with the admin key typed into it.
"""

from fastapi import APIRouter
from fastapi.responses import FileResponse

from server.routes.page import STATIC

router = APIRouter(include_in_schema=False)


@router.get("/admin")
def admin_page() -> FileResponse:
    return FileResponse(STATIC / "admin.html", media_type="text/html")
