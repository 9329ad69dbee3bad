"""Six months of vital signs for the demo's chronic patients, their targets and a flag.

Values follow a plausible trend with noise (blood pressure coming down under
treatment, weight drifting), with a few readings out of range so the graphs have
something to show.
"""

import math
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from app.demo.chronic_condition import ChronicCondition
from app.demo.demo_patient import DemoPatient
from app.demo.demo_random import DemoRandom
from app.demo.fhir_terms import FhirJson, FhirTerms
from app.demo.paris_clock import ParisClock
from app.store.resource_write import ResourceWrite

T = FhirTerms
HISTORY_DAYS = 182
_VISIT_EVERY_DAYS = 14

# LOINC code → (display, French label, shown unit, UCUM code).
VITALS: dict[str, tuple[str, str, str, str]] = {
    "85354-9": ("Blood pressure panel with all children optional", "Pression artérielle", "", ""),
    "8480-6": ("Systolic blood pressure", "PA systolique", "mmHg", "mm[Hg]"),
    "8462-4": ("Diastolic blood pressure", "PA diastolique", "mmHg", "mm[Hg]"),
    "8867-4": ("Heart rate", "Fréquence cardiaque", "/min", "/min"),
    "59408-5": ("Oxygen saturation in Arterial blood by Pulse oximetry", "SpO2", "%", "%"),
    "29463-7": ("Body weight", "Poids", "kg", "kg"),
    # mmol/L: what French laboratories print next to g/L, and all Swiss ones use.
    "15074-8": ("Glucose [Moles/volume] in Blood", "Glycémie", "mmol/L", "mmol/L"),
}
BLOOD_PRESSURE, SYSTOLIC, DIASTOLIC = "85354-9", "8480-6", "8462-4"
HEART_RATE, SPO2, WEIGHT, GLUCOSE = "8867-4", "59408-5", "29463-7", "15074-8"

_HIGH = ("H", "High")
_LOW = ("L", "Low")


