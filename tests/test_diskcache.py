"""py3langid's model read back from the per-machine cache equals py3langid's own loader,
and the restricted identifiers are copies that leave the full one whole."""

from __future__ import annotations

from storylens.diskcache import package_folder
from storylens.extract import language as lang


def _clear() -> None:
    package_folder.cache_clear()
    lang._full_identifier.cache_clear()
    lang._identifier.cache_clear()


def test_langid_model_from_cache_equals_py3langid(tmp_path, monkeypatch):
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    monkeypatch.setenv("STORYLENS_CACHE_DIR", str(tmp_path))
    _clear()
    try:
        ref = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        lang._full_identifier()  # builds the cache
        assert any(p.name == "model.done" for p in tmp_path.glob("py3langid-*/*"))
        _clear()
        ours = lang._full_identifier()  # read back
        assert (ours.nb_ptc == ref.nb_ptc).all() and (ours.nb_pc == ref.nb_pc).all()
        assert ours.nb_classes == ref.nb_classes and ours.tk_output == ref.tk_output
        assert ours.tk_nextmove == ref.tk_nextmove and ours.tk_row == ref.tk_row
        for text in ("Der Bundestag hat am Donnerstag beschlossen", "Le président a déclaré jeudi"):
            assert ours.classify(text) == ref.classify(text)
        few = lang._identifier(("de", "en"))
        assert few.nb_classes == ["de", "en"] and len(lang._identifier(None).nb_classes) == len(ref.nb_classes)
    finally:
        _clear()


def test_registry_yaml_read_back_from_the_cache_equals_yaml(tmp_path, monkeypatch):
    """The registries' YAML is parsed once per machine and read back as JSON: equal data, same
    key order; a value JSON would change (a date) is not kept; bad YAML is still an error."""
    import datetime

    import pytest
    import yaml

    from storylens.diskcache import cached_parse
    from storylens.errors import StoryLensError
    from storylens.registry import load_documents

    monkeypatch.setenv("STORYLENS_CACHE_DIR", str(tmp_path))
    for kind in ("actors", "outlets"):
        first = load_documents(kind, [], env=False)
        again = load_documents(kind, [], env=False)
        ref = [(p, yaml.load(p.read_text(encoding="utf-8"), Loader=yaml.SafeLoader) or {}) for p, _ in first]
        assert first == again == ref
        assert [list(d) for _, d in again] == [list(d) for _, d in ref]
    assert list((tmp_path / "registry-yaml").glob("*.json"))
    calls = []

    def parse(text):
        calls.append(text)
        return {"when": datetime.date(2020, 1, 2)}

    assert cached_parse("t", "a: 1", parse) == cached_parse("t", "a: 1", parse) and len(calls) == 2
    bad = tmp_path / "bad.yaml"
    bad.write_text("a: [1\n", encoding="utf-8")
    with pytest.raises(StoryLensError, match="not valid YAML"):
        load_documents("outlets", [bad], packaged=False, env=False)


def test_tables_of_a_removed_environment_are_pruned(tmp_path, monkeypatch):
    """Each environment's package gets its own folder; a folder whose package is gone is removed,
    one whose package exists (another environment) or that records no origin is kept."""
    monkeypatch.setenv("STORYLENS_CACHE_DIR", str(tmp_path))
    gone, other, legacy = (tmp_path / f"py3langid-{k}" for k in ("aaaaaaaaaaaa", "bbbbbbbbbbbb", "cccccccccccc"))
    for d in (gone, other, legacy):
        d.mkdir()
        (d / "model.done").write_text("x")
    (gone / "ORIGIN").write_text(str(tmp_path / "deleted-venv" / "py3langid" / "__init__.py"))
    (other / "ORIGIN").write_text(__file__)
    _clear()
    try:
        folder = package_folder("py3langid")
        assert folder is not None and (folder / "ORIGIN").read_text().strip().endswith("__init__.py")
        assert not gone.exists() and other.exists() and legacy.exists()
    finally:
        _clear()
