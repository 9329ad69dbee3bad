"""PatientListModel against pytest-qt's model tester (Qt's QAbstractItemModelTester)."""

from datetime import date

from pytestqt.modeltest import ModelTester

from app.domain.nir import Nir
from app.domain.patient import Patient
from ui.patients.patient_list_model import PatientListModel


def _patients() -> list[Patient]:
    return [
        Patient(
            id=Patient.new_id(),
            family="Lefèvre",
            given="Élodie",
            birth_date=date(1984, 12, 12),
            gender="female",
            ins=Nir.parse("284127645108993"),
        ),
        Patient(id=Patient.new_id(), family="Martin", given="Jean", birth_date=None),
    ]


def test_model_passes_the_tester(qtmodeltester: ModelTester) -> None:
    model = PatientListModel(today=date(2026, 11, 23))
    qtmodeltester.check(model)
    model.set_patients(_patients())
    qtmodeltester.check(model)
    model.set_patients([])
    qtmodeltester.check(model)


def test_rows_show_what_the_desk_reads() -> None:
    model = PatientListModel(today=date(2026, 11, 23))
    patients = _patients()
    model.set_patients(patients)
    row = [model.data(model.index(0, c)) for c in range(len(PatientListModel.columns))]
    assert row == ["LEFÈVRE", "Élodie", "12/12/1984", "41 ans", "F", "2 84 12 76 451 089 93"]
    assert model.data(model.index(1, PatientListModel.columns.index("birth"))) == ""
    assert model.row_of(patients[1].id) == 1
    assert model.patient_at(5) is None
