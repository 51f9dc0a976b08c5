"""What the OpenAPI schema adds to FastAPI's: operation names and an example per route.

Clients generated from /openapi.json name their methods after ``operationId``; FastAPI's
default (``ask_v1_ask_post``) is replaced by the endpoint function's own name, so the
functions in server/routes are named as a client should call them (``ask``, ``search``,
``list_documents``, ``get_paragraph``). Examples live here, in one table keyed by those
names, and are written into the schema once when it is first built: a request example on
the body or the query parameters, and a response example on the success response.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute

DOC = "ofsted-lancashire-safeguarding-lac-2012"
CITATION = {
    "doc": DOC,
    "paragraph": 25,
    "unit": "p25",
    "part": None,
    "section": "Capacity for improvement",
    "grade": "Good",
    "page": 7,
    "quote": "Arrangements for managing allegations ... are good",
    "char_start": 0,
    "char_end": 50,
    "label": "¶25",
}
PASSAGE = {
    "doc": DOC,
    "paragraph": 25,
    "unit": "p25",
    "score": 0.83,
    "section": "Capacity for improvement",
    "text": "Arrangements for managing allegations ... are good.",
    "label": "¶25",
}
UNIT = {
    "doc": DOC,
    "unit": "p48",
    "kind": "paragraph",
    "paragraph": 48,
    "part": None,
    "section": "Health",
    "grade": None,
    "grade_number": None,
    "page": 16,
    "text": "Health outcomes for looked after children are ...",
    "label": "¶48",
}
SUMMARY = {
    "id": DOC,
    "title": "Inspection of safeguarding and looked after children services: Lancashire",
    "paragraphs": 120,
    "units": 140,
    "council": "Lancashire",
    "year": 2012,
    "findings": [],
}
STORED = {
    "id": "staffordshire-11-march-2019",
    "file": "staffordshire-11-march-2019.pdf",
    "bytes": 145867,
    "paragraphs": 37,
}
BUILD = {
    "id": "4f1c2a9b0d3e",
    "action": "upload",
    "doc": "staffordshire-11-march-2019",
    "file": "staffordshire-11-march-2019.pdf",
    "state": "running",
    "stage": "indexing (embedding new text, reusing the rest)",
    "message": None,
    "created": 1795000000.0,
    "finished": None,
    "index_build": None,
    "embedded": None,
    "reused": None,
}

# operationId -> {"request": body example, "query": {name: value}, "response": example}
EXAMPLES: dict[str, dict[str, Any]] = {
    "healthz": {"response": {"status": "ok"}},
    "readyz": {"response": {"status": "ready", "build": "20261127T101500", "message": None}},
    "metrics": {"response_text": 'qa_requests_total{route="/v1/ask"} 12\n'},
    "ask": {
        "request": {"question": "What does LADO stand for?", "council": "Lancashire"},
        "response": {
            "question": "What does LADO stand for?",
            "answer": "... through the local authority designated officer (LADO) are good",
            "answer_span": "local authority designated officer",
            "abstained": False,
            "confidence": 0.99,
            "citations": [CITATION],
            "passages": [PASSAGE],
            "took_ms": 11.2,
            "kind": "definition",
            "timings": {"retrieve": 6.1, "answer": 5.1},
            "evidence": {},
        },
    },
    "search": {
        "query": {"q": "allegations against staff", "k": 5},
        "response": {
            "query": "allegations against staff",
            "expanded": "allegations against staff",
            "passages": [PASSAGE],
            "took_ms": 7.4,
        },
    },
    "context": {
        "request": {"question": "How good is health care?", "max_tokens": 500},
        "response": {
            "question": "How good is health care?",
            "max_tokens": 500,
            "tokens": 142,
            "encoding": "cl100k_base",
            "encoding_source": "package",
            "passages": [],
            "text": f"[{DOC} ¶48] Health outcomes ...",
        },
    },
    "list_documents": {"query": {"council": "Lancashire"}, "response": [SUMMARY]},
    "get_paragraph": {
        "path": {"doc": DOC, "n": "48"},
        "response": {"paragraph": UNIT, "previous": None, "next": None},
    },
    "page_image": {"path": {"doc": "barnet-23-july-2024", "n": 3}},
    "get_document": {
        "path": {"doc": DOC},
        "response": {
            **SUMMARY,
            "front_matter": {},
            "contents": [{"title": "Summary", "page": 3}],
            "paragraph_numbers": [1, 2, 3],
        },
    },
    "glossary": {
        "query": {"doc": DOC},
        "response": [
            {
                "short": "LADO",
                "long": "Local Authority Designated Officer",
                "doc": DOC,
                "unit": "p25",
                "paragraph": 25,
            }
        ],
    },
    "send_feedback": {
        "request": {"question": "What does LADO stand for?", "answer": "...", "helpful": True},
        "response": {"id": 1},
    },
    "export_feedback": {"response_text": '{"question": "What does LADO stand for?"}\n'},
    "reload_index": {"response": {"status": "ready", "build": "20261127T101500"}},
    "upload_document": {"response": {"document": STORED, "build": BUILD}},
    "delete_document": {
        "path": {"doc": "staffordshire-11-march-2019"},
        "response": {"document": STORED, "build": {**BUILD, "action": "delete"}},
    },
    "list_builds": {"response": [{**BUILD, "state": "done", "stage": "done"}]},
    "get_build": {"path": {"build_id": "4f1c2a9b0d3e"}, "response": BUILD},
    "list_models": {
        "response": {
            "object": "list",
            "data": [
                {"id": "ofsted-reports", "object": "model", "created": 0, "owned_by": "report-qa"}
            ],
        }
    },
    "chat_completions": {
        "request": {
            "model": "ofsted-reports",
            "messages": [{"role": "user", "content": "Who was the lead inspector in Lancashire?"}],
        },
        "response": {
            "id": "chatcmpl-3f2a",
            "object": "chat.completion",
            "created": 1795000000,
            "model": "ofsted-reports",
            "choices": [
                {
                    "index": 0,
                    "message": {
                        "role": "assistant",
                        "content": "... are good [Lancashire 2012, para 25, p. 7]",
                    },
                    "finish_reason": "stop",
                }
            ],
            "usage": {"prompt_tokens": 9, "completion_tokens": 40, "total_tokens": 49},
            "report_qa": "(the /v1/ask answer object)",
        },
    },
}


def operation_id(route: APIRoute) -> str:
    return route.name


def add_examples(app: FastAPI) -> None:
    """Build the schema once with the examples of :data:`EXAMPLES` written in."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
            )
            for methods in schema.get("paths", {}).values():
                for operation in methods.values():
                    _annotate(operation, EXAMPLES.get(operation.get("operationId", ""), {}))
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


# A body the server cannot parse (not JSON, broken multipart) is a 400 before validation
# (FastAPI's and Starlette's own behaviour, in the JSON error shape of server/errors.py):
# documented on every operation that takes a body.
BAD_BODY = {
    "description": "the request body cannot be parsed (not JSON, or broken multipart)",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}},
}


def _annotate(operation: dict[str, Any], example: dict[str, Any]) -> None:
    if operation.get("requestBody", {}).get("content"):
        operation["responses"].setdefault("400", BAD_BODY)
    if "request" in example:
        for media in operation.get("requestBody", {}).get("content", {}).values():
            media["example"] = example["request"]
    for parameter in operation.get("parameters", []):
        where = example.get("query" if parameter.get("in") == "query" else "path", {})
        if parameter["name"] in where:
            parameter["example"] = where[parameter["name"]]
    success = next((c for c in ("200", "201", "202") if c in operation["responses"]), None)
    if success is None:
        return
    content = operation["responses"][success].setdefault("content", {})
    if "response" in example:
        content.setdefault("application/json", {})["example"] = example["response"]
    elif "response_text" in example:
        for media in content.values():
            media["example"] = example["response_text"]
