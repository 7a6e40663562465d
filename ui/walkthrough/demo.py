"""A fictional plan with something on every meeting screen, for screenshots and tests (services only)."""

from __future__ import annotations

from datetime import date, time, timedelta

from planner.i18n import local_to_utc
from planner.services import Services


def fill_meeting_demo(services: Services, plan_id: int, today: date | None = None) -> None:
    """Participants, "about me", two goals with steps, two supports, consent and a booked follow-up."""
    today = today or date.today()
    plan = services.get_plan(plan_id)
    actors = {a.name: a.id for a in services.list_actors()}
    daily = actors.get("Funktionsstödsförvaltningen (daglig verksamhet)")
    employment = actors.get("Arbetsförmedlingen")
    services.update_person(plan.person_id, None, what_matters="Att ha vänner på jobbet och att det är lugnt.",
                           good_at="Sortera saker och hålla ordning.",
                           how_to_help="Visa mig en gång. Låt mig sedan prova själv.")
    services.add_participant(plan_id, "Lena Berg", actor_id=daily, phone="040-12 34 56", is_lead=True)
    services.add_participant(plan_id, "Omar Saleh", actor_id=actors.get("Anhörig"))
    shop = services.add_goal(plan_id, "Jobba i en butik och tjäna egna pengar", "Jag vill jobba i en butik.", "shop")
    bus = services.add_goal(plan_id, "Åka buss själv till jobbet", "Jag vill åka buss själv.", "bus")
    services.add_step(shop.id, "Besöka butiken med min coach", today + timedelta(days=7))
    services.add_step(bus.id, "Öva på bussresan med Lena", today + timedelta(days=14))
    services.add_support(plan_id, "Följer med till arbetsplatsen.", actor_id=daily, contact_name="Lena Berg",
                         contact_phone="040-12 34 56", frequency="En gång i veckan", start_on=today)
    services.add_support(plan_id, "Hjälper mig att hitta en praktikplats.", actor_id=employment,
                         contact_name="Sara Olsson", contact_phone="040-98 76 54", frequency="Varannan vecka",
                         start_on=today + timedelta(days=7))
    services.record_consent(plan_id, [i for i in (daily, employment) if i], given_on=today,
                            given_by=plan.person.display_name)
    services.schedule_follow_up(plan_id, local_to_utc(today + timedelta(days=21), time(10, 0)),
                                "Biblioteket, mötesrummet")
