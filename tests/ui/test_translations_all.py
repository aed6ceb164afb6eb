"""Every message id in ui/, app/ and reports/ has a Chinese translation with the same
placeholders; English is the msgid itself. A missing entry names the msgid and its files."""

from __future__ import annotations

import string

from tests.ui.msgids import layer_msgids


def _fields(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


def test_every_message_in_every_layer_has_a_chinese_translation() -> None:
    from app.i18n import _catalog

    catalog = _catalog("zh_CN")
    found = layer_msgids()
    assert len(found) > 500  # the collector really reads the three layers
    missing = sorted(
        f"{msgid!r} ({', '.join(sorted(files))})"
        for msgid, files in found.items()
        if msgid not in catalog
    )
    assert missing == []


def test_translations_keep_their_placeholders() -> None:
    from app.i18n import _catalog

    catalog = _catalog("zh_CN")
    wrong = sorted(
        msgid
        for msgid in layer_msgids()
        if msgid in catalog and _fields(catalog[msgid]) != _fields(msgid)
    )
    assert wrong == []


def test_the_collector_sees_a_missing_translation(tmp_path, monkeypatch) -> None:
    """The check can fail: a new msgid in a scanned file is reported until translated."""
    import tests.ui.msgids as msgids

    layer = tmp_path / "ui"
    layer.mkdir()
    (layer / "new_page.py").write_text(
        'from app.i18n import tr as _\n_("A brand-new button")\n', "utf-8"
    )
    monkeypatch.setattr(msgids, "ROOT", tmp_path)
    monkeypatch.setattr(msgids, "LAYERS", ("ui",))
    found = msgids.layer_msgids()
    assert "A brand-new button" in found
    from app.i18n import _catalog

    assert "A brand-new button" not in _catalog("zh_CN")


def test_no_message_has_two_translations() -> None:
    """The catalog is every file of resources/i18n/zh_CN merged: a msgid in two files with two
    translations silently took the later file's (a loan's "Active" read 启用, a course's word)."""
    import json
    from pathlib import Path

    folder = Path(__file__).resolve().parents[2] / "resources" / "i18n" / "zh_CN"
    seen: dict[str, set[str]] = {}
    for path in sorted(folder.glob("*.json")):
        for msgid, text in json.loads(path.read_text("utf-8")).items():
            seen.setdefault(msgid, set()).add(text)
    assert {msgid: texts for msgid, texts in seen.items() if len(texts) > 1} == {}
