"""The allowed values of choice columns as clerks write them in their own language.

A French clerk's employees sheet says `horaire` and `mensuel`, a Polish one `godzinowe`, a
Czech order sheet `částečně`: the books hold `hourly`, `salaried`, `partial`, `complete`.
Words are compared folded (`choice_key`: case, accents and separators aside); a word maps to
its value only where the column allows that value.
"""

from __future__ import annotations

__all__ = ["CHOICE_WORDS"]

_RAW = {
    "hourly": "hodinova|hodinova mzda|hodinove|hodinovy|od hodiny|godzinowe|godzinowa|godzinowy|stawka godzinowa|"
              "por horas|por hora|horaire|a l heure|taux horaire|per hour|hour|hours",
    "salaried": "mesicni|mesicni mzda|mesicne|plat|salary|monthly|miesieczne|miesieczna|miesieczny|pensja|"
                "mensual|salario mensual|asalariado|mensuel|mensualise|salaire mensuel|salaire",
    "partial": "castecne|castecna|castecny|po castech|czesciowo|czesciowa|czesciowe|parcial|parcialmente|"
               "partiel|partielle|partiellement",
    "complete": "kompletne|kompletni|najednou|vcelku|w calosci|calosc|kompletna|completo|completa|entero|"
                "complet|complete|en totalite",
}

CHOICE_WORDS: dict[str, str] = {}
for _value, _words in _RAW.items():
    for _word in _words.split("|"):
        CHOICE_WORDS.setdefault(_word.replace(" ", "_"), _value)
