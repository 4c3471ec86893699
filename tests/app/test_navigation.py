"""The main menu (issue 11): the coordinator's long menu is grouped; short menus stay flat."""

from app.navigation import GROUP_FROM, nav_groups


def _items(*endpoints):
    return [{"endpoint": e, "label": e, "url": "/"} for e in endpoints]


def test_short_menus_stay_flat():
    items = _items("directory.index", "letters.index", "admin.users")
    assert nav_groups(items) == [(None, items)]


def test_long_menus_are_grouped_in_order():
    items = _items(
        "directory.index",
        "reviews.applications",
        "reviews.cycles",
        "monitoring.violations",
        "monitoring.visits",
        "appeals.cases",
        "appeals.deadlines",
        "letters.index",
        "admin.audit_log",
    )
    assert len(items) > GROUP_FROM
    groups = [(label, [i["endpoint"] for i in members]) for label, members in nav_groups(items)]
    assert groups == [
        (None, ["directory.index"]),
        ("Applications", ["reviews.applications", "reviews.cycles"]),
        ("Monitoring", ["monitoring.violations", "monitoring.visits"]),
        ("Removal and appeals", ["appeals.cases", "appeals.deadlines"]),
        ("Records", ["letters.index", "admin.audit_log"]),
    ]


def test_coordinator_menu_is_grouped_and_provider_menu_is_not(auth, client, make_user, make_org):
    make_user("coordinator", email="coord@example.gov")
    auth.login("coord@example.gov")
    nav = (
        client.get("/home").get_data(as_text=True).split('aria-label="Main"')[1].split("</nav>")[0]
    )
    assert nav.count("<details") == 5 and "<summary>Monitoring</summary>" in nav
    assert ">Audit log</a>" in nav
    auth.logout()
    make_user("provider", organization=make_org("Solo"), email="p@solo.example.org")
    auth.login("p@solo.example.org")
    nav = (
        client.get("/home").get_data(as_text=True).split('aria-label="Main"')[1].split("</nav>")[0]
    )
    assert "<details" not in nav and "Letters" in nav
