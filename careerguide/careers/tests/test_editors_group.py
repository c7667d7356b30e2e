from django.contrib.auth.models import Group


def test_editors_group_can_edit_but_not_delete_datasets_or_manage_users(db):
    codenames = set(Group.objects.get(name="Editors").permissions.values_list("codename", flat=True))
    assert {"add_school", "change_school", "change_career", "add_resource", "delete_faq"} <= codenames
    # Occupation data rows shown as inlines on the occupation page: editors may correct them.
    assert {"change_task", "change_technologyskill", "change_alternatetitle"} <= codenames
    assert "delete_school" not in codenames
    assert "delete_career" not in codenames
    assert "delete_occupation" not in codenames
    assert not {c for c in codenames if c.endswith(("_user", "_group", "_permission"))}


def test_editors_only_view_data_sources(db):
    codenames = set(Group.objects.get(name="Editors").permissions.values_list("codename", flat=True))
    assert "view_datasource" in codenames
    assert not {"add_datasource", "change_datasource", "delete_datasource"} & codenames


def test_the_suite_rebuilds_the_group_its_migrations_made(db):
    """After a test that commits for real, conftest puts the Editors group back: the same rights."""
    from conftest import rebuild_the_editors_group

    def rights():
        return set(
            Group.objects.get(name="Editors").permissions.values_list("content_type__app_label", "codename")
        )

    made_by_migrations = rights()
    Group.objects.filter(name="Editors").delete()
    rebuild_the_editors_group()
    assert rights() == made_by_migrations
