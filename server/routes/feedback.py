"""Staff judgements of answers, stored in SQLite and exported as candidate gold lines.

The store (:mod:`qa.feedback`) belongs to the library, so `qa` commands can read it too;
the app opens one per process at start-up and closes it at shut-down.
"""

import json

from fastapi import APIRouter
from fastapi.responses import Response

from qa.feedback import Feedback, candidate_gold
from server import schemas
from server.deps import ADMIN, READ, FeedbackDep

router = APIRouter(tags=["feedback"])


@router.post("/v1/feedback", response_model=schemas.FeedbackOut, status_code=201, dependencies=READ)
def send_feedback(body: schemas.FeedbackRequest, store: FeedbackDep) -> dict:
    """Store a member of staff's judgement of an answer."""
    return {"id": store.add(Feedback(**body.model_dump()))}


@router.get(
    "/v1/feedback/export",
    response_class=Response,
    dependencies=ADMIN,
    responses={200: {"content": {"application/x-ndjson": {}}, "description": "JSON Lines"}},
)
def export_feedback(store: FeedbackDep) -> Response:
    """Feedback as candidate gold lines (JSON Lines) for the evaluation set."""
    lines = candidate_gold(store.all())
    body = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)
    return Response(body, media_type="application/x-ndjson")
