"""Request and response bodies of the JSON API (they appear in the OpenAPI schema).

The answer body is the contract of ``qa ask --json`` (see the README); fields are only
ever added, never renamed or removed.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictBool


def _not_a_bool(value: object) -> object:
    # pydantic's lax mode reads JSON true as 1; the schema says integer, so refuse it.
    if isinstance(value, bool):
        raise ValueError("expected an integer, got a boolean")
    return value


# Request integers and booleans as JSON Schema means them: no true for 1, no 1 for true
# (schemathesis' negative-data check sends such bodies and expects a 422).
# The bounds come before the validator, or pydantic writes them into the schema as
# unknown keywords ("ge") instead of "minimum"/"maximum".
_NO_BOOL = BeforeValidator(_not_a_bool)
Year = Annotated[int, Field(ge=1900, le=2100), _NO_BOOL]
PassageCount = Annotated[int, Field(ge=1, le=100), _NO_BOOL]
TokenBudget = Annotated[int, Field(ge=1, le=32_000), _NO_BOOL]
ParagraphNumber = Annotated[int, Field(ge=0, le=1_000_000), _NO_BOOL]

# Characters, a first cheap bound; the real limit is in tokens (QA_MAX_QUESTION_TOKENS),
# checked by the service, which answers 422 with the token count.
MAX_QUESTION_CHARS = 2000


class Turn(BaseModel):
    question: str = Field(max_length=MAX_QUESTION_CHARS)
    answer: str | None = Field(None, max_length=20_000)


class AskRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    question: str = Field(min_length=1, max_length=MAX_QUESTION_CHARS)
    k: PassageCount | None = Field(None, description="passages to return")
    doc: str | None = Field(None, max_length=500, description="only this document id")
    council: str | None = Field(
        None, max_length=200, description="only this council's reports (latest, or `year`)"
    )
    year: Year | None = Field(None, description="only reports of this year")
    year_from: Year | None = Field(None, description="reports from this year")
    year_to: Year | None = Field(None, description="reports up to this year")
    history: list[Turn] = Field(
        default_factory=list,
        max_length=20,
        description="earlier turns, oldest first; a follow-up borrows the last subject",
    )


class ContextRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    question: str = Field(min_length=1, max_length=MAX_QUESTION_CHARS)
    max_tokens: TokenBudget = Field(description="budget in tiktoken tokens")
    encoding: Literal["cl100k_base", "o200k_base"] | None = Field(
        None, description="count with this tiktoken encoding [default: QA_ENCODING]"
    )
    doc: str | None = Field(None, max_length=500)
    council: str | None = Field(
        None, max_length=200, description="only this council's reports (latest, or `year`)"
    )
    year: Year | None = Field(None, description="only reports of this year")
    year_from: Year | None = Field(None, description="reports from this year")
    year_to: Year | None = Field(None, description="reports up to this year")


class FeedbackRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    question: str = Field(min_length=1, max_length=MAX_QUESTION_CHARS)
    answer: str = Field(max_length=20_000)
    answer_span: str | None = Field(None, max_length=2000)
    abstained: StrictBool = False
    helpful: StrictBool
    doc: str | None = Field(None, max_length=500)
    cited: list[ParagraphNumber] = Field(default_factory=list, max_length=100)
    right_paragraph: ParagraphNumber | None = None
    comment: str | None = Field(None, max_length=2000)


class CitationOut(BaseModel):
    doc: str
    paragraph: int | None
    unit: str
    part: str | None
    section: str | None
    grade: str | None
    page: int | None
    quote: str
    # Added fields (optional, so older producers still validate):
    char_start: int | None = Field(
        None, description="offset of the quote in the unit's text (null: not located)"
    )
    char_end: int | None = Field(None, description="text[char_start:char_end] == quote")
    label: str = Field("", description='the unit as people name it: "¶48", or the unit id')


class PassageOut(BaseModel):
    doc: str
    paragraph: int | None
    unit: str
    score: float
    section: str | None
    text: str
    label: str = Field("", description='the unit as people name it: "¶48", or the unit id')


class RouteOut(BaseModel):
    """Which reports answered: the council the question named, or the filter given."""

    council: str | None
    docs: list[str]
    reason: str
    missing: str | None
    councils: list[str] = Field(
        default_factory=list,
        description="every council routed to, `council` first (several when the question "
        "names several)",
    )


class AnswerOut(BaseModel):
    question: str
    answer: str
    answer_span: str | None
    abstained: bool
    confidence: float
    citations: list[CitationOut]
    passages: list[PassageOut]
    took_ms: float
    kind: str
    timings: dict[str, float]
    evidence: dict[str, float]
    interpreted_as: str | None = None
    route: RouteOut | None = None
    limit: str | None = Field(
        None,
        description='"summary", "comparison" or "reason": asked for what only quoting '
        "cannot give; the answer says so and the passages are the most relevant paragraphs",
    )


class SearchOut(BaseModel):
    query: str
    expanded: str
    passages: list[PassageOut]
    took_ms: float
    route: RouteOut | None = None


class PackedPassageOut(BaseModel):
    doc: str
    paragraph: int | None
    unit: str
    part: str | None
    section: str | None
    grade: str | None
    page: int | None
    score: float
    text: str
    tokens: int
    truncated: bool


class ContextOut(BaseModel):
    question: str
    max_tokens: int
    tokens: int
    encoding: str = Field(
        description="the encoding that counted the tokens: the one asked for, or "
        "report-qa-offline-v1 when its ranks are not installed"
    )
    passages: list[PackedPassageOut]
    text: str
    encoding_source: str = Field(
        "", description="package, file or cache; offline-fallback when it had to"
    )


class UnitOut(BaseModel):
    doc: str
    unit: str
    kind: str
    paragraph: int | None
    part: str | None
    section: str | None
    grade: str | None
    grade_number: int | None
    page: int | None
    text: str
    label: str = Field("", description='the unit as people name it: "¶48", or the unit id')
    # Added: where the unit stands in the original PDF (null for text reports).
    page_end: int | None = Field(None, description="physical page the unit ends on (PDF)")
    page_source: str | None = Field(
        None, description='"pdf" when `page` is the PDF\'s physical page (its image exists)'
    )
    bbox: list[float] | None = Field(
        None,
        description="[x0, top, x1, bottom] of the unit's lines on `page`, in PDF points from "
        "the page's top-left corner",
    )


class ParagraphOut(BaseModel):
    paragraph: UnitOut
    previous: UnitOut | None
    next: UnitOut | None


class FindingOut(BaseModel):
    part: str | None
    area: str
    grade: str | None
    grade_number: int | None


class DocumentSummary(BaseModel):
    id: str
    title: str | None
    paragraphs: int
    units: int
    # Added: what the report's front page says (null where it does not say it).
    council: str | None = None
    inspection_type: str | None = None
    inspection_dates: str | None = None
    year: int | None = None
    published: str | None = None
    reporting_inspector: str | None = None
    format: str | None = Field(
        None, description='"pdf" (pages can be shown: /v1/documents/{id}/pages/{n}) or "text"'
    )
    findings: list[FindingOut] = Field(
        default_factory=list, description="the judgement table: area -> grade as printed"
    )


class DocumentOut(DocumentSummary):
    front_matter: dict
    contents: list[dict]
    findings: list[FindingOut]
    paragraph_numbers: list[int]


class AcronymOut(BaseModel):
    short: str
    long: str
    doc: str
    unit: str
    paragraph: int | None


class FeedbackOut(BaseModel):
    id: int


class ErrorOut(BaseModel):
    error: dict


# -- OpenAI-compatible chat completions (server/routes/completions.py) -------------------


class ChatMessage(BaseModel):
    # OpenAI clients send more fields (name, tool_calls, ...): accepted and ignored.
    model_config = ConfigDict(extra="allow")
    role: str = Field(max_length=20, description="system, user, assistant, ...")
    content: str | list[dict] | None = Field(
        None, description="text, or a list of parts of which the text parts are read"
    )


class ChatRequest(BaseModel):
    # Sampling parameters (temperature, max_tokens, ...) mean nothing to an extractive
    # answerer; they are accepted so that any OpenAI client works unchanged.
    model_config = ConfigDict(extra="allow")
    model: str = Field(min_length=1, max_length=200, description="the corpus (GET /v1/models)")
    messages: list[ChatMessage] = Field(min_length=1, max_length=100)
    stream: StrictBool = False


class ChatChoiceMessage(BaseModel):
    role: str
    content: str


class ChatChoice(BaseModel):
    index: int
    message: ChatChoiceMessage
    finish_reason: str


class ChatUsage(BaseModel):
    prompt_tokens: int
    completion_tokens: int
    total_tokens: int


class ChatCompletionOut(BaseModel):
    id: str
    object: str
    created: int
    model: str
    choices: list[ChatChoice]
    usage: ChatUsage
    report_qa: AnswerOut = Field(description="the structured answer (as POST /v1/ask)")


class ModelOut(BaseModel):
    id: str
    object: str
    created: int
    owned_by: str


class ModelsOut(BaseModel):
    object: str
    data: list[ModelOut]


# -- reports managed over the API (server/routes/uploads.py, server/routes/builds.py) ----


class BuildOut(BaseModel):
    id: str
    action: str = Field(description="upload or delete")
    doc: str
    file: str
    state: str = Field(description="queued, running, done or failed")
    stage: str
    message: str | None = Field(description="why it failed")
    created: float
    finished: float | None
    index_build: str | None = Field(description="the index folder it published")
    embedded: int | None
    reused: int | None


class StoredFileOut(BaseModel):
    id: str = Field(description="the document id it will have")
    file: str = Field(description="its name in the corpus folder")
    bytes: int
    paragraphs: int


class ChangeOut(BaseModel):
    document: StoredFileOut
    build: BuildOut
