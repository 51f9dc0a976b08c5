"""Administration: load the index that `qa build` published last, without a restart.

The holder also notices a new index by itself (at most once a second, on a request);
this route is for a deployment script that wants the swap done, and its outcome, now.
"""

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from server.deps import ADMIN, Holder
from server.routes.health import status_response

router = APIRouter(tags=["admin"], dependencies=ADMIN)


@router.post("/v1/admin/reload")
def reload_index(holder: Holder) -> JSONResponse:
    """Load the index `qa build` published last, now (it is also noticed by itself)."""
    return status_response(holder.reload())
