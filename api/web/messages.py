"""Swedish for what the domain says in English (its error messages are the API's, and stay
so): one table of patterns, read by every page that shows a refusal."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from api.web.labels import role
from fut.errors import Conflict, DomainError, Forbidden, Invalid, NotFound
from fut.rules.swedish_format import format_date, format_kr, format_month

MONTH_FORMAT = "Skriv månaden som ÅÅÅÅ-MM, till exempel 2025-06."
DATE_FORMAT = "Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2026-11-02."
WHOLE_KRONOR = "Skriv beloppet i hela kronor med siffror, till exempel 12500."
PERIOD_ORDER = "Perioden kan inte börja efter att den slutar. Kontrollera månaderna."
IDENTITY = r"(?:identity number|personnummer|samordningsnummer) .*: "


def _month(text: str) -> str:
    try:
        return format_month(text).capitalize()
    except (ValueError, IndexError):
        return text


def _day(text: str) -> str:
    try:
        return format_date(date.fromisoformat(text))
    except ValueError:
        return text


def _kr(text: str) -> str:
    return format_kr(int(text))


def _count(text: str) -> str:
    return format_kr(int(text)).removesuffix(" kr")


def _roles(text: str) -> str:
    names = [role(r.strip()) for r in text.split(" or ")]
    return " eller ".join(n.lower() for n in names)


def what(description: str) -> str:
    """A template's description of a variable, as words in a sentence."""
    head = description.split(", ")[0].strip()
    return head[:1].lower() + head[1:] if head[1:2].islower() else head


Rule = tuple[re.Pattern[str], Callable[[re.Match[str]], str]]


def _rule(pattern: str, say: str | Callable[[re.Match[str]], str]) -> Rule:
    render = say if callable(say) else (lambda m, text=say: text.format(*m.groups()))
    return re.compile(pattern), render


