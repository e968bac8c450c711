"""The web UI's handlers, called directly over a real knowledge base (real Chroma, real embedder).

The only stand-in anywhere is the LLM; these tests use the extractive answerer.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from assistant.models import Answer, Chunk, Citation, Document, DocumentMeta, Hit
from assistant.retrieve import Filters
from assistant.service import Service, build_service
from assistant.settings import Settings, build_settings
from assistant.webui import create_app, render
from assistant.webui.handlers import Handlers, build_filters, turn_of
from assistant.webui.uploads import safe_filename

XSS_SCRIPT = "<script>alert('djqa')</script>"
XSS_IMG = '<img src=x onerror="alert(1)">'

# Made-up facts, written for these tests (not from the shared corpus).
WORKSHOP_MD = """# 星火车间党支部“红色工匠”工作法

一、基本做法

星火车间党支部每月第二个星期四开展“红色工匠”主题党日，党员带着生产难题到一线攻关，当月攻关清单在支部公示栏公开。

二、组织方式

每次主题党日前，支部委员会先征集班组提出的生产难题，按难易程度分成三类，由党员自愿认领。认领后组成三到五人的攻关小组，小组长由党员技师担任，每周向支部报告一次进展。攻关过程中遇到跨部门的问题，由支部书记协调技术部门和设备部门共同解决，确保攻关不因协调不畅而停滞。每季度末召开一次成果交流会，请攻关小组介绍经验，评选“红色工匠”标兵。

三、主要成效

实行“红色工匠”工作法以来，星火车间共完成技术攻关十七项，培养青年技术骨干二十三名。车间设备故障停机时间比上年减少四成，产品一次合格率提高到百分之九十八。多名青年职工在攻关中向党组织递交了入党申请书，支部的凝聚力和战斗力明显增强，车间党建工作与生产经营实现了深度融合。

四、下一步打算

支部将把“红色工匠”工作法推广到相邻的两个车间，建立攻关难题库和成果库，完善激励办法，把攻关成效纳入党员积分管理，让党员在生产一线亮身份、作表率，持续推动党建工作与生产经营同频共振。
"""

XSS_TXT = f"""青松班组安全例会规程

