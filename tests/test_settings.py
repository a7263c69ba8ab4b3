"""Typed settings: each value converted once, to the declared type, with bounds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storylens.config import SETTINGS, Setting, Settings
from storylens.errors import SettingsError


def test_defaults_have_their_declared_types() -> None:
    s = Settings()
    assert s.batch_size == 200 and isinstance(s.batch_size, int)
    assert s.story_threshold == pytest.approx(0.35) and isinstance(s.story_threshold, float)
    assert s.clean is True
    assert s.csv_text == ["text", "content", "content_original", "body"]
    assert s.narrative_builtin == ["china", "climate"]
    assert s.spam_lexicon == [] and s.narrative_packs == []
    assert s.tone_model == "auto"
    kinds = {x.name: x.kind for x in SETTINGS}
    assert kinds["db"] == "path" and kinds["tone_model"] == "choice" and kinds["story_threshold"] == "float"


def test_strings_from_files_and_environment_are_converted_once() -> None:
    s = Settings({"story_threshold": "0.5", "batch_size": "50", "clean": "off", "csv_text": "body, text ,",
                  "max_page_bytes": 2.0e6, "tone_model": " Distilled "})
    assert s.story_threshold == 0.5 and s.batch_size == 50 and s.clean is False
    assert s.csv_text == ["body", "text"] and s.max_page_bytes == 2_000_000 and s.tone_model == "distilled"


def test_lists_stay_readable_through_columns() -> None:
    s = Settings({"csv_url": "link,url"})
    assert s.columns("csv_url") == ["link", "url"]
    assert s.columns("spam_lexicon") == []


def test_as_dict_round_trips_through_json_for_workers_and_spark() -> None:
    s = Settings({"story_threshold": "0.4", "narrative_builtin": "climate"})
    again = Settings(json.loads(json.dumps(s.as_dict())))
    assert again.as_dict() == s.as_dict()


def test_short_form_infers_the_type_from_the_default() -> None:
    assert Setting("x", 3, "h").kind == "int"
    assert Setting("x", 0.5, "h").kind == "float"
    assert Setting("x", False, "h").kind == "bool"
    assert Setting("x", "a,b", "h").kind == "str"
    assert Setting("x", ["a"], "h").kind == "list"
    assert Setting("x", 3, "h").convert("7") == 7
    with pytest.raises(SettingsError, match=r"x: 'seven' is not accepted; expected a whole number"):
        Setting("x", 3, "h").convert("seven")


@pytest.mark.parametrize(("key", "value", "form"), [
    ("story_threshold", "abc", "a number > 0 and <= 1"),
    ("story_threshold", -5, "a number > 0 and <= 1"),
    ("story_threshold", 0, "a number > 0 and <= 1"),
    ("clean", "maybe", "true or false"),
    ("batch_size", -5, "a whole number >= 1"),
    ("batch_size", 0, "a whole number >= 1"),
    ("batch_size", True, "a whole number >= 1"),
    ("min_text_chars", -1, "a whole number >= 0"),
    ("story_window_days", -3, "a whole number >= 0"),
    ("max_page_bytes", 1.5, "a whole number >= 1"),
    ("max_page_bytes", "nan", "a whole number >= 1"),
    ("tone_model", "bert", "one of auto, static"),
    ("narrative_builtin", "china,atlantis", "a comma-separated list of china, climate"),
    ("csv_url", {"a": 1}, "a comma-separated list"),
])
def test_a_wrong_value_is_one_line_naming_key_value_and_form(key: str, value: object, form: str) -> None:
    with pytest.raises(SettingsError) as err:
        Settings({key: value})
    msg = str(err.value)
    assert "\n" not in msg
    assert msg.startswith(f"{key}: {value!r} is not accepted") and form in msg


def test_pack_files_are_accepted_beside_builtin_names() -> None:
    assert Settings({"narrative_builtin": "china,my.yaml"}).narrative_builtin == ["china", "my.yaml"]


def test_unknown_key_suggests_the_close_one() -> None:
    with pytest.raises(SettingsError, match=r"unknown setting 'batch_sise'; did you mean 'batch_size'\?"):
        Settings({"batch_sise": 10})


def test_config_file_and_environment_name_their_origin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = tmp_path / "c.yaml"
    cfg.write_text("batch_size: 0\n", encoding="utf-8")
    with pytest.raises(SettingsError, match=r"batch_size: 0 is not accepted \(config file '.*c.yaml'\)"):
        Settings.load(cfg)
    cfg.write_text("batch_size: 7\nstory_threshold: 0.6\n", encoding="utf-8")
    monkeypatch.setenv("STORYLENS_STORY_THRESHOLD", "high")
    with pytest.raises(SettingsError, match=r"\(environment STORYLENS_STORY_THRESHOLD\)"):
        Settings.load(cfg)
    monkeypatch.delenv("STORYLENS_STORY_THRESHOLD")
    s = Settings.load(cfg, batch_size=9)
    assert s.batch_size == 9 and s.story_threshold == 0.6


def test_toml_config(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text('batch_size = 5\nnarrative_builtin = ["climate"]\n', encoding="utf-8")
    s = Settings.load(cfg)
    assert s.batch_size == 5 and s.narrative_builtin == ["climate"]


def test_syndication_knobs_live_in_the_settings_table() -> None:
    from storylens.corpus.syndication import SyndicationConfig

    cfg = SyndicationConfig.from_settings(Settings({"syndication_near": "0.6", "syndication_passage_words": 30}))
    assert cfg.near_containment == 0.6 and cfg.passage_words == 30
    assert SyndicationConfig.from_settings(Settings()) == SyndicationConfig()
    with pytest.raises(SettingsError, match="syndication_passage_words: 3 is not accepted"):
        Settings({"syndication_passage_words": 3})
