"""Messages with a count agree with it in every language (`NP_`).

A summary or a problem with a count of one read `1 payslips`, `1 of 1 incoming payments`, `1 more
problems`, and Czech and Polish wrote `Dalších 3 zpráv` where three takes another form. A message
marked with `NP_` carries its plural and the parameter holding the count; `Problem` and `translate`
choose the form by that count as gettext's plural rules say.
"""

from __future__ import annotations

import copy
import pickle

import pytest

from backoffice_auto.errors import MORE_NOTES, MORE_PROBLEMS, Problem, listed
from backoffice_auto.i18n import NP_, PluralMsgid, translate
from backoffice_auto.payments.matching.books import MSG_MATCHED
from backoffice_auto.payroll.mailing import SUMMARY_SUBJECT


@pytest.mark.parametrize("count, language, expected", [
    (1, "en", "1 more message about this file is not listed here."),
    (4, "en", "4 more messages about this file are not listed here."),
    (1, "cs", "Další 1 zpráva k tomuto souboru zde není uvedena."),
    (3, "cs", "Další 3 zprávy k tomuto souboru zde nejsou uvedeny."),
    (7, "cs", "Dalších 7 zpráv k tomuto souboru zde není uvedeno."),
    (1, "pl", "Kolejny 1 komunikat o tym pliku nie został tu wymieniony."),
    (22, "pl", "Kolejne 22 komunikaty o tym pliku nie zostały tu wymienione."),
    (12, "pl", "Kolejnych 12 komunikatów o tym pliku nie wymieniono tutaj."),
    (1, "es", "1 mensaje más sobre este archivo no se muestra aquí."),
    (2, "es", "Otros 2 mensajes sobre este archivo no se muestran aquí."),
    (1, "fr", "1 autre message sur ce fichier n’est pas listé ici."),
    (2, "fr", "2 autres messages sur ce fichier ne sont pas listés ici."),
])
def test_a_problem_with_a_count_takes_the_form_of_its_count(count, language, expected):
    assert Problem(MORE_NOTES, None, {"count": count}).text(language) == expected


def test_the_note_of_problems_left_out_agrees_with_one():
    kept = listed([Problem("a {x}", None, {"x": i}) for i in range(3)], None, limit=2)
    assert kept[-1].text() == ("1 more problem in this file is not listed here; correct the ones above and drop "
                               "the file again to see it.")
    assert kept[-1].message == MORE_PROBLEMS


def test_the_count_is_the_parameter_the_message_names():
    params = {"posted": 1, "total": 1, "suggested": 0, "unmatched": 0}
    assert Problem(MSG_MATCHED, None, params).text() == ("1 of 1 incoming payment posted automatically, 0 suggested "
                                                         "for review, 0 unmatched")
    params["total"] = 7
    assert Problem(MSG_MATCHED, None, params).text().startswith("1 of 7 incoming payments")
    assert translate(SUMMARY_SUBJECT, "es", start="1", end="15", count=1, net="9") == "Nóminas del 1 al 15: 1 empleado, neto 9"
    assert translate(SUMMARY_SUBJECT, "fr", start="1", end="15", count=2, net="9") == "Paie du 1 au 15 : 2 salariés, net 9"


def test_a_plural_message_without_its_count_reads_as_the_plural():
    # a count that is missing or not a whole number: the plural, as before such messages knew one
    message = NP_("{n} file", "{n} files")
    assert translate(message, "en") == "{n} files"
    assert translate(message, "en", n="many") == "many files"
    assert Problem(message, None, {"n": True}).text() == "True files"


def test_a_plural_message_survives_a_copy_and_a_pickle():
    for copied in (copy.deepcopy(MORE_NOTES), pickle.loads(pickle.dumps(MORE_NOTES))):
        assert isinstance(copied, PluralMsgid) and copied == MORE_NOTES
        assert (copied.plural, copied.count) == (MORE_NOTES.plural, "count")
