"""The MCP tools through the official SDK's own client, over both transports: streamable
HTTP at /mcp on a real server, and stdio against a `qa mcp` process."""

from __future__ import annotations

import json
import os
import sys

import anyio
import pytest
from mcp import Client
from mcp.client.stdio import StdioServerParameters

from tests.conftest import ROOT, SEED

pytestmark = pytest.mark.integration

DOC = SEED.stem
TOOLS = {"search", "ask", "context", "get_paragraph"}


async def _exercise(client: Client) -> None:
    listed = await client.list_tools()
    assert TOOLS <= {tool.name for tool in listed.tools}

    asked = await client.call_tool("ask", {"question": "What does LADO stand for?"})
    assert not asked.is_error
    answer = asked.structured_content
    assert not answer["abstained"] and answer["citations"]
    first = answer["citations"][0]
    assert f"[Lancashire 2012, para {first['paragraph']}" in asked.content[0].text
    assert json.loads(asked.content[1].text)["answer"] == answer["answer"]

    found = await client.call_tool("search", {"query": "allegations against staff", "k": 3})
    passages = found.structured_content["passages"]
    assert len(passages) == 3 and all(p["doc"] == DOC for p in passages)

    packed = await client.call_tool("context", {"question": "health", "max_tokens": 300})
    assert 0 < packed.structured_content["tokens"] <= 300
    assert packed.structured_content["encoding"]

    paragraph = await client.call_tool("get_paragraph", {"doc": DOC, "paragraph": "48"})
    assert paragraph.structured_content["paragraph"]["paragraph"] == 48
    assert paragraph.structured_content["previous"]["paragraph"] == 47

    missing = await client.call_tool("get_paragraph", {"doc": "nope", "paragraph": "1"})
    assert missing.is_error and "unknown document 'nope'" in missing.content[0].text
    empty = await client.call_tool("ask", {"question": "   "})
    assert empty.is_error and "empty" in empty.content[0].text


def test_tools_over_streamable_http(api):
    async def run() -> None:
        async with Client(f"{api.url}/mcp") as client:
            await _exercise(client)

    anyio.run(run)


def test_tools_over_stdio(built):
    settings, _ = built
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "QA_CORPUS_DIR": str(settings.corpus_dir),
        "QA_INDEX_DIR": str(settings.index_dir),
    }
    params = StdioServerParameters(
        command=sys.executable, args=["-m", "qa.cli", "mcp"], env=env, cwd=str(ROOT)
    )

    async def run() -> None:
        async with Client(params, read_timeout_seconds=120) as client:
            await _exercise(client)

    anyio.run(run)
