"""What every letter carries (issue 11): the state's letterhead and signer from the pack's
`[letterhead]` (SD: 004's cover page and "Application Process and Timeline"), overridable by
SES_LETTERHEAD; dates in words, never ISO; the districts copied; the delivery method; and on
the notice of removal the appeal due date once receipt is known (002 "Appeal": ten working days
after receipt), in the portal page and the PDF alike."""

import re
from datetime import date

from app.extensions import db
from app.letters.operations.service import issue_letter
from app.models import Letter
from tests.app.letters.pdftext import pdf_text

ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def test_removal_notice_letterhead_signer_copies_and_delivery(world, flow):
    flow.remove()
    body = flow.removal_notice().body_html
    assert "<strong>South Dakota Department of Education</strong>" in body
    assert "Office of Educational Services &amp; Support" in body
    assert "700 Governors Drive<br>Pierre, SD 57501-2291" in body
    assert "Phone (605) 773-4716" in body
    assert "Beth Schiltz<br>SES State Coordinator<br>South Dakota Department of Education" in body
    assert "cc: Rapid City 51-4, Sioux Falls 49-5 (SES district coordinators)" in body
    assert "Sent by certified mail and through the SES portal" in body
    assert "State Department of Education</strong>" not in body.replace("Dakota Department", "")
    assert "June 30, 2009" in body and not ISO_DATE.search(body)


def test_district_copy_and_ordinary_letters_have_no_cc_and_go_by_portal(world, flow):
    flow.remove()
    district_notice = db.session.scalar(
        db.select(Letter)
        .where(Letter.kind == "district_removal_notice")
        .order_by(Letter.id)
        .limit(1)
    )
    assert "cc:" not in district_notice.body_html
    assert "Sent through the SES portal" in district_notice.body_html
    assert "certified mail and" not in district_notice.body_html


def test_appeal_due_date_shown_once_receipt_is_known(world, flow, client, as_user):
    flow.remove()
    notice = flow.removal_notice()
    flow.at("2009-07-01")
    as_user(world.users.coordinator)
    page = client.get(f"/letters/{notice.id}").get_data(as_text=True)
    assert "Not started: receipt not recorded yet" in page
    flow.certified_mail("2009-07-02")  # ten working days after: Friday July 17
    as_user(world.users.provider)
    page = client.get(f"/letters/{notice.id}").get_data(as_text=True)
    assert "<dt>Appeal due</dt><dd><strong>July 17, 2009</strong> (received July 2, 2009)" in page
    text = pdf_text(client.get(f"/letters/{notice.id}/pdf").data)
    assert "Appeal due: July 17, 2009" in text and "Beth Schiltz" in text


def test_each_state_letterhead_and_configured_override(app, make_application, make_cycle, make_org):
    org = make_org("Carolina Tutors")
    nc = make_application("approved", organization=org, cycle=make_cycle("nc-2009"))
    ma = make_application("approved", organization=org, cycle=make_cycle("ma-2011"))
    context = {"reason": "term_ended", "years": []}

    def letter(application):
        return issue_letter(
            "expiry_notice",
            subject="Expired",
            today=date(2011, 7, 1),
            organization=org,
            application=application,
            context=context,
        ).body_html

    assert "Massachusetts Department of Elementary and Secondary Education" in letter(ma)
    assert "75 Pleasant Street<br>Malden, MA 02148-4906" in letter(ma)
    assert "State SES Coordinator<br>Massachusetts" in letter(ma)
    plain_nc = letter(nc)
    assert "<strong>North Carolina Department of Public Instruction</strong>" in plain_nc
    assert "July 1, 2011" in plain_nc and not ISO_DATE.search(plain_nc)
    app.config["SES_LETTERHEAD"] = {
        "NC": {
            "signer_name": "Pat Example",
            "address": "1 Example Way\nRaleigh, NC 27601",
            "phone": "(919) 555-0100",
        }
    }
    configured = letter(nc)
    assert "Pat Example<br>SES State Coordinator<br>North Carolina" in configured
    assert "1 Example Way<br>Raleigh, NC 27601<br>Phone (919) 555-0100" in configured
    assert "Pat Example" not in letter(ma)  # another state's override does not leak
