"""The ``/prepare`` Gradio API endpoint with a real ``gradio_client.Client``::

    product = client.predict(kind="lesson", topic="党建与生产经营深度融合", mode="extractive", api_name="/prepare")
    # {"kind", "topic", "title", "sections": [{"heading", "points": [{"text", "citations", "source"}]}],
    #  "references": [{"n", "doc_id", "title", "source", "locator", "version", "status", "text"}], "notices"}
"""

from __future__ import annotations

import json

import pytest

from assistant.__main__ import main
from assistant.service import build_service
from assistant.settings import Settings
from tests.web_helpers import serve

pytestmark = pytest.mark.slow


def test_prepare_endpoint_returns_the_cli_object_and_refuses_unknown_topics(corpus_settings: Settings, capsys) -> None:
    from gradio_client import Client

    assert main(["prepare", "theme-day", "严肃党内政治生活", "--data-dir", str(corpus_settings.data_dir), "--json"]) == 0
    cli = json.loads(capsys.readouterr().out)
    with serve(build_service(corpus_settings), corpus_settings) as url:
        client = Client(url, analytics_enabled=False, verbose=False)
        api = client.predict(kind="theme-day", topic="严肃党内政治生活", mode="extractive", api_name="/prepare")
        assert api == cli
        with pytest.raises(Exception, match="知识库中没有找到"):
            client.predict(kind="lesson", topic="红烧肉的家常做法", mode="extractive", api_name="/prepare")
