"""A letter as PDF: the stored HTML, exactly as issued, laid out by WeasyPrint with letter.css."""

from pathlib import Path

from flask import current_app, render_template

from app.letters.operations.letterhead import appeal_due

LETTER_CSS = Path(__file__).resolve().parents[2] / "static" / "css" / "letter.css"


def letter_pdf(letter):
    """The PDF bytes of `letter`: its stored HTML (never re-rendered from today's templates, so
    the PDF says what was sent) in a printable page with the letter stylesheet."""
    from weasyprint import CSS, HTML  # imported late: loading Pango is slow and only PDFs need it

    document = render_template("letters/pdf.html", letter=letter, appeal_due=appeal_due(letter))
    return HTML(string=document, base_url=current_app.root_path).write_pdf(
        stylesheets=[CSS(filename=str(LETTER_CSS))]
    )


# The most letters one batch PDF lays out in a request (a few seconds of WeasyPrint); a larger
# batch is refused with the advice to narrow the filters.
BATCH_LIMIT = 100


def letters_batch_pdf(letters):
    """One printable PDF of `letters` (each starting on a new page), for the certified-mail run:
    each letter's stored HTML as issued, as `letter_pdf` lays it out alone."""
    from weasyprint import CSS, HTML

    document = render_template(
        "letters/batch_pdf.html", letters=[(letter, appeal_due(letter)) for letter in letters]
    )
    return HTML(string=document, base_url=current_app.root_path).write_pdf(
        stylesheets=[CSS(filename=str(LETTER_CSS))]
    )


def pdf_filename(letter):
    """'letter-12-2009-07-01.pdf': the letter's number and sent date."""
    return f"letter-{letter.id}-{letter.sent_on.isoformat()}.pdf"