class VitalSeries:
    """Observations, Goals and Flags for patients with a chronic condition."""

    def __init__(self, rng: DemoRandom, today: date) -> None:
        self._rng = rng
        self._today = today

    def resources(self, patients: Sequence[DemoPatient], goals_for: int) -> list[ResourceWrite]:
        """Vitals of every chronic patient, then Goals for ``goals_for`` of them (taken in
        turn from each condition), then a « Suivi chronique » Flag for each."""
        chronic = [p for p in patients if p.condition is not None]
        observations: list[FhirJson] = []
        starts: dict[str, date] = {}
        for p in chronic:
            visits = self._visits()
            starts[p.patient.id] = visits[0].date()
            observations += self._series(p, visits)
        goals = [self._goal(p, starts[p.patient.id]) for p in _spread(chronic, goals_for)]
        flags = [self._flag(p, starts[p.patient.id]) for p in chronic]
        return [ResourceWrite(r["resourceType"], r["id"], r) for r in observations + goals + flags]

    def _visits(self) -> list[datetime]:
        """Measurement times every two weeks or so, up to yesterday, in office hours."""
        rng = self._rng
        day = self._today - timedelta(days=HISTORY_DAYS - rng.randint(0, 10))
        out = []
        while day < self._today:
            minutes = rng.randint(8 * 12 + 6, 18 * 12) * 5
            out.append(ParisClock.at(day, minutes // 60, minutes % 60))
            day += timedelta(days=_VISIT_EVERY_DAYS + rng.randint(-3, 3))
        return out

    def _series(self, p: DemoPatient, visits: list[datetime]) -> list[FhirJson]:
        rng = self._rng
        condition = p.condition
        male = p.patient.gender == "male"
        weight0 = rng.uniform(72, 108) if male else rng.uniform(55, 92)
        weight_drift = rng.uniform(-4.0, 2.0)
        hr0 = rng.uniform(76, 90) if condition is ChronicCondition.COPD else rng.uniform(60, 80)
        if condition is ChronicCondition.HYPERTENSION:
            sys0, sys_drop, dia0 = rng.uniform(148, 168), rng.uniform(6, 16), rng.uniform(86, 98)
        else:
            sys0, sys_drop, dia0 = rng.uniform(126, 146), 0.0, rng.uniform(74, 88)
        glu0, glu_drop = rng.uniform(6.8, 9.5), rng.uniform(0.3, 1.5)
        spo0 = rng.uniform(92, 95)
        kinds: dict[ChronicCondition, tuple[str, ...]] = {
            ChronicCondition.HYPERTENSION: (BLOOD_PRESSURE, HEART_RATE, WEIGHT),
            ChronicCondition.DIABETES: (GLUCOSE, BLOOD_PRESSURE, WEIGHT),
            ChronicCondition.COPD: (SPO2, HEART_RATE),
        }
        out: list[FhirJson] = []
        span = max(1.0, (visits[-1] - visits[0]).total_seconds())
        for when in visits:
            t = (when - visits[0]).total_seconds() / span  # 0 → 1 over the six months
            for kind in kinds[condition or ChronicCondition.HYPERTENSION]:
                if kind == BLOOD_PRESSURE:
                    spike = rng.uniform(18, 30) if rng.random() < 0.05 else 0.0
                    sys = round(sys0 - sys_drop * t + rng.gauss(0, 6) + spike)
                    dia = round(dia0 - sys_drop * 0.5 * t + rng.gauss(0, 4) + spike * 0.5)
                    out.append(self._blood_pressure(p, when, sys, dia))
                elif kind == HEART_RATE:
                    spike = rng.uniform(25, 35) if rng.random() < 0.04 else 0.0
                    hr = round(hr0 + rng.gauss(0, 5) + spike)
                    out.append(self._vital(p, when, kind, hr, _flag_of(hr, 50, 100)))
                elif kind == WEIGHT:
                    kg = round(weight0 + weight_drift * t + rng.gauss(0, 0.5), 1)
                    out.append(self._vital(p, when, kind, kg, None))
                elif kind == GLUCOSE:
                    glu = glu0 - glu_drop * t + rng.gauss(0, 0.6)
                    roll = rng.random()
                    if roll < 0.05:
                        glu = rng.uniform(11.5, 14.5)
                    elif roll < 0.08:
                        glu = rng.uniform(3.2, 3.8)
                    glu = round(max(2.8, glu), 1)
                    out.append(self._vital(p, when, kind, glu, _flag_of(glu, 3.9, 11.0)))
                else:
                    spo = spo0 + rng.gauss(0, 1.1)
                    if rng.random() < 0.06:
                        spo = rng.uniform(86, 89)
                    sat = min(99, round(spo))
                    out.append(self._vital(p, when, kind, sat, _flag_of(sat, 90, math.inf)))
        return out

    def _base(self, p: DemoPatient, when: datetime, code: str) -> FhirJson:
        display, label, _, _ = VITALS[code]
        return {
            "resourceType": "Observation",
            "id": self._rng.uuid(),
            "status": "final",
            "category": [T.concept(T.OBSERVATION_CATEGORY, "vital-signs", "Vital Signs")],
            "code": T.concept(T.LOINC, code, display, label),
            "subject": T.reference(p.patient.reference, p.patient.display_name),
            "effectiveDateTime": ParisClock.iso(when),
            "performer": [T.reference(p.doctor.reference, p.doctor.display)],
        }

    def _vital(
        self,
        p: DemoPatient,
        when: datetime,
        code: str,
        value: float,
        flag: tuple[str, str] | None,
    ) -> FhirJson:
        res = self._base(p, when, code)
        _, _, unit, ucum = VITALS[code]
        res["valueQuantity"] = T.quantity(value, unit, ucum)
        if flag is not None:
            res["interpretation"] = [T.concept(T.INTERPRETATION, *flag)]
        return res

    def _blood_pressure(self, p: DemoPatient, when: datetime, sys: int, dia: int) -> FhirJson:
        res = self._base(p, when, BLOOD_PRESSURE)
        res["component"] = [
            self._component(SYSTOLIC, sys, _flag_of(sys, 90, 160)),
            self._component(DIASTOLIC, dia, _flag_of(dia, 50, 100)),
        ]
        return res

    @staticmethod
    def _component(code: str, value: int, flag: tuple[str, str] | None) -> FhirJson:
        display, label, unit, ucum = VITALS[code]
        res: FhirJson = {
            "code": T.concept(T.LOINC, code, display, label),
            "valueQuantity": T.quantity(value, unit, ucum),
        }
        if flag is not None:
            res["interpretation"] = [T.concept(T.INTERPRETATION, *flag)]
        return res

    def _goal(self, p: DemoPatient, start: date) -> FhirJson:
        """The target range the doctor set for the patient's condition."""
        targets: dict[ChronicCondition, tuple[str, list[FhirJson]]] = {
            ChronicCondition.HYPERTENSION: (
                "PA < 140/90 mmHg",
                [_target(SYSTOLIC, high=140), _target(DIASTOLIC, high=90)],
            ),
            ChronicCondition.DIABETES: (
                "Glycémie à jeun entre 4,4 et 7,2 mmol/L",
                [_target(GLUCOSE, low=4.4, high=7.2)],
            ),
            ChronicCondition.COPD: ("SpO2 ≥ 92 %", [_target(SPO2, low=92)]),
        }
        text, target = targets[p.condition or ChronicCondition.HYPERTENSION]
        return {
            "resourceType": "Goal",
            "id": self._rng.uuid(),
            "lifecycleStatus": "active",
            "description": {"text": text},
            "subject": T.reference(p.patient.reference, p.patient.display_name),
            "startDate": start.isoformat(),
            "target": target,
            "expressedBy": T.reference(p.doctor.reference, p.doctor.display),
        }

    def _flag(self, p: DemoPatient, start: date) -> FhirJson:
        return {
            "resourceType": "Flag",
            "id": self._rng.uuid(),
            "status": "active",
            "category": [T.concept(T.FLAG_CATEGORY, "clinical", "Clinical")],
            "code": {"text": T.CHRONIC_FOLLOW_UP},
            "subject": T.reference(p.patient.reference, p.patient.display_name),
            "period": {"start": start.isoformat()},
            "author": T.reference(p.doctor.reference, p.doctor.display),
        }


def _flag_of(value: float, low: float, high: float) -> tuple[str, str] | None:
    """The interpretation of a reading outside [low, high), or None when unremarkable."""
    if value >= high:
        return _HIGH
    if value < low:
        return _LOW
    return None


def _target(code: str, low: float | None = None, high: float | None = None) -> FhirJson:
    display, label, unit, ucum = VITALS[code]
    detail: FhirJson = {}
    if low is not None:
        detail["low"] = T.quantity(low, unit, ucum)
    if high is not None:
        detail["high"] = T.quantity(high, unit, ucum)
    return {"measure": T.concept(T.LOINC, code, display, label), "detailRange": detail}


def _spread(patients: list[DemoPatient], count: int) -> list[DemoPatient]:
    """``count`` patients taken in turn from each condition, in list order."""
    queues = [[p for p in patients if p.condition is c] for c in ChronicCondition]
    out: list[DemoPatient] = []
    while len(out) < count and any(queues):
        for queue in queues:
            if queue and len(out) < count:
                out.append(queue.pop(0))
    return out
