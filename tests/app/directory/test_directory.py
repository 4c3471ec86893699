"""The public directory: who is listed, every filter, paging, the provider and district pages."""

import re
from datetime import date


def _names(html):
    """Provider names listed in the results table, in order."""
    return re.findall(r'<th scope="row"><a href="/directory/providers/\d+">([^<]+)</a>', html)


def test_lists_only_approved_providers(directory_world, client):
    html = client.get("/directory/").get_data(as_text=True)
    assert _names(html) == ["Bright Tutors", "Messy Learning", "Online Math Co"]
    for state in ("Denied", "Removed", "Conditional", "Draft", "Submitted", "Expired"):
        assert f"{state} Org" not in html


def test_provider_listed_under_each_district_of_its_service_area(directory_world, client):
    sioux, rapid, pierre = directory_world["districts"]
    assert _names(client.get(f"/directory/?district={sioux.id}").get_data(as_text=True)) == [
        "Bright Tutors"
    ]
    assert _names(client.get(f"/directory/?district={rapid.id}").get_data(as_text=True)) == [
        "Bright Tutors",
        "Online Math Co",
    ]
    assert _names(client.get(f"/directory/?district={pierre.id}").get_data(as_text=True)) == [
        "Messy Learning"
    ]


def test_latest_approved_application_stands_for_the_organization(
    directory_world, client, make_application
):
    bright = directory_world["bright"]
    _, _, pierre = directory_world["districts"]
    make_application(
        "approved",
        organization=bright.organization,
        service_area=[pierre],
        program={"subjects_by_grade": {"math": ["9-12"]}},
        approved_on=date(2010, 7, 1),
        term_ends_on=date(2012, 6, 30),
    )
    html = client.get("/directory/").get_data(as_text=True)
    assert _names(html).count("Bright Tutors") == 1
    sioux = directory_world["districts"][0]
    assert "Bright Tutors" not in _names(
        client.get(f"/directory/?district={sioux.id}").get_data(as_text=True)
    )
    assert "Bright Tutors" in _names(
        client.get(f"/directory/?district={pierre.id}").get_data(as_text=True)
    )


def test_each_filter(directory_world, client):
    def names(query):
        return _names(client.get(f"/directory/?{query}").get_data(as_text=True))

    assert names("subject=reading") == ["Bright Tutors", "Messy Learning"]
    assert names("subject=math") == ["Bright Tutors", "Online Math Co"]
    assert names("grade_span=9-12") == ["Online Math Co"]
    assert names("grade_span=K-2") == ["Bright Tutors", "Messy Learning"]
    assert names("subject=math&grade_span=K-2") == []  # K-2 is reading only at Bright
    assert names("subject=reading&grade_span=3-5") == ["Bright Tutors"]
    assert names("mode=in_person") == ["Bright Tutors"]
    assert names("mode=online") == ["Messy Learning", "Online Math Co"]
    assert names("ell=y") == ["Bright Tutors", "Messy Learning"]  # Messy stored "yes"
    assert names("swd=y") == ["Online Math Co"]
    assert names("ell=y&swd=y") == []


def test_keyword_searches_name_description_and_program_description(directory_world, client):
    def names(q):
        return _names(client.get("/directory/", query_string={"q": q}).get_data(as_text=True))

    assert names("online math") == ["Online Math Co"]  # name
    assert names("ALGEBRA") == ["Online Math Co"]  # description, any case
    assert names("phonemic") == ["Bright Tutors"]  # program description
    assert names("phonemic algebra") == []  # every word must match
    assert names("   ") == ["Bright Tutors", "Messy Learning", "Online Math Co"]


def test_filters_keep_their_values(directory_world, client):
    sioux = directory_world["districts"][0]
    html = client.get(
        f"/directory/?district={sioux.id}&subject=reading&grade_span=K-2"
        "&mode=in_person&ell=y&swd=y&q=phonics+%3Cb%3E"
    ).get_data(as_text=True)
    assert re.search(
        rf'<option selected value="{sioux.id}">|<option value="{sioux.id}" selected', html
    )
    for value in ("reading", "K-2", "in_person"):
        assert re.search(rf'<option selected value="{value}">|value="{value}" selected', html)
    assert re.search(r'id="ell"[^>]*checked|checked[^>]*id="ell"', html)
    assert re.search(r'id="swd"[^>]*checked|checked[^>]*id="swd"', html)
    assert 'value="phonics &lt;b&gt;"' in html  # kept and escaped


def test_bad_filter_values_never_500(directory_world, client):
    for query in (
        "district=abc",
        "district=999999",
        "district=99999999999999999999",
        "subject=astrology",
        "grade_span=13",
        "mode=teleport",
        "q=" + "x" * 500,
        "page=abc",
        "page=-3",
        "page=99999999999999999999",
        "ell=maybe",
        "subject=%FF%FE",
        "q=%00",
    ):
        response = client.get(f"/directory/?{query}")
        assert response.status_code == 200, query
    html = client.get("/directory/?subject=astrology").get_data(as_text=True)
    assert "Not a valid choice" in html


