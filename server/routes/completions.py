"""An OpenAI-compatible front: ``POST /v1/chat/completions`` and ``GET /v1/models``.

Chat front ends on the intranet (Open WebUI, LibreChat, an OpenAI SDK script) talk to
"a model"; here the model is the corpus, named by ``QA_CORPUS_NAME``. The last user
message is the question and earlier user messages are the history (follow-ups borrow the
last subject, as on /v1/ask). The assistant message is the extractive answer with its
citations written out ("[Lancashire 2012, para 48, p. 16]"); the structured answer, the
same object /v1/ask returns, travels in the extra field ``report_qa``, which OpenAI
clients keep (``completion.report_qa`` in the Python SDK).

With ``"stream": true`` the same message is sent as server-sent events in the OpenAI
chunk format, a few words per event, ending with ``data: [DONE]``. The answer is
computed before the first event, so an invalid question is still a plain JSON error.
Nothing is generated: usage counts tokens of the question and of the message.
"""

import json
import re
import time
import uuid
from collections.abc import Iterator

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import StreamingResponse

from qa.answering.citing import prose
from qa.pipeline import QAService
from server import schemas
from server.deps import READ, Service, TelemetryDep

router = APIRouter(tags=["openai"], dependencies=READ)

STREAM_RESPONSE: dict[int | str, dict] = {
    200: {
        "content": {"text/event-stream": {"schema": {"type": "string"}}},
        "description": "with `stream: true`: chat.completion.chunk events, then [DONE]",
    },
    404: {"model": schemas.ErrorOut, "description": "no such model (corpus)"},
}
# Words per streamed event: small enough to show the answer arriving, few enough events.
WORDS_PER_CHUNK = 4


@router.get("/v1/models", response_model=schemas.ModelsOut)
def list_models(request: Request) -> dict:
    """The corpora this server answers from, as OpenAI model ids (one per server)."""
    return {"object": "list", "data": [_model(request.app.state.settings.corpus_name)]}


@router.post(
    "/v1/chat/completions", response_model=schemas.ChatCompletionOut, responses=STREAM_RESPONSE
)
def chat_completions(
    body: schemas.ChatRequest, request: Request, qa: Service, telemetry: TelemetryDep
) -> object:
    """The answer to the last user message, with citations, as an OpenAI chat completion."""
    corpus = request.app.state.settings.corpus_name
    if body.model != corpus:
        raise HTTPException(404, f"no model {body.model!r}; this server answers {corpus!r}")
    questions = [_text(m) for m in body.messages if m.role == "user"]
    questions = [q for q in questions if q.strip()]
    if not questions:
        raise HTTPException(422, "messages: no user message with text to answer")
    answer = qa.ask(questions[-1], history=questions[:-1][-20:])
    telemetry.answers.labels("abstained" if answer.abstained else "answered").inc()
    content = prose(answer, qa.router.reports)
    completion_id = f"chatcmpl-{uuid.uuid4().hex}"
    created = int(time.time())
    if body.stream:
        return StreamingResponse(
            _events(completion_id, created, corpus, content, answer.to_json()),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-cache"},
        )
    return {
        "id": completion_id,
        "object": "chat.completion",
        "created": created,
        "model": corpus,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": "stop",
            }
        ],
        "usage": _usage(qa, questions[-1], content),
        "report_qa": answer.to_json(),
    }


def _events(
    completion_id: str, created: int, model: str, content: str, answer: dict
) -> Iterator[str]:
    def chunk(delta: dict, finish: str | None = None, **extra: object) -> str:
        body = {
            "id": completion_id,
            "object": "chat.completion.chunk",
            "created": created,
            "model": model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
            **extra,
        }
        return f"data: {json.dumps(body, ensure_ascii=False)}\n\n"

    yield chunk({"role": "assistant", "content": ""})
    # Split after whitespace, so the pieces joined are exactly the message.
    pieces = re.findall(r"\S+\s*|\s+", content)
    for start in range(0, len(pieces), WORDS_PER_CHUNK):
        yield chunk({"content": "".join(pieces[start : start + WORDS_PER_CHUNK])})
    # The structured answer rides on the last chunk, as the usage does in OpenAI's own.
    yield chunk({}, "stop", report_qa=answer)
    yield "data: [DONE]\n\n"


def _text(message: schemas.ChatMessage) -> str:
    if isinstance(message.content, str):
        return message.content
    parts = message.content or []
    return " ".join(str(p.get("text", "")) for p in parts if p.get("type") == "text")


def _usage(qa: QAService, question: str, content: str) -> dict:
    prompt, completion = qa.encoding.count(question), qa.encoding.count(content)
    return {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
    }


def _model(name: str) -> dict:
    return {"id": name, "object": "model", "created": 0, "owned_by": "report-qa"}
