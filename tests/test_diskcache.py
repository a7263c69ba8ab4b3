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
