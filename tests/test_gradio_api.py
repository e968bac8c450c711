"""The web app's headless API, exercised with a real ``gradio_client.Client`` against the app on a free port.

Using the API from another program (the app running with ``python app.py --data-dir DIR``)::

    from gradio_client import Client, handle_file

    client = Client("http://127.0.0.1:7860/", analytics_enabled=False, verbose=False)
    # with login enabled (DJQA_AUTH_USER / DJQA_AUTH_PASSWORD): Client(url, auth=("user", "password"))

    # add files to the knowledge base: one [文件, 结果, 说明] row per file
    out = client.predict(paths=[handle_file("通知.docx")], replace=False, api_name="/upload")
    print(out[0]["data"])                    # [["通知.docx", "新增", "已导入，共 12 段"]]

    docs = client.predict(api_name="/documents")     # [{"doc_id", "title", "kind", "status", "chunks", "source"}, ...]

    answer = client.predict(question="如何开展主题党日活动？", mode="extractive", k=5,
                            kinds=None, statuses=None, api_name="/ask")
    print(answer["answer"])                  # the text with [n] markers
    for c in answer["citations"]:            # {"n", "title", "locator", "text", "supporting_sentence", ...}
        print(c["n"], c["title"], c["locator"])

    hits = client.predict(question="三会一课", k=5, kinds=["regulation"], statuses=["in_force"], api_name="/search")

    client.predict(doc_id=docs[0]["doc_id"], api_name="/delete")   # -> [message, ...]

``kinds`` takes article / regulation / other, ``statuses`` in_force / superseded (None: no restriction);
``mode`` is extractive or llm (llm only when a model is configured).
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from assistant.service import build_service
from assistant.settings import build_settings
from tests.web_helpers import serve

pytestmark = pytest.mark.slow

# Made up for this test.
FACT_MD = """# 松涛支部“三色台账”管理办法

松涛支部对党员学习情况实行“三色台账”管理：按时完成学习任务的记绿色，延期一周以内的记黄色，延期超过一周的记红色。
连续两个月记红色的党员，由支部书记进行谈心谈话，帮助其制定学习计划。台账每月底在支部党员大会上通报一次。
"""




@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    settings = build_settings(tmp_path_factory.mktemp("api-kb") / "kb")
    with serve(build_service(settings), settings) as url:
        yield url


def client_for(url: str, auth: tuple[str, str] | None = None):
    from gradio_client import Client

    return Client(url, auth=auth, verbose=False, analytics_enabled=False)


def test_upload_documents_ask_search_delete_through_the_api(url: str, tmp_path: Path) -> None:
    from gradio_client import handle_file

    client = client_for(url)
    doc = tmp_path / "松涛支部三色台账.md"
    doc.write_text(FACT_MD, encoding="utf-8")
    bad = tmp_path / "旧文件.doc"
    bad.write_text("旧格式", encoding="utf-8")

    out = client.predict(paths=[handle_file(str(doc)), handle_file(str(bad))], replace=False, api_name="/upload")
    rows = {r[0]: r[1:] for r in out[0]["data"]}
    assert rows["松涛支部三色台账.md"][0] == "新增"
    assert rows["旧文件.doc"][0] == "失败" and "不受支持" in rows["旧文件.doc"][1]

    docs = client.predict(api_name="/documents")
    assert [d["title"] for d in docs] == ["松涛支部“三色台账”管理办法"]

    answer = client.predict(question="松涛支部延期超过一周的学习任务在台账上记什么颜色？", mode="extractive", k=3,
                            kinds=None, statuses=None, api_name="/ask")
    assert not answer["refused"] and "红色" in answer["answer"] and "[1]" in answer["answer"]
    assert answer["citations"][0]["title"] == "松涛支部“三色台账”管理办法"

    found = client.predict(question="三色台账", k=3, kinds=["article"], statuses=None, api_name="/search")
    assert found["hits"] and found["hits"][0]["doc_id"] == docs[0]["doc_id"]
    assert client.predict(question="三色台账", k=3, kinds=["regulation"], statuses=None, api_name="/search")["hits"] == []

    message = client.predict(doc_id=docs[0]["doc_id"], api_name="/delete")[0]
    assert message.startswith("已删除")
    assert client.predict(api_name="/documents") == []


def test_login_is_required_when_configured(tmp_path: Path) -> None:
    settings = build_settings(tmp_path / "kb", auth_user="zhibu", auth_password="s3cret-口令")
    with serve(build_service(settings), settings) as url:
        with pytest.raises(Exception):
            client_for(url)
        with pytest.raises(Exception):
            client_for(url, auth=("zhibu", "wrong"))
        assert client_for(url, auth=("zhibu", "s3cret-口令")).predict(api_name="/documents") == []
