"""The upload tab shows per-passage progress with the time left, for a single file too (real KB, real embedder)."""

from __future__ import annotations

import re
from pathlib import Path

from assistant.service import build_service
from assistant.settings import build_settings
from assistant.webui.handlers import Handlers
from tests import fixtures as F
from tests.test_resume import large_text


def test_single_file_upload_reports_each_batch_of_passages_and_time_left(tmp_path: Path) -> None:
    settings = build_settings(tmp_path / "kb", embed_batch_size=2)
    handlers = Handlers(build_service(settings), settings)
    path = F.text_file(tmp_path / "in", "年度台账.txt", large_text(12))
    seen: list[tuple[int, int, str]] = []

    rows = handlers.upload([path], progress=lambda done, total, desc: seen.append((done, total, desc)))

    assert rows[0][1] == "新增"
    passages = int(re.search(r"共 (\d+) 段", rows[0][2]).group(1))  # type: ignore[union-attr]
    steps = [(d, t, desc) for d, t, desc in seen if "段" in desc]
    assert [d for d, _, _ in steps] == list(range(0, passages, 2)) + [passages]  # every stored batch, in order
    assert all(t == passages and "年度台账.txt" in desc and f"已嵌入 {d}/{t} 段" in desc for d, t, desc in steps)
    assert re.search(r"约剩 \d+ (秒|分|小时)", steps[-2][2])  # an estimate once the first batch is embedded
    assert seen[-1][2] == "导入完成"
