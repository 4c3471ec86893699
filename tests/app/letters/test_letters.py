"""Letters portal: lists per role, reading, portal receipt, PDF, certified mail, resend."""

from datetime import date

from app.audit import history
from app.extensions import db
from app.models import Letter
from tests.app.letters.pdftext import pdf_text


def _reload(letter):
    db.session.expire_all()
    return db.session.get(Letter, letter.id)


def test_provider_lists_only_its_organizations_letters(world, auth, client):
    auth.login("provider@example.gov")
    page = client.get("/letters/").get_data(as_text=True)
    assert "Own approval" in page and "Notice of removal" in page
    assert "Other approval" not in page
    assert "District notice of removal" not in page  # the districts' copies are theirs


def test_district_user_lists_only_its_districts_letters(world, auth, client):
    auth.login("district@example.gov")
    page = client.get("/letters/").get_data(as_text=True)
    assert "District notice of removal (Sioux Falls)" in page
    assert "Rapid City" not in page and "Own approval" not in page


def test_coordinator_lists_all_and_filters(world, auth, client):
    auth.login("coordinator@example.gov")
    own, other = world["orgs"]
    sioux, _ = world["districts"]
    page = client.get("/letters/").get_data(as_text=True)
    for subject in (
        "Own approval",
        "Other approval",
        "Notice of removal",
        "(Sioux Falls)",
        "(Rapid City)",
    ):
        assert subject in page
    by_kind = client.get("/letters/?kind=removal_notice").get_data(as_text=True)
    assert "Notice of removal" in by_kind and "Own approval" not in by_kind
    by_org = client.get(f"/letters/?organization_id={other.id}").get_data(as_text=True)
    assert "Other approval" in by_org and "Own approval" not in by_org
    by_district = client.get(f"/letters/?district_id={sioux.id}").get_data(as_text=True)
    assert "(Sioux Falls)" in by_district and "(Rapid City)" not in by_district
    by_date = client.get("/letters/?sent_from=2009-07-02&sent_to=2009-07-31").get_data(as_text=True)
    assert "Other approval" in by_date and "Own approval" not in by_date
    assert "Notice of removal" not in by_date


def test_coordinator_filters_by_receipt(world, auth, client):
    auth.login("coordinator@example.gov")
    letter = world["letters"]["own_removal"]
    letter.certified_mail_received_on = date(2009, 8, 4)
    db.session.commit()
    received = client.get("/letters/?receipt=received").get_data(as_text=True)
    assert "Notice of removal" in received and "Own approval" not in received
    waiting = client.get("/letters/?receipt=not_received").get_data(as_text=True)
    assert "Notice of removal" not in waiting and "Own approval" in waiting


def test_bad_filters_are_reported_not_500(world, auth, client):
    auth.login("coordinator@example.gov")
    for query in (
        "kind=nonsense",
        "organization_id=abc",
        "district_id=999999",
        "sent_from=2009-02-30",
        "sent_from=2009-08-01&sent_to=2009-07-01",
        "page=abc",
        "page=-5",
        "page=99999999999999999999",
    ):
        response = client.get(f"/letters/?{query}")
        assert response.status_code == 200, query
    page = client.get("/letters/?sent_from=2009-08-01&sent_to=2009-07-01").get_data(as_text=True)
    assert "The end date is before the start date." in page
    assert 'value="2009-08-01"' in page  # the typed value is kept


def test_reader_sees_stored_letter_with_dates(world, auth, client):
    auth.login("provider@example.gov")
    letter = world["letters"]["own"]
    page = client.get(f"/letters/{letter.id}").get_data(as_text=True)
    assert "Own body" in page and "South Dakota Department of Education" in page
    assert "July 1, 2009" in page  # sent on
    assert "Not e-mailed" in page  # no SMTP in tests: logged only


