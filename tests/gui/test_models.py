"""The list models: Swedish collation, sorting in the source, filtering as you type, 10,000 rows."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import Qt

from planner.model import PlanStatus, Stage
from planner.services import FollowUpRow, PlanRow
from ui.models.follow_ups import FollowUpModel
from ui.models.plans import PLAN_ID_ROLE, PlanFilterProxy, PlanListModel

pytestmark = pytest.mark.gui


def row(i: int, person: str, stage: Stage = Stage.DAILY_ACTIVITY, status: PlanStatus = PlanStatus.ACTIVE,
        coach: str = "Lena Berg", coach_id: int = 1, nxt: datetime | None = None, pnr: str | None = None,
        unit: str = "Biblioteket") -> PlanRow:
    return PlanRow(plan_id=i, person_id=i, person=person, preferred_name="", personal_number=pnr,
                   title="Gemensam plan", stage=stage, status=status, coach=coach, coach_id=coach_id,
                   placement_unit=unit, period_start=date(2026, 1, 1), period_end=None, next_follow_up=nxt)


def names(proxy: PlanFilterProxy) -> list[str]:
    return [proxy.index(r, 0).data() for r in range(proxy.rowCount())]


@pytest.fixture
def proxy(qapp) -> PlanFilterProxy:  # type: ignore[no-untyped-def]
    model = PlanListModel()
    model.set_rows([
        row(1, "Örjan Öberg", Stage.INTERNSHIP, coach="Samir Haddad", coach_id=2, pnr="199001011234"),
        row(2, "Zlatan Andersson"),
        row(3, "Åsa Ängström", Stage.STUDIES, PlanStatus.DRAFT),
        row(4, "Ängla Holm", coach="Per Holm", coach_id=3),
        row(5, "Anna Åberg", status=PlanStatus.CLOSED),
        row(6, "adam Eriksson"),
    ])
    p = PlanFilterProxy()
    p.setSourceModel(model)
    p._keep_model = model  # noqa: SLF001 - keep the source alive with the proxy
    return p


def test_swedish_collation_puts_a_ring_a_umlaut_o_umlaut_after_z(proxy: PlanFilterProxy) -> None:
    assert names(proxy) == ["adam Eriksson", "Anna Åberg", "Zlatan Andersson", "Åsa Ängström", "Ängla Holm",
                            "Örjan Öberg"]
    proxy.sort(PlanListModel.NAME, Qt.SortOrder.DescendingOrder)
    assert names(proxy)[0] == "Örjan Öberg"


def test_sorting_by_a_column_keeps_names_in_order_within_it(proxy: PlanFilterProxy) -> None:
    proxy.sort(PlanListModel.COACH)
    coaches = [proxy.index(r, PlanListModel.COACH).data() for r in range(proxy.rowCount())]
    assert coaches == sorted(coaches)
    lena = [n for n, c in zip(names(proxy), coaches, strict=True) if c == "Lena Berg"]
    assert lena == ["adam Eriksson", "Anna Åberg", "Zlatan Andersson", "Åsa Ängström"]


def test_filter_words_match_name_stage_status_and_coach(proxy: PlanFilterProxy) -> None:
    proxy.set_filter("ängs")
    assert names(proxy) == ["Åsa Ängström"]
    proxy.set_filter("studies")
    assert names(proxy) == ["Åsa Ängström"]
    proxy.set_filter("closed")
    assert names(proxy) == ["Anna Åberg"]
    proxy.set_filter("samir")
    assert names(proxy) == ["Örjan Öberg"]
    proxy.set_filter("lena eriksson")  # every word must match somewhere in the row
    assert names(proxy) == ["adam Eriksson"]
    proxy.set_filter("19900101-1234")
    assert names(proxy) == ["Örjan Öberg"]
    proxy.set_filter("   ")
    assert proxy.rowCount() == 6
    assert not proxy.is_filtered


def test_stage_status_and_coach_filters_combine(proxy: PlanFilterProxy) -> None:
    proxy.set_filter(stage=Stage.DAILY_ACTIVITY.value)
    assert set(names(proxy)) == {"Zlatan Andersson", "Ängla Holm", "Anna Åberg", "adam Eriksson"}
    proxy.set_filter(status=PlanStatus.CLOSED.value)
    assert names(proxy) == ["Anna Åberg"]
    proxy.set_filter(status=None, coach_id=3)
    assert names(proxy) == ["Ängla Holm"]
    proxy.set_filter("zzz")
    assert proxy.rowCount() == 0


def test_roles_give_ids_for_the_view(proxy: PlanFilterProxy) -> None:
    proxy.set_filter("zlatan")
    assert proxy.index(0, 3).data(PLAN_ID_ROLE) == 2


def test_ten_thousand_people_load_sort_and_filter(qapp) -> None:  # type: ignore[no-untyped-def]
    first = ["Anna", "Åsa", "Omar", "Örjan", "Lejla", "Zainab"]
    rows = [row(i, f"{first[i % 6]} Person{i:05d}", list(Stage)[i % 7], coach=f"Coach {i % 4}", coach_id=i % 4 + 1)
            for i in range(10_000)]
    model = PlanListModel()
    model.set_rows(rows)
    proxy = PlanFilterProxy()
    proxy.setSourceModel(model)
    assert proxy.rowCount() == 10_000
    proxy.set_filter("örjan")
    assert proxy.rowCount() == 10_000 // 6 + (1 if 10_000 % 6 > 3 else 0)
    proxy.set_filter("örjan person0000")
    assert names(proxy) == ["Örjan Person00003", "Örjan Person00009"]
    proxy.set_filter("")
    proxy.sort(PlanListModel.NAME)
    heads = {proxy.index(r, 0).data().split()[0] for r in range(9_000, 10_000)}
    assert heads <= {"Zainab", "Åsa", "Örjan"}


def test_follow_up_model_says_overdue_in_words_with_an_icon(qapp) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QIcon, QPixmap

    pix = QPixmap(8, 8)
    pix.fill(Qt.GlobalColor.red)
    model = FollowUpModel()
    model.set_icons(QIcon(pix), QIcon())
    model.set_rows([
        FollowUpRow(1, 1, 1, "Anna Åberg", "Anna", datetime(2026, 3, 2, 9, tzinfo=UTC), "Kontoret", "Lena", 1, True),
        FollowUpRow(2, 2, 2, "Omar Saleh", "Omar", datetime(2026, 3, 9, 13, tzinfo=UTC), "", "Lena", 1, False),
    ])
    assert model.index(0, model.STATUS).data() == "Overdue"
    assert model.index(1, model.STATUS).data() == "Planned"
    assert not model.index(0, model.STATUS).data(Qt.ItemDataRole.DecorationRole).isNull()
    assert model.index(0, model.STATUS).data(Qt.ItemDataRole.FontRole).bold()
    when = model.index(0, model.WHEN).data()
    assert "Monday" in when and "March" in when and "2026" in when and "10:00" in when  # 09 UTC = 10 in Stockholm
    assert model.overdue_count == 1
