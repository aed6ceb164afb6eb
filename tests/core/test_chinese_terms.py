"""One word for one thing in Chinese: the catalogs (resources/i18n/zh_CN) and the rule sets'
*_zh fields never use a variant where the product has chosen its word (DOMAIN.md's where it
gives one). That no msgid has two translations across catalogs is
tests/ui/test_translations_all.py's `test_no_message_has_two_translations`."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "resources"

# variant → the word used instead
FORBIDDEN = {
    "催收人员": "催收员",
    "外访": "上门",
    "家访": "上门",
    "客户编号": "借款人编号",
    "DPD": "逾期天数",
    "逾期日数": "逾期天数",
    "规则库": "规则集",
    "恢复码": "恢复密钥",
    "保证人": "担保人",
    "回款率": "回收率",
    "办公室": "营业部",
    "网点": "营业部",
    "营业机构": "营业部",
    "本机构": "本营业部",
    "这台电脑": "本机",
    "报表": "报告",
    "在办案件": "未结案件",
    "联系尝试": "联系记录",
    "承诺还款": "还款承诺",
    "已审批": "已批准",
    "最后活动": "最后一次催收活动",
}


def _zh_fields(table: object) -> list[str]:
    if isinstance(table, dict):
        return [
            text
            for key, value in table.items()
            for text in ([value] if key.endswith("_zh") and isinstance(value, str) else [])
            + _zh_fields(value)
        ]
    if isinstance(table, list):
        return [text for item in table for text in _zh_fields(item)]
    return []


def chinese_texts() -> dict[str, list[str]]:
    """Every Chinese text, by the file it is in."""
    texts = {
        path.name: list(json.loads(path.read_text("utf-8")).values())
        for path in sorted((ROOT / "i18n" / "zh_CN").glob("*.json"))
    }
    for path in sorted((ROOT / "rulesets").glob("*.toml")):
        texts[path.name] = _zh_fields(tomllib.loads(path.read_text("utf-8")))
    return texts


def variants(texts: dict[str, list[str]]) -> list[str]:
    return [
        f"{name}: {word} (use {FORBIDDEN[word]}) in {text!r}"
        for name, values in texts.items()
        for text in values
        for word in FORBIDDEN
        if word in text
    ]


def test_no_chinese_text_uses_a_forbidden_variant() -> None:
    texts = chinese_texts()
    assert len(texts) > 50 and sum(len(v) for k, v in texts.items() if k.endswith(".toml")) > 50
    assert variants(texts) == []


def test_a_variant_is_found_in_a_catalog_and_in_a_rule_set() -> None:
    """The check can fail: a variant in a catalog value or a rule's description is named."""
    rules = _zh_fields({"rules": [{"description_zh": "催收人员须持证", "description_en": "x"}]})
    found = variants({"ui_x.json": ["在办案件 3 个", "未结案件 3 个"], "cn.toml": rules})
    assert found == [
        "ui_x.json: 在办案件 (use 未结案件) in '在办案件 3 个'",
        "cn.toml: 催收人员 (use 催收员) in '催收人员须持证'",
    ]