def test_first_opening_by_provider_sets_opened_on_once(world, auth, client, app):
    letter = world["letters"]["own_removal"]
    auth.login("provider@example.gov")
    client.get(f"/letters/{letter.id}")
    assert _reload(letter).opened_on == date(2009, 8, 5)
    app.config["FIXED_TODAY"] = "2009-08-10"
    page = client.get(f"/letters/{letter.id}").get_data(as_text=True)
    letter = _reload(letter)
    assert letter.opened_on == date(2009, 8, 5) and letter.received_on == date(2009, 8, 5)
    assert "August 5, 2009" in page
    events = [e.event for e in history(letter)]
    assert events.count("opened_in_portal") == 1
    assert history(letter)[-1].actor.email == "provider@example.gov"


def test_coordinator_or_district_opening_is_not_a_receipt(world, auth, client):
    letters = world["letters"]
    auth.login("coordinator@example.gov")
    client.get(f"/letters/{letters['own_removal'].id}")
    client.get(f"/letters/{letters['own_removal'].id}/pdf")
    auth.logout()
    auth.login("district@example.gov")
    client.get(f"/letters/{letters['sioux_copy'].id}")
    assert _reload(letters["own_removal"]).opened_on is None
    assert _reload(letters["sioux_copy"]).opened_on is None


def test_provider_refused_another_organizations_letter_records_nothing(world, auth, client):
    auth.login("provider@example.gov")
    other = world["letters"]["other"]
    assert client.get(f"/letters/{other.id}").status_code == 403
    assert client.get(f"/letters/{other.id}/pdf").status_code == 403
    assert _reload(other).opened_on is None


