"""The cleaner's word lists are built once per machine and read back from disk with the same
answers (the start-up cost of `storylens extract` and of every worker)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from storylens.clean import vocab

TEXT = "Remarks at the kasyno online study session; zdrowie and the weather, rarely ameliorated."


def _clear() -> None:
    from storylens.diskcache import package_folder

    for f in (package_folder, vocab._language_list, vocab._common_words, vocab._everyday_words,
              vocab._everyday_set, vocab.everyday, vocab.vocabulary):
        f.cache_clear()


@pytest.fixture
def cache_in(tmp_path, monkeypatch):
    monkeypatch.setenv("STORYLENS_CACHE_DIR", str(tmp_path))
    _clear()
    yield tmp_path
    _clear()


def _answers():
    info = vocab.word_info(TEXT, "en")
    return (info, vocab.everyday("house"), vocab.everyday("casa", "es"), vocab.everyday("kasyno"),
            vocab.vocabulary("de").classify(["haus", "casino", "kasyno"]))


def test_tables_built_once_then_read_back_alike(cache_in, monkeypatch):
    built = _answers()
    (folder,) = cache_in.iterdir()
    assert {p.name for p in folder.glob("*.done")} >= {"common.done", "known-en.done", "known-de.done"}
    _clear()
    monkeypatch.setattr(vocab, "_wordfreq", lambda: pytest.fail("rebuilt instead of read from the cache"))
    assert _answers() == built
    assert "kasyno" in built[0].foreign and built[1] and built[2] and not built[3]


@pytest.mark.slow  # builds every table twice (~9 s)
def test_cache_off_and_unwritable_folder_still_answer(tmp_path, monkeypatch):
    monkeypatch.setenv("STORYLENS_CACHE_DIR", "off")
    _clear()
    off = _answers()
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("STORYLENS_CACHE_DIR", str(blocked))
    _clear()
    assert _answers() == off
    _clear()


def test_stable_hashes_agree_across_processes():
    here = vocab.stable_hashes(["casino", "zdrowie", "été"]).tolist()
    code = "from storylens.clean import vocab; print(vocab.stable_hashes(['casino', 'zdrowie', 'été']).tolist())"
    there = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert str(here) == there.strip()
