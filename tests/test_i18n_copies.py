"""Copy detection for scripts without spaces (corpus/spaceless.py): a made-up Chinese wire
story, an edited full copy and a partial republication inside another article."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from storylens.corpus.spaceless import char_breaks
from storylens.corpus.syndication import run_syndication
from storylens.corpus.tokens import tokens_of, words
from storylens.store import Store
from test_spread_stage import art

# Written for this test (not a real dispatch).
WIRE = (
    "新华社北京3月5日电 第十四届全国人民代表大会第一次会议今天上午在人民大会堂开幕，国务院总理在会上作政府工作报告。"
    "报告提出，今年发展主要预期目标是国内生产总值增长百分之五左右，城镇新增就业一千二百万人左右，居民消费价格涨幅百分之三左右。\n\n"
    "报告指出，过去一年我国经济发展遇到国内外多重超预期因素冲击，各地区各部门坚持稳中求进工作总基调，经济社会大局保持稳定。"
    "粮食产量达到一万三千七百多亿斤，外贸进出口总额增长百分之七点七，能源安全得到有效保障。\n\n"
    "报告强调，要着力扩大国内需求，把恢复和扩大消费摆在优先位置，多渠道增加城乡居民收入，稳定大宗消费，推动生活服务消费恢复。"
    "要加快建设现代化产业体系，围绕制造业重点产业链，集中优质资源合力推进关键核心技术攻关。\n\n"
    "报告还提出，要切实落实两个毫不动摇，依法保护民营企业产权和企业家权益，鼓励支持民营经济和民营企业发展壮大。"
)
# the same story re-edited by another outlet: new opening line, a few words changed
EDITED = (
    "据新华社报道 第十四届全国人民代表大会第一次会议今天上午在人民大会堂开幕，国务院总理在会上作了政府工作报告。"
    "报告提出，今年发展主要预期目标是国内生产总值增长百分之五左右，城镇新增就业一千二百万人左右，居民消费价格涨幅百分之三左右。\n\n"
    "报告指出，过去一年我国经济发展遇到国内外多重超预期因素冲击，各地区各部门坚持稳中求进工作总基调，经济社会大局总体保持稳定。"
    "粮食产量达到一万三千七百多亿斤，外贸进出口总额增长百分之七点七，能源安全得到有效保障。\n\n"
    "报告强调，要着力扩大国内需求，把恢复和扩大消费摆在优先位置，多渠道增加城乡居民收入，稳定大宗消费，推动生活服务消费恢复。"
    "要加快建设现代化产业体系，围绕制造业重点产业链，集中优质资源合力推进关键核心技术攻关。\n\n"
    "报告还提出，要切实落实两个毫不动摇，依法保护民营企业产权和企业家权益，鼓励支持民营经济和民营企业发展壮大。本报记者整理。"
)
# a commentary of its own that republishes one paragraph of the wire
HOST = (
    "今年的两会受到海外市场广泛关注。多位分析人士认为，温和的增长目标显示决策层更加注重发展质量，而不是单纯追求速度。"
    "一些外资机构表示，将继续观察消费复苏的力度以及房地产市场的走势，再决定是否调整对中国资产的配置。\n\n"
    "报告强调，要着力扩大国内需求，把恢复和扩大消费摆在优先位置，多渠道增加城乡居民收入，稳定大宗消费，推动生活服务消费恢复。"
    "要加快建设现代化产业体系，围绕制造业重点产业链，集中优质资源合力推进关键核心技术攻关。\n\n"
    "分析人士同时提醒，外部需求走弱、地方政府债务压力和人口结构变化，仍是未来几年经济面临的主要挑战，需要更多改革措施配合。"
    "他们预计，下半年将陆续出台更多支持民营经济和科技创新的具体政策，市场信心有望逐步恢复。"
)
OTHER = (
    "本市今天举行春季植树活动，数千名市民来到郊外公园，种下樱花、银杏和香樟等树苗。组织者介绍，今年共安排绿化点位四十余处，"
    "预计新增绿地面积约两百公顷。不少家长带着孩子参加活动，希望让孩子亲近自然、了解环保知识。\n\n"
    "园林部门提醒，新种树苗需要定期浇水和养护，欢迎市民认领树木，共同守护城市绿色。"
)


def test_characters_are_tokens_in_both_tokenisers() -> None:
    text = "新华社北京电 G20峰会上，Xi Jinping表示"
    _, spans = tokens_of(text)
    toks = [text[a:b] for a, b in spans]
    assert toks[:5] == ["新", "华", "社", "北", "京"] and "G20" in toks and "Jinping" in toks
    assert [t.casefold() for t in toks] == words(text)
    # spaced scripts are untouched: no break mask at all
    ru = np.frombuffer("Россия и Китай".encode(), dtype=np.uint8)
    assert char_breaks(ru, np.ones(len(ru), dtype=bool)) is None
    ascii_ = np.frombuffer(b"plain ascii", dtype=np.uint8)
    assert char_breaks(ascii_, np.ones(len(ascii_), dtype=bool)) is None


def test_chinese_wire_copy_and_partial_republication(tmp_path: Path) -> None:
    docs = [art(WIRE, "xinhuanet.com", "2023-03-05", 1), art(EDITED, "copy.example.cn", "2023-03-06", 2),
            art(HOST, "comment.example.cn", "2023-03-07", 3), art(OTHER, "city.example.cn", "2023-03-05", 4)]
    docs = [d.replace(language="zh") for d in docs]
    with Store(tmp_path / "s.duckdb") as st:
        st.write_batch(docs)
        run_syndication(st)
        links = st.query("SELECT a.outlet, o.outlet AS origin, c.kind FROM copies c "
                         "JOIN articles a ON a.id = c.article_id JOIN articles o ON o.id = c.copy_of ORDER BY a.outlet")
    found = {(r["outlet"], r["kind"]): r["origin"] for r in links}
    assert found[("copy.example.cn", "near")] == "xinhuanet.com"
    # the republished paragraph is in the wire and in its copy: either is a right origin
    assert found[("comment.example.cn", "partial")] in ("xinhuanet.com", "copy.example.cn")
    assert not any(r["outlet"] == "city.example.cn" for r in links)
