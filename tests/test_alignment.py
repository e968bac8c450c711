"""Two versions of a regulation side by side: articles aligned in order, changes named clause by clause."""

from __future__ import annotations

from assistant.answer.alignment import align, clause_changes, describe

OLD = [
    "第一条 为了维护党的纪律，制定本条例。",
    "第二条 党员违犯党纪应当受到追究。",
    "第三条 对会员的处分种类：（一）提醒；（二）警告；（三）暂停会籍；（四）取消会员资格。",
    "第四条 违反个人有关事项报告规定，隐瞒不报的，给予警告处分。",
    "第五条 本条例自2018年10月1日起施行。",
]
NEW = [
    "第一条 为了维护党的纪律，制定本条例。",
    "第二条 党员违犯党纪应当受到追究。",
    "第三条 会员在处罚期内又受到处罚的，其处罚期为两次处罚期之和。",  # a new article
    "第四条 对会员的处分种类：（一）提醒；（二）警告；（三）暂停会籍；（四）取消会员资格。",
    "第五条 违反个人有关事项报告规定，隐瞒不报，给予警告处分；情节较重的，给予严重警告处分。",
    "第六条 本条例自2024年1月1日起施行。",
]


def test_renumbered_articles_pair_with_their_counterparts_and_a_new_article_with_none() -> None:
    pairs = align(NEW, OLD, 0.5)
    matched = {(p.new, p.old) for p in pairs if p.new is not None and p.old is not None}
    assert (3, 2) in matched and (4, 3) in matched  # renumbered, still the same provisions
    assert any(p.new == 2 and p.old is None for p in pairs)  # the new article pairs with nothing
    assert sorted(p.new for p in pairs if p.new is not None) == list(range(len(NEW)))
    assert sorted(p.old for p in pairs if p.old is not None) == list(range(len(OLD)))


def test_alignment_never_crosses() -> None:
    swapped = [OLD[3], OLD[2]]  # two provisions in the other order: only one of them can stay paired
    pairs = [p for p in align(swapped, OLD[2:4], 0.5) if p.new is not None and p.old is not None]
    assert len(pairs) == 1


def test_a_dropped_de_and_renumbered_references_are_no_change_of_substance() -> None:
    old = "第七十三条 有下列行为之一的，依照本条例第六十三条规定处理：（一）隐瞒不报的；（二）不如实说明问题的。"
    new = "第八十一条 有下列行为之一的，依照本条例第七十条规定处理：（一）隐瞒不报；（二）不如实说明问题。"
    assert clause_changes(old, new, 0.3, minor_chars=2) == []
    assert clause_changes(old, old, 0.3) == []


def test_changes_read_as_whole_clauses() -> None:
    changes = clause_changes(OLD[3], NEW[4], 0.3, minor_chars=2)
    assert [c.kind for c in changes] == ["added"]
    assert describe(changes[0], 60) == "新增“情节较重的，给予严重警告处分”"
    reworded = clause_changes("对入党后表现尚好的，给予严重警告处分。", "对入党多年且一贯表现好的，给予严重警告处分。", 0.3)
    assert [c.kind for c in reworded] == ["reworded"]
    assert describe(reworded[0], 60) == "“对入党后表现尚好的，给予严重警告处分”改为“对入党多年且一贯表现好的，给予严重警告处分”"


def test_a_long_clause_is_shown_around_its_change() -> None:
    head = "制作、贩卖、传播所列内容之一的书刊、音像制品、电子读物等，"
    tail = "情节较轻的，给予提醒或者书面警告；情节较重的，给予暂停会籍或者取消会员资格"
    change = clause_changes(head + tail, head.replace("书刊", "报刊、书籍") + tail, 0.3)[0]
    text = describe(change, 30)
    assert "报刊、书籍" in text and "书刊" in text and "…" in text


def test_a_provision_extended_by_whole_paragraphs_and_moved_stays_paired_when_asked() -> None:
    old = ["甲条 班组长酒后上岗的，给予通报批评。", "乙条 安全员脱岗的，给予警告。",
           "丙条 队长擅自离队的，给予记过处分，情节严重的，予以解聘。"]
    new = ["甲条 班组长酒后上岗的，给予通报批评。", "丁条 新设的一条，内容与其他各条完全不同，讲的是培训考核。",
           "丙条 队长擅自离队的，给予记过处分，情节严重的，予以解聘。",
           "戊条 安全员脱岗的，给予警告。安全员替岗未报告的，依照前款规定处理。安全员伪造巡检记录的，给予记过处分。"]
    plain = align(new, old, 0.5)
    assert all(p.new is None or p.old is None or (p.new, p.old) != (3, 1) for p in plain)  # order-bound: 乙 lost
    paired = {(p.new, p.old) for p in align(new, old, 0.5, extended=0.9)}
    assert (3, 1) in paired and (1, None) in paired and (None, 1) not in paired