RULES: list[Rule] = [
    # a personnummer or samordningsnummer (fut.rules.identity_numbers)
    _rule(
        IDENTITY + r"(?:contains characters other than digits|the only separator allowed)",
        "Personnumret får bara innehålla siffror och ett bindestreck före de fyra sista "
        "siffrorna, till exempel 19121212-1212.",
    ),
    _rule(
        IDENTITY + r"expected 10 or 12 digits",
        "Personnumret ska ha 10 eller 12 siffror, till exempel 19121212-1212.",
    ),
    _rule(
        IDENTITY + r"check digit should be",
        "Personnumret är inte giltigt: kontrollsiffran (den sista siffran) stämmer inte. "
        "Kontrollera att det är rätt skrivet.",
    ),
    _rule(
        IDENTITY + r"birth number 000",
        "Personnumret är inte giltigt: födelsenumret 000 används aldrig.",
    ),
    _rule(
        IDENTITY + r"(?:month \d+ does not exist|day \d+ is not a possible day|the year is not "
        r"possible|\S+ is not a date)",
        "Personnumret är inte giltigt: det innehåller inget möjligt datum.",
    ),
    _rule(IDENTITY + r"is empty", "Fyll i personnummer eller samordningsnummer."),
    # a report's period and dates (fut.schemas.ReportCreate, fut.services.cases)
    _rule(
        r"\d{4}-\d\d is in the future; the current month is (\d{4}-\d\d)",
        lambda m: (
            "Månaden har inte kommit än. Perioden kan sluta senast innevarande månad, "
            f"{format_month(m[1])}."
        ),
    ),
    _rule(r"period_from \S+ is after period_to", PERIOD_ORDER),
    _rule(r"^\w+ is in the future$", "Datumet kan inte ligga i framtiden."),
    _rule(r"you do not work in unit", "Du arbetar inte i den enheten. Välj en av dina enheter."),
    # what a person types (fut.validation, fut.rules)
    _rule(r"must be a single line", "Skriv på en rad, utan radbrytningar eller tabbar."),
    _rule(
        r"must not contain control characters",
        "Texten innehåller tecken som inte kan sparas (styrtecken). Ta bort dem.",
    ),
    _rule(r"month written YYYY-MM", MONTH_FORMAT),
    _rule(
        r"must lie between 1900-01 and 2100-12",
        "Månaden måste ligga mellan januari 1900 och december 2100.",
    ),
    _rule(
        r"must lie between (\d{4}-\d\d-\d\d) and (\d{4}-\d\d-\d\d)",
        lambda m: f"Datumet måste ligga mellan {_day(m[1])} och {_day(m[2])}.",
    ),
    _rule(
        r"month (\d{4}-\d\d) (?:is given twice|appears more than once)",
        lambda m: f"{_month(m[1])} finns med mer än en gång. Ta med varje månad en gång.",
    ),
    _rule(
        r"^month (\d{4}-\d\d): give either resources or correct_amount",
        lambda m: (
            f"{_month(m[1])}: ange antingen inkomster och resurser eller rätt bistånd, inte båda."
        ),
    ),
    _rule(
        r"^month (\d{4}-\d\d): \S+ must not be negative",
        lambda m: f"{_month(m[1])}: ett belopp kan inte vara negativt.",
    ),
    _rule(
        r"no overpaid amount to recover",
        "Utredningen visar inget felaktigt utbetalt belopp att återkräva. Föreslå inget "
        "återkrav, eller komplettera utredningen.",
    ),
    _rule(
        r"^(\d+) kr a month would take (\d+) months to repay (\d+) kr; a plan may run at most "
        r"(\d+) months",
        lambda m: (
            f"Med {_kr(m[1])} i månaden tar det {_count(m[2])} månader att betala "
            f"{_kr(m[3])}. En avbetalningsplan får löpa högst {_count(m[4])} månader."
        ),
    ),
    _rule(
        r"first_due_date must lie within a year",
        "Första förfallodagen måste ligga inom ett år från i dag.",
    ),
    _rule(
        r"^the last installment on (\d{4}-\d\d-\d\d) falls after the court deadline "
        r"(\d{4}-\d\d-\d\d) of month (\d{4}-\d\d)",
        lambda m: (
            f"Den sista betalningen enligt planen, den {_day(m[1])}, ligger efter sista dagen "
            f"att ansöka hos förvaltningsrätten om det som betalades ut för {format_month(m[3])}, "
            f"den {_day(m[2])}. Efter den dagen kan nämnden inte få en dom för det beloppet. "
            "Korta planen, eller skriv skälet till att planen ändå ska gälla."
        ),
    ),
    # eftergift and a changed plan (fut.steps.waiver, fut.steps.plan_change)
    _rule(
        r"^give the amount waived when only part of the debt is",
        "Fyll i hur mycket av skulden som efterges.",
    ),
    _rule(
        r"^amount (\d+) is more than what is left to pay, (\d+) kr",
        lambda m: (
            f"{_kr(m[1])} är mer än det som återstår att betala, {_kr(m[2])}. Välj eftergift "
            "av hela skulden, eller ett lägre belopp."
        ),
    ),
    _rule(
        r"^nothing is left to pay of the debt of case (\S+)",
        "Det finns inget kvar att betala på skulden i ärende {0}.",
    ),
    _rule(
        r"^case (\S+) is in \S+: the whole debt can be waived once the case is in repayment",
        "Hela skulden i ärende {0} kan efterges först när ärendet är i återbetalning. En del "
        "av skulden kan efterges redan nu.",
    ),
    _rule(
        r"^case (\S+) has no open debt with a plan to change",
        "Ärende {0} har ingen obetald skuld med en avbetalningsplan att ändra.",
    ),
    _rule(
        r"first_due_date must lie between today and a year from today",
        "Första förfallodagen måste ligga mellan i dag och ett år från i dag.",
    ),
    _rule(
        r"^the new plan pays month (\d{4}-\d\d) after its court deadline (\d{4}-\d\d-\d\d)",
        lambda m: (
            f"Med den nya planen blir det som betalades ut för {format_month(m[1])} betalt "
            f"först efter sista dagen att ansöka hos förvaltningsrätten, den {_day(m[2])}. "
            "Höj beloppet per månad, eller skriv skälet till att planen ändå ska gälla."
        ),
    ),
    _rule(r"the invoice basis is read by ekonomi", "Fakturaunderlaget tas fram av ekonomi."),
    _rule(
        r"summary is required when the client replied",
        "Skriv vad klienten svarade. Det ska stå i beslutet om återkrav.",
    ),
    _rule(
        r"reply_assessment is required when the client replied",
        "Skriv hur klientens synpunkter har bedömts. Det ska stå i beslutet om återkrav.",
    ),
    # who may do what (fut.services, the steps' guards)
    _rule(
        r"approved by someone other than its proposer",
        "Du har själv lämnat förslaget till beslut. Beslutet ska fattas av någon annan än "
        "den som föreslog det (fyraögonprincipen).",
    ),
    _rule(r"there is no proposal to decide on", "Det finns inget förslag att besluta om."),
    _rule(r"^task \d+ is \w+ already", "Uppgiften är redan slutförd."),
    _rule(r"^task \d+ is claimed by someone else", "Uppgiften är tagen av någon annan."),
    _rule(
        r"^step \S+ is done by (.+)$",
        lambda m: f"Det här steget görs av {_roles(m[1])}. Din roll kan inte slutföra det.",
    ),
    _rule(r"^no task \d+", "Uppgiften finns inte."),
    _rule(r"^no case \d+", "Ärendet finns inte."),
    _rule(
        r"payments are registered by",
        "Betalningar registreras av ekonomi eller utredare.",
    ),
    _rule(
        r"^the debt of case (\S+) is (\w+) already",
        lambda m: (
            f"Skulden i ärende {m[1]} är redan "
            f"{'efterskänkt' if m[2] == 'waived' else 'betald'}. "
            "Fler betalningar kan inte registreras."
        ),
    ),
    _rule(
        r"^case (\S+) has no decided debt",
        "Ärende {0} har ingen beslutad skuld. En betalning kan registreras först när "
        "beslut om återkrav har fattats.",
    ),
    _rule(r"produced on demand by", "Handlingar tas fram av utredare eller chef."),
    # the document catalogue's refusals (fut.services.document_catalogue)
    _rule(r"^unknown document kind", "Den typen av handling finns inte i katalogen."),
    _rule(
        r"^the case file has no \S+ yet \((.*)\); only the case file gives it",
        lambda m: f"Ärendet saknar ännu {what(m[1])}, som hämtas ur ärendet.",
    ),
    _rule(
        r"^missing \S+ \((.*)\): not in the case file",
        lambda m: f"Fyll i {what(m[1])}.",
    ),
    _rule(r"must be a whole number", WHOLE_KRONOR),
    _rule(r"^must be at most \d+ in size", "Beloppet är för stort."),
    _rule(r"date written YYYY-MM-DD", DATE_FORMAT),
    _rule(r"^must be true or false", "Välj ja eller nej."),
    _rule(r"^must be a finite number", WHOLE_KRONOR),
    _rule(r"^must be (?:text|a list|an object)", "Uppgiften har fel form."),
    _rule(r"has no variable", "Handlingen har inget sådant fält."),
    _rule(
        r"comes from the case file",
        "Uppgiften hämtas från akten och kan inte ändras här.",
    ),
]


def swedish(message: str) -> str | None:
    """The Swedish for a message of the domain, or None when it is not known here."""
    for pattern, render in RULES:
        found = pattern.search(message)
        if found:
            return render(found)
    return None


FALLBACK: dict[type[DomainError], str] = {
    NotFound: "Det du söker finns inte, eller hör till en enhet du inte arbetar i.",
    Forbidden: "Du har inte behörighet att göra detta.",
    Conflict: "Det gick inte att genomföra. Ärendet kan ha ändrats under tiden; ladda om sidan.",
    Invalid: "Uppgifterna kunde inte godtas. Kontrollera dem och försök igen.",
}


def refusal(exc: DomainError) -> str:
    """A domain error as a person reads it, in Swedish."""
    said = swedish(exc.message)
    if said:
        return said
    return next(
        (text for kind, text in FALLBACK.items() if isinstance(exc, kind)), FALLBACK[Invalid]
    )


STATUS: dict[type[DomainError], int] = {NotFound: 404, Forbidden: 403, Conflict: 409, Invalid: 422}


def status_of(exc: DomainError) -> int:
    return next((code for kind, code in STATUS.items() if isinstance(exc, kind)), 400)
