"""The Chinese glossary: for each English domain word whose translation varied (and DOMAIN.md's
words), the one Chinese term the product uses, other forms that are the same word, and the variants
no Chinese text may use. Read by tests/core/test_chinese_style.py; tests/core/test_chinese_terms.py
keeps its own list of forbidden variants (联系记录, 还款承诺, 营业部 …), which this one does not
repeat."""

from __future__ import annotations

from typing import NamedTuple


class Term(NamedTuple):
    english: str  # a regular expression over the msgid, matched as whole words, any case
    chinese: str  # the term a translation of that msgid uses
    also: tuple[str, ...]  # other forms of the same term that count as using it
    wrong: tuple[str, ...]  # regular expressions no Chinese text may match


GLOSSARY: tuple[Term, ...] = (
    Term(r"visits?|visited", "上门", (), ("外访", "家访", "拜访", "外勤")),
    Term(r"agents?", "催收员", (), ("坐席", "外勤人员")),
    Term(r"overrides?|overridden", "特批", (), ("越权",)),
    Term(r"rule ?sets?", "规则集", (), ("规则组",)),
    Term(r"buckets?", "账龄段", (), ("逾期段",)),
    # 结案/立案 are the verbs of a case; 件 counts cases in a chart's short label
    Term(r"cases?", "案件", ("结案", "立案", "{count} 件"), ("个案(?!件)",)),
    Term(r"conversations?", "通话", (), ()),
    Term(r"dashboard", "总览", (), ("仪表板", "仪表盘")),
    Term(r"audit trail", "审计日志", (), ("审计轨迹",)),
    Term(r"field work", "上门", (), ()),
    Term(r"phone work", "电话催收", (), ("电话工作",)),
    Term(r"accounts?", "账户", (), ("账号", "帐户", "帐号")),
)

# English that is not the domain word: "letter case" is not a collection case
NOT_THE_TERM = (r"letter case",)