def test_paging(app, client, make_org, make_application, make_district):
    district = make_district()
    for n in range(45):
        make_application(
            "approved",
            organization=make_org(f"Provider {n:02d}"),
            service_area=[district],
            program={"modes": ["online"]},
        )
    first = client.get("/directory/").get_data(as_text=True)
    assert _names(first) == [f"Provider {n:02d}" for n in range(20)]
    assert "45 providers" in first and "Page 1 of 3" in first
    third = client.get("/directory/?mode=online&page=3").get_data(as_text=True)
    assert _names(third) == [f"Provider {n:02d}" for n in range(40, 45)]
    assert 'href="/directory/?mode=online&amp;page=2"' in third  # paging keeps the filters
    assert _names(client.get("/directory/?page=99").get_data(as_text=True)) == _names(third)


def test_provider_page_shows_service_summary_and_program_description(directory_world, client):
    org_id = directory_world["bright"].organization_id
    html = client.get(f"/directory/providers/{org_id}").get_data(as_text=True)
    for text in (
        "Bright Tutors",
        "Ann Lee",
        "605-555-0100",
        "ann@bright.example",
        "Rapid City 51-4; Sioux Falls 49-5",
        "At school, In the home",
        "In person",
        "Parents provide transportation",
        "Certified teachers",
        "$38.00",
        "Reading (K-2, 3-5); Math (3-5)",
        "Small group",
        "Monthly written report",
        "English learners; Languages: Spanish",
        "July 1, 2009",
        "June 30, 2011",
        "<p>Our reading model uses phonemic awareness drills.</p>",
        "<p>Each student has a learning plan.</p>",
    ):
        assert text in html, text


def test_messy_program_shows_blanks_not_errors(directory_world, client):
    org_id = directory_world["messy"].organization_id
    html = client.get(f"/directory/providers/{org_id}").get_data(as_text=True)
    assert "Messy Learning" in html and "Reading (K-2)" in html
    assert "Community site" in html
    assert "lots" not in html and "four" not in html and "1e999999" not in html


def test_district_page_for_the_parent_letter(directory_world, client):
    _, rapid, _ = directory_world["districts"]
    html = client.get(f"/directory/districts/{rapid.id}").get_data(as_text=True)
    assert "State-approved SES providers serving Rapid City 51-4" in html
    assert "as of" in html
    entries = re.findall(r'<article class="provider-entry">\s*<h3>([^<]+)</h3>', html)
    assert entries == ["Bright Tutors", "Online Math Co"]
    for text in (
        "Ann Lee",
        "605-555-0100",
        "Reading (K-2, 3-5); Math (3-5)",
        "At school, In the home (in person)",
        "800-555-0199",
        "Math (6-8, 9-12)",
        "<dd>Online</dd>",
    ):
        assert text in html, text
    assert "Online (online)" not in html
    paste = html[html.index('<textarea id="paste-text"') : html.index("</textarea>")]
    assert "Bright Tutors" in paste and "Online Math Co" in paste
    assert "Denied Org" not in html


def test_district_page_without_providers(directory_world, client, make_district):
    empty = make_district("Lemmon", "52-4")
    html = client.get(f"/directory/districts/{empty.id}").get_data(as_text=True)
    assert "No approved provider serves this district" in html


def test_districts_index_counts_providers(directory_world, client):
    html = client.get("/directory/districts").get_data(as_text=True)
    rows = re.findall(
        r'<a href="/directory/districts/\d+">([^<]+)</a></th>\s*<td>[^<]*</td>'
        r"<td>(\d+)</td>",
        html,
    )
    assert rows == [("Pierre", "1"), ("Rapid City", "2"), ("Sioux Falls", "1")]


def test_the_filter_form_writes_what_wtforms_wrote_with_the_chosen_option_marked(app):
    """The kept markup (app/directory/forms.py): each label as WTForms' Label writes it, and
    the chosen option marked once, an escaped value included."""
    from flask import request
    from wtforms import Label

    from app.directory.forms import LABELS, DirectoryFilterForm, filter_options

    with app.test_request_context("/directory/?subject=Writer%27s+%3Cb%3E&district=5"):
        options = filter_options(
            subjects=["reading", "Writer's <b>"], districts=[(5, "P"), (50, "R")]
        )
        form = DirectoryFilterForm(formdata=request.args, options=options)
        assert form.validate()
        for name, text in LABELS.items():
            assert str(form[name].label) == Label(name, text)()
        subject, district = str(form.subject()), str(form.district())
    assert subject.count(" selected") == 1
    assert (
        '<option value="Writer&#39;s &lt;b&gt;" selected>Writer&#39;s &lt;b&gt;</option>' in subject
    )
    assert district.count(" selected") == 1 and '<option value="5" selected>P</option>' in district


def test_a_subject_typed_by_a_provider_is_escaped_in_the_drop_down(
    client, make_district, make_org, make_application
):
    """A subject no pack names is labelled with the provider's own text: written as text
    (a lazy label would otherwise pass as markup)."""
    make_application(
        "approved",
        organization=make_org("Odd Subjects"),
        service_area=[make_district("Pierre", "32-2")],
        program={"subjects_by_grade": {"<i>art</i>": ["K-2"]}},
    )
    html = client.get("/directory/").text
    assert "<i>art</i>" not in html
    assert '<option value="&lt;i&gt;art&lt;/i&gt;">&lt;i&gt;art&lt;/i&gt;</option>' in html
