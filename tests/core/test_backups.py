"""A backup's database version in words: a number, and how it stands to this Casedesk's."""

from __future__ import annotations

from app.backups import schema_words
from app.i18n import set_language
from db.migrate import head_revision, known_revisions


def test_versions_read_as_numbers_against_this_casedesks() -> None:
    head = head_revision()
    older = min(known_revisions())
    assert schema_words(head) == str(int(head[:4]))
    assert schema_words(older) == f"{int(older[:4])} (older: upgraded when restored)"
    assert schema_words("0999_from_the_future") == "999 (newer than this Casedesk)"
    assert schema_words(None) == "?"
    set_language("zh_CN")
    try:
        assert schema_words(older) == f"{int(older[:4])}（较旧：恢复时升级）"
    finally:
        set_language(None)