青松班组每周一早上七点半召开安全例会，由班组长通报上周隐患整改情况。{XSS_SCRIPT}
会议记录由安全员保管，保存期限为三年。{XSS_IMG}
"""


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture()
def kb(tmp_path: Path) -> tuple[Settings, Service, Handlers]:
    """An empty knowledge base of its own."""
    settings = build_settings(tmp_path / "kb")
    service = build_service(settings)
    return settings, service, Handlers(service, settings)


@pytest.fixture(scope="module")
def small_kb(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, Service, Handlers]:
    """A knowledge base of two made-up documents, one carrying HTML/script in its text. Read-only."""
    root = tmp_path_factory.mktemp("small-kb")
    settings = build_settings(root / "kb")
    service = build_service(settings)
    handlers = Handlers(service, settings)
    files = [_write(root / "in", "星火车间工作法.md", WORKSHOP_MD), _write(root / "in", "青松班组例会.txt", XSS_TXT)]
    rows = handlers.upload(files)
    assert [r[1] for r in rows] == ["新增", "新增"], rows
    return settings, service, handlers


# -- rendering -------------------------------------------------------------------------------

def _hit(text: str, title: str = "测试文档", status: str = "in_force", locator: str = "第九条", seq: int = 0) -> Hit:
    chunk = Chunk(f"c{seq}", "d1", seq, text, text, locator, "", 0, len(text))
    doc = Document("d1", "/tmp/x.txt", DocumentMeta(title=title, kind="regulation", status=status), 3, "2024-01-01")
    return Hit(chunk, doc, 1.0)


def test_answer_markdown_escapes_html_and_links_only_real_citations() -> None:
    hit = _hit(f"党员应当按期交纳党费。{XSS_SCRIPT}")
    answer = Answer("问题", f"党员应当按期交纳党费[1]。{XSS_IMG}[7] [恶意链接](javascript:alert(1))", False, "extractive",
                    citations=[Citation(1, hit, "党员应当按期交纳党费。")])
    md = render.answer_markdown(answer)
    assert "<img" not in md and "<script" not in md
    assert "&lt;img" in md
    assert "[\\[1\\]](#djqa-src-1)" in md          # our marker became a link to the sources panel
    assert "#djqa-src-7" not in md                  # a number that cites nothing stays plain text
    assert "](javascript" not in md                 # a link written in the text stays text


def test_sources_html_escapes_passages_titles_and_marks_the_supporting_sentence() -> None:
    hit = _hit(f"第一句。党员应当按期交纳党费。{XSS_IMG}", title=f"《标题》{XSS_SCRIPT}", status="superseded")
    before = Chunk("c-1", "d1", -1, f"前文{XSS_SCRIPT}", "", "第八条", "", 0, 0)
    answer = Answer("问题", "……[1]", False, "extractive", citations=[Citation(1, hit, "党员应当按期交纳党费。")],
                    notices=[f"引用了已被取代的版本{XSS_IMG}"])
    out = render.sources_html(answer, {hit.chunk.chunk_id: render.Context(before, None)})
    assert "<script" not in out and "<img" not in out
    assert "&lt;script&gt;" in out and "&lt;img src=x" in out
    assert "<mark>党员应当按期交纳党费。</mark>" in out
    assert 'id="djqa-src-1"' in out and "第九条" in out and "已被取代" in out
    assert "<details" in out and "查看上下文" in out and "第八条" in out
    assert 'class="djqa-notice"' in out


def test_refused_answer_lists_possibly_related_passages() -> None:
    answer = Answer("问题", "知识库中没有找到能回答这个问题的依据。", True, "extractive", hits=[_hit("某段相关文字。")])
    out = render.sources_html(answer)
    assert "可能相关" in out and "某段相关文字。" in out
    assert "知识库中没有找到能回答这个问题的依据" in render.answer_markdown(answer)


# -- safe names ------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("..\\..\\windows\\win.ini.md", "win.ini.md"),
        ("党章学习笔记（2024）.md", "党章学习笔记（2024）.md"),
        ("a\x00b\nc\u202e.txt", "abc.txt"),
        ("..", "上传文件"),
        ("....txt", "上传文件.txt"),
        ('报告<1>:"x"|?*.docx', "报告_1___x____.docx"),
    ],
)
def test_safe_filename_cannot_escape_the_upload_folder(given: str, expected: str) -> None:
    assert safe_filename(given) == expected


# -- knowledge base tab ----------------------------------------------------------------------

def test_bad_uploads_give_chinese_reasons_and_leave_the_kb_unchanged(tmp_path: Path) -> None:
    settings = build_settings(tmp_path / "kb", upload_max_mb=0.01)
    service = build_service(settings)
    h = Handlers(service, settings)
    incoming = tmp_path / "in"
    legacy = _write(incoming, "旧格式.doc", "这是旧版 Word 文件。")
    empty = _write(incoming, "空白.txt", "")
    big = _write(incoming, "超大.txt", "党建" * 20000)
    broken = incoming / "损坏.pdf"
    broken.write_bytes(b"%PDF-1.4 this is not really a pdf")
    before = h.documents_table()

    rows = h.upload([legacy, empty, big, broken])

    assert [r[1] for r in rows] == ["失败"] * 4
    reasons = dict((r[0], r[2]) for r in rows)
    assert "不受支持" in reasons["旧格式.doc"]
    assert "空文件" in reasons["空白.txt"]
    assert "超过网页上传上限" in reasons["超大.txt"]
    assert re.search(r"[\u4e00-\u9fff]", reasons["损坏.pdf"]) and "损坏.pdf" in reasons["损坏.pdf"]
    assert h.documents_table() == before == []
    assert not settings.upload_dir.exists() or not any(settings.upload_dir.iterdir())


def test_upload_lists_the_document_and_search_sees_it_at_once(kb: tuple[Settings, Service, Handlers], tmp_path: Path) -> None:
    settings, service, h = kb
    assert service.search("星火车间 红色工匠").hits == []  # primes the lexical snapshot (empty)
    rows = h.upload([_write(tmp_path / "in", "星火车间工作法.md", WORKSHOP_MD)])
    assert rows[0][:2] == ["星火车间工作法.md", "新增"]

    table = h.documents_table()
    assert len(table) == 1
    title, kind, status, chunks, source = table[0]
    assert "星火车间" in title and status == "现行有效" and chunks >= 1
    assert source == "网页上传"  # how it came in, in words; the path stays in the API's document list
    assert h.document_list()[0]["source"] == "uploads/星火车间工作法.md"
    assert (settings.upload_dir / "星火车间工作法.md").read_text(encoding="utf-8") == WORKSHOP_MD
    hits = service.search("星火车间红色工匠主题党日在哪天开展").hits   # no wait for the index refresh interval
    assert hits and "第二个星期四" in hits[0].chunk.text

    again = h.upload([_write(tmp_path / "again", "星火车间工作法.md", WORKSHOP_MD)])
    assert again[0][1] == "未变" and len(h.documents_table()) == 1


def test_same_name_different_content_is_kept_apart_unless_replacing(kb: tuple[Settings, Service, Handlers], tmp_path: Path) -> None:
    settings, service, h = kb
    first = _write(tmp_path / "a", "通知.txt", "关于开展主题党日的通知\n\n请各支部于周五下午在三楼会议室开展主题党日活动，学习党章。")
    second = _write(tmp_path / "b", "通知.txt", "关于召开组织生活会的通知\n\n请各支部于月底前召开组织生活会，开展批评与自我批评。")
    h.upload([first])
    rows = h.upload([second])
    assert rows[0][1] == "新增" and "另存为「通知 (2).txt」" in rows[0][2]
    assert (settings.upload_dir / "通知.txt").read_text(encoding="utf-8") == first.read_text(encoding="utf-8")
    assert len(h.documents_table()) == 2

    third = _write(tmp_path / "c", "通知.txt", "关于开展主题党日的通知（修订）\n\n主题党日改在周四下午举行，地点不变，内容为学习党章。")
    rows = h.upload([third], overwrite=True)
    assert rows[0][1] == "更新"
    titles = [r[0] for r in h.documents_table()]
    assert len(titles) == 2 and any("修订" in t for t in titles)
    assert not list(settings.upload_dir.glob(".*"))  # the replaced copy is not left behind


def test_malicious_upload_name_stays_inside_the_upload_folder(kb: tuple[Settings, Service, Handlers], tmp_path: Path) -> None:
    settings, service, h = kb
    src = _write(tmp_path / "in", "x.md", WORKSHOP_MD)
    results = h.editor.upload([(src, "../../../逃逸.md")])
    assert results[0].outcome == "added" and results[0].name == "逃逸.md"
    assert (settings.upload_dir / "逃逸.md").is_file()
    assert not (settings.data_dir.parent / "逃逸.md").exists() and not (tmp_path / "逃逸.md").exists()


def test_delete_removes_the_document_from_list_search_and_disk(kb: tuple[Settings, Service, Handlers], tmp_path: Path) -> None:
    settings, service, h = kb
    h.upload([_write(tmp_path / "in", "星火车间工作法.md", WORKSHOP_MD)])
    assert service.search("红色工匠工作法 技术攻关").hits
    [(label, doc_id)] = h.document_choices()
    assert "星火车间" in label and label.endswith("（现行有效）") and "uploads" not in label

    message = h.delete(doc_id)

    assert message.startswith("已删除「") and h.documents_table() == []
    assert service.search("红色工匠工作法 技术攻关").hits == []
    assert not (settings.upload_dir / "星火车间工作法.md").exists()
    assert "已不在知识库中" in h.delete(doc_id)
    assert h.delete(None) == "请先选择要删除的文档。"


# -- settings → filters ----------------------------------------------------------------------

def test_filters_from_check_boxes() -> None:
    assert build_filters(["article", "regulation", "other"], ["in_force", "superseded"]) is None
    assert build_filters([], []) is None
    assert build_filters(["regulation"], None) == Filters(kinds=("regulation",), statuses=None)
    assert build_filters(["文章"], ["现行有效"]) == Filters(kinds=("article",), statuses=("in_force",))


def test_search_endpoint_applies_the_kind_filter(small_kb: tuple[Settings, Service, Handlers]) -> None:
    _, _, h = small_kb
    both = h.search("班组安全例会和红色工匠", 5)
    assert {hit["kind"] for hit in both["hits"]} == {"article"}
    assert h.search("班组安全例会和红色工匠", 5, kinds=["regulation"])["hits"] == []


# -- feedback --------------------------------------------------------------------------------

def test_vote_appends_one_json_line_per_vote(small_kb: tuple[Settings, Service, Handlers]) -> None:
    settings, service, h = small_kb
    hit = service.search("星火车间红色工匠主题党日").hits[0]
    answer = Answer("星火车间什么时候开展主题党日？", "星火车间党支部每月第二个星期四开展主题党日[1]。", False,
                    "extractive", citations=[Citation(1, hit, "")])
    turns = [turn_of(answer, "extractive")]

    assert h.vote(turns, 1, True) == "已记录反馈，谢谢！"
    assert h.vote(turns, 1, False) == "已记录反馈，谢谢！"
    assert h.vote(turns, 0, True) == "无法记录这条反馈。"   # a question, not an answer

    lines = settings.feedback_file.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    first = json.loads(lines[0])
    assert set(first) == {"time", "question", "answer", "citations", "vote", "mode"}
    assert first["vote"] == "up" and json.loads(lines[1])["vote"] == "down"
    assert first["question"] == "星火车间什么时候开展主题党日？" and first["mode"] == "extractive"
    assert first["citations"][0]["doc_id"] == hit.chunk.doc_id and "星火车间" in first["citations"][0]["title"]


def test_create_app_exposes_named_api_endpoints(small_kb: tuple[Settings, Service, Handlers]) -> None:
    settings, service, _ = small_kb
    demo = create_app(service, settings)
    public = {f.api_name for f in demo.fns.values() if f.api_visibility == "public"}
    assert {"ask", "search", "upload", "delete", "documents"} <= public


# -- chat ------------------------------------------------------------------------------------

QUESTION = "星火车间党支部什么时候开展红色工匠主题党日？"


def _final(updates: list) -> tuple[str, list[dict], str, list[dict]]:
    assert updates, "the chat handler yielded nothing"
    return updates[-1]


def test_chat_answers_with_linked_citations_and_a_sources_panel(small_kb: tuple[Settings, Service, Handlers]) -> None:
    _, _, h = small_kb
    updates = list(h.chat(QUESTION, [], "extractive", 5, None, None))
    box, messages, sources, turns = _final(updates)

    assert box == ""
    assert [m["role"] for m in messages] == ["user", "assistant"]
    assert updates[0][1][-1]["content"] == "正在检索……"        # the user sees progress at once
    answer = messages[1]["content"]
    assert "第二个星期四" in answer and "(#djqa-src-1)" in answer
    assert 'id="djqa-src-1"' in sources and "星火车间" in sources and "<mark>" in sources
    assert "查看上下文" in sources                                 # the neighbouring passage can be read
    assert turns[0]["question"] == QUESTION and turns[0]["citations"][0]["n"] == 1
    assert turns[0]["mode"] == "extractive" and not turns[0]["refused"]


def test_script_in_a_question_or_a_document_is_never_live_html(small_kb: tuple[Settings, Service, Handlers]) -> None:
    _, _, h = small_kb
    question = f"青松班组安全例会什么时候召开？{XSS_SCRIPT}{XSS_IMG}"
    _, messages, sources, turns = _final(list(h.chat(question, [], "extractive", 5, None, None)))
    shown = messages[0]["content"] + messages[1]["content"] + sources
    assert "青松班组" in sources
    assert "<script" not in shown and "<img" not in shown
    assert "&lt;script&gt;" in sources and "&lt;img src=x onerror=" in sources


def test_sessions_do_not_share_conversations(small_kb: tuple[Settings, Service, Handlers]) -> None:
    _, _, h = small_kb
    a_turns: list[dict] = []
    b_turns: list[dict] = []
    _, _, _, a_turns = _final(list(h.chat(QUESTION, a_turns, "extractive", 5, None, None)))
    _, b_messages, _, b_turns = _final(list(h.chat("青松班组安全例会由谁通报隐患整改？", b_turns, "extractive", 5, None, None)))
    _, a_messages, _, a_turns = _final(list(h.chat("实行这个工作法以来完成了多少项技术攻关？", a_turns, "extractive", 5, None, None)))

    assert [t["question"] for t in b_turns] == ["青松班组安全例会由谁通报隐患整改？"]
    assert all("星火" not in m["content"] for m in b_messages)
    assert len(a_messages) == 4 and all("青松" not in m["content"] for m in a_messages[:3])
    assert not any(isinstance(v, list) and v for v in vars(h).values())   # nothing conversational kept on the handler


def test_chat_passes_kind_and_status_filters_through(small_kb: tuple[Settings, Service, Handlers]) -> None:
    _, _, h = small_kb
    _, messages, sources, turns = _final(list(h.chat(QUESTION, [], "extractive", 5, ["regulation"], None)))
    assert turns[0]["refused"] and turns[0]["citations"] == []
    assert "星火车间" not in sources
    _, _, sources, turns = _final(list(h.chat(QUESTION, [], "extractive", 5, ["文章"], ["现行有效"])))
    assert not turns[0]["refused"] and "星火车间" in sources


def test_number_of_sources_is_passed_through(small_kb: tuple[Settings, Service, Handlers]) -> None:
    _, service, h = small_kb
    hits = h.ask("青松班组和星火车间分别怎样开展工作？", "extractive", 1)["hits"]
    assert len(hits) == 1
    assert len(h.ask("青松班组和星火车间分别怎样开展工作？", "extractive", 2)["hits"]) == 2


def test_llm_mode_is_not_offered_without_a_model(small_kb: tuple[Settings, Service, Handlers]) -> None:
    _, _, h = small_kb
    assert h.resolve_mode("llm") == "extractive"
    _, _, _, turns = _final(list(h.chat(QUESTION, [], "llm", 5, None, None)))
    assert turns[0]["mode"] == "extractive"


def test_llm_answers_stream_into_the_chat(tmp_path: Path, small_kb: tuple[Settings, Service, Handlers]) -> None:
    from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
    from langchain_core.messages import AIMessage

    kb_settings, _, _ = small_kb
    settings = build_settings(kb_settings.data_dir, llm_base_url="http://127.0.0.1:9/v1", llm_model="fake")
    reply = "星火车间党支部 每月第二个星期四 开展“红色工匠”主题党日[1]。"
    service = build_service(settings, chat_model_factory=lambda s: GenericFakeChatModel(messages=iter([AIMessage(content=reply)])))
    h = Handlers(service, settings)

    updates = list(h.chat(QUESTION, [], "llm", 5, None, None))
    partial = [u[1][-1]["content"] for u in updates[1:-1]]
    assert len(partial) >= 2 and partial[0] != partial[-1]          # the text grew in several steps
    _, messages, sources, turns = updates[-1]
    assert turns[0]["mode"] == "llm" and "(#djqa-src-1)" in messages[-1]["content"]
    assert 'id="djqa-src-1"' in sources


def test_lesson_material_quotes_every_cited_passage_with_its_reference(small_kb: tuple[Settings, Service, Handlers]) -> None:
    settings, _, h = small_kb
    assert h.export([]) == (None, "还没有带出处的回答可以导出：请先提问。")
    turns: list[dict] = []
    for question in (QUESTION, "今天天气怎么样？", "青松班组安全例会由谁通报隐患整改？"):
        _, _, _, turns = _final(list(h.chat(question, turns, "extractive", 5, None, None)))
    assert turns[1]["refused"]
    path, message = h.export(turns)
    assert path is not None and Path(path).parent == settings.export_dir and Path(path).name in message
    text = Path(path).read_text(encoding="utf-8")
    sections = text.split("\n## ")
    assert [s.splitlines()[0] for s in sections[1:]] == [f"1. {QUESTION}", "2. 青松班组安全例会由谁通报隐患整改？", "参考文献"]
    assert "今天天气" not in text                                   # a refused question brings no material
    references = [line.split(". ", 1)[1] for line in sections[-1].splitlines()[2:] if line.strip()]
    cited = [c for t in turns if not t["refused"] for c in t["citations"]]
    assert len(references) == len({(c["title"], c["locator"]) for c in cited})
    for c in cited:                                                  # each passage quoted whole under its answer
        assert f"《{c['title']}》" in text and all(f"> {line}" in text for line in c["text"].splitlines() if line.strip())
    for section in sections[1:3]:                                    # markers point into the reference list
        assert all(1 <= int(n) <= len(references) for n in re.findall(r"\[(\d+)\]", section))


def test_lesson_material_names_the_version_of_a_superseded_source(corpus_service: Service, tmp_path: Path) -> None:
    h = Handlers(corpus_service, corpus_service.settings.model_copy(update={"data_dir": tmp_path}))
    _, _, _, turns = _final(list(h.chat("2018年版纪律处分条例第十条是怎么规定的？", [], "extractive", 5, None, None)))
    path, _ = h.export(turns)
    text = Path(path).read_text(encoding="utf-8")
    assert "《中国共产党纪律处分条例》第十条（2018年版，已被取代）" in text
    assert "不得在党内提升职务" in text