def test_pdf_is_the_stored_letter(world, auth, client):
    auth.login("provider@example.gov")
    letter = world["letters"]["own_removal"]
    response = client.get(f"/letters/{letter.id}/pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert f"letter-{letter.id}-2009-08-03.pdf" in response.headers["Content-Disposition"]
    pdf = response.data
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    text = pdf_text(pdf)
    assert "South Dakota Department of Education" in text and "Beth Schiltz" in text
    assert "Notice of removal" in text and "SES State Coordinator" in text
    assert _reload(letter).opened_on == date(2009, 8, 5)  # the download is an opening


def test_certified_mail_receipt_recorded_and_audited(world, auth, client):
    auth.login("coordinator@example.gov")
    letter = world["letters"]["own_removal"]
    response = auth.post(
        f"/letters/{letter.id}/certified-mail",
        {"received_on": "2009-08-04"},
        token_from=f"/letters/{letter.id}",
    )
    assert response.status_code == 302
    letter = _reload(letter)
    assert letter.certified_mail_received_on == date(2009, 8, 4)
    assert letter.received_on == date(2009, 8, 4)
    entry = history(letter)[-1]
    assert (entry.event, entry.to_state) == ("certified_mail_received", "2009-08-04")
    assert entry.actor.email == "coordinator@example.gov"
    # A correction keeps the earlier date in the audit log.
    auth.post(
        f"/letters/{letter.id}/certified-mail",
        {"received_on": "2009-08-05"},
        token_from=f"/letters/{letter.id}",
    )
    entry = history(_reload(letter))[-1]
    assert (entry.event, entry.from_state, entry.to_state) == (
        "certified_mail_receipt_corrected",
        "2009-08-04",
        "2009-08-05",
    )


def test_receipt_is_the_earlier_of_opening_and_certified_mail(world, auth, client):
    letter = world["letters"]["own_removal"]
    auth.login("provider@example.gov")
    client.get(f"/letters/{letter.id}")  # opened 2009-08-05
    auth.logout()
    auth.login("coordinator@example.gov")
    auth.post(
        f"/letters/{letter.id}/certified-mail",
        {"received_on": "2009-08-04"},
        token_from=f"/letters/{letter.id}",
    )
    assert _reload(letter).received_on == date(2009, 8, 4)


def test_certified_mail_refusals_keep_the_typed_value(world, auth, client):
    auth.login("coordinator@example.gov")
    letter = world["letters"]["own_removal"]  # sent 2009-08-03, today 2009-08-05
    cases = {
        "2009-08-02": "cannot be before the letter was sent (August 3, 2009)",
        "2009-08-06": "cannot be in the future (today is August 5, 2009)",
        "": "Enter the date on the return receipt",
        "2009-02-30": "Not a valid date value",
        "yesterday": "Not a valid date value",
    }
    for typed, message in cases.items():
        response = auth.post(
            f"/letters/{letter.id}/certified-mail",
            {"received_on": typed},
            token_from=f"/letters/{letter.id}",
        )
        page = response.get_data(as_text=True)
        assert response.status_code == 422, typed
        assert message in page, typed
        if typed:
            assert f'value="{typed}"' in page, typed
    assert _reload(letter).certified_mail_received_on is None
    assert not [e for e in history(letter) if e.event.startswith("certified")]


def test_only_the_coordinator_records_receipt_or_resends(world, auth, client):
    letter = world["letters"]["own"]
    for email in ("provider@example.gov", "district@example.gov", "reviewer@example.gov"):
        auth.login(email)
        assert (
            auth.post(
                f"/letters/{letter.id}/certified-mail",
                {"received_on": "2009-07-02"},
                token_from="/home",
            ).status_code
            == 403
        )
        assert auth.post(f"/letters/{letter.id}/resend", token_from="/home").status_code == 403
        auth.logout()
    assert _reload(letter).certified_mail_received_on is None


def test_forms_need_csrf(world, auth, client):
    auth.login("coordinator@example.gov")
    letter = world["letters"]["own"]
    assert client.post(
        f"/letters/{letter.id}/certified-mail", data={"received_on": "2009-07-02"}
    ).status_code in (400, 422)
    assert client.post(f"/letters/{letter.id}/resend").status_code == 400
    assert _reload(letter).certified_mail_received_on is None


def test_letters_are_never_edited_or_deleted(app, world, auth, client):
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("letters."):
            assert not rule.methods & {"PUT", "PATCH", "DELETE"}, rule
    auth.login("coordinator@example.gov")
    letter = world["letters"]["own"]
    assert client.post(f"/letters/{letter.id}").status_code == 405
    assert client.delete(f"/letters/{letter.id}").status_code == 405


def test_coordinator_prints_every_letter_of_one_kind_in_one_pdf(world, auth, client):
    auth.login("coordinator@example.gov")
    response = client.get("/letters/print.pdf?kind=district_removal_notice")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "letters-district_removal_notice-2.pdf" in response.headers["Content-Disposition"]
    text = pdf_text(response.data)
    assert "(Sioux Falls)" in text and "(Rapid City)" in text  # both copies, one document
    assert "Own approval" not in text
    for letter_id in (world["letters"]["sioux_copy"].id, world["letters"]["rapid_copy"].id):
        assert f"Letter {letter_id}" in text
    assert _reload(world["letters"]["sioux_copy"]).opened_on is None  # printing is no receipt


def test_batch_print_needs_one_kind_and_matching_letters(world, auth, client):
    auth.login("coordinator@example.gov")
    no_kind = client.get("/letters/print.pdf")
    assert no_kind.status_code == 422
    assert "Choose one kind of letter" in no_kind.get_data(as_text=True)
    none = client.get("/letters/print.pdf?kind=removal_notice&sent_from=2010-01-01")
    assert none.status_code == 422 and "No letters match" in none.get_data(as_text=True)
    for role in ("provider", "district", "reviewer", "committee"):
        auth.logout()
        auth.login(f"{role}@example.gov")
        assert client.get("/letters/print.pdf?kind=removal_notice").status_code == 403, role


def test_coordinator_filters_by_organization_name(world, auth, client):
    """The organization filter is a typed name with suggestions from SQL, not a drop-down of
    every organization; a link's ?organization_id= fills in the name."""
    auth.login("coordinator@example.gov")
    own, other = world["orgs"]
    by_name = client.get("/letters/", query_string={"organization": other.name.upper()}).text
    assert "Other approval" in by_name and "Own approval" not in by_name
    assert f'<option value="{other.name}">' in by_name
    linked = client.get(f"/letters/?organization_id={other.id}").text
    assert f'value="{other.name}"' in linked and "Own approval" not in linked
    unknown = client.get("/letters/", query_string={"organization": "No Such Provider"}).text
    assert "No organization has this name." in unknown and "Own approval" in unknown
    gone = client.get("/letters/?organization_id=999999").text
    assert "Not a valid choice." in gone and "Own approval" in gone
