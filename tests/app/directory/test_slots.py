"""The slots calculator: SES amount / per-pupil cap, rounded down (000 "Initial steps" 2:
$37,000 / $1,200 -> about 31 in the text, 30 whole students; 001 "Determine how many students
can be served": $85,000 / $1,200 = 70.8 -> 70)."""

import pytest


@pytest.mark.parametrize(
    "amount, per_pupil, slots",
    [
        ("37000", "1200", 30),
        ("$37,000", "$1,200", 30),
        ("85000", "1200", 70),
        ("85,000.00", "1,200.00", 70),
        ("1199.99", "1200", 0),
        ("2400", "1200", 2),
    ],
)
def test_examples(app, client, amount, per_pupil, slots):
    html = client.get(
        "/directory/slots", query_string={"amount": amount, "per_pupil": per_pupil}
    ).get_data(as_text=True)
    assert f"<h2>{slots} student" in html
    assert f'value="{amount}"' in html


def test_page_offers_the_document_examples(app, client):
    html = client.get("/directory/slots").get_data(as_text=True)
    assert "/directory/slots?amount=37,000&amp;per_pupil=1,200" in html
    assert "/directory/slots?amount=85,000&amp;per_pupil=1,200" in html
    assert 'class="panel narrow result"' not in html  # no result before a calculation
    assert "Not a valid" not in html and "Enter the" not in html  # and no error either


@pytest.mark.parametrize(
    "amount, per_pupil, message",
    [
        ("", "1200", "Enter the amount set aside for SES."),
        ("37000", "", "Enter the per-pupil amount."),
        ("abc", "1200", "Enter an amount in dollars"),
        ("37000", "0", "The per-pupil amount must be more than $0."),
        ("-5", "1200", "The amount cannot be negative."),
        ("1e999999", "1200", "The amount is too large"),
        ("99999999999999999999999999", "1", "The amount is too large"),
        ("NaN", "1200", "Enter an amount in dollars"),
        ("Infinity", "1200", "Enter an amount in dollars"),
        ("37000", "0.001", "at most two decimal places"),
    ],
)
def test_bad_input_gives_a_message(app, client, amount, per_pupil, message):
    response = client.get(
        "/directory/slots", query_string={"amount": amount, "per_pupil": per_pupil}
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert message in html
    assert 'class="panel narrow result"' not in html
