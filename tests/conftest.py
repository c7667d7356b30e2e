import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command


@pytest.fixture
def seed(db):
    """The reference career page and its schools and resources, as `loaddata seed` installs them."""
    call_command("loaddata", "seed", verbosity=0)


@pytest.fixture
def editor(db):
    user = User.objects.create_user("editor", "editor@example.com", "correct-horse-battery", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
