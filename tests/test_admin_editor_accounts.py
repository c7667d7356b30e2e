"""The editors' guide's recipe for an editor's account sets the password through Django's validators."""

import re

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

EDITORS_GUIDE = settings.BASE_DIR / "docs" / "editors.md"


def editors_recipe():
    """The shell snippet at the head of the editors' guide: (Python run by `shell -c`, user name
    passed to `changepassword`)."""
    section = EDITORS_GUIDE.read_text().split("# Editors\n", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    code = re.search(r'shell -c "\n(.*?)"\n', block, re.S).group(1)
    username = re.search(r"changepassword (\w+)", block).group(1)
    return code, username


@pytest.fixture
def typed(monkeypatch):
    """What the person at the prompt types, in order."""
    answers = []
    monkeypatch.setattr(
        "django.contrib.auth.management.commands.changepassword.getpass.getpass",
        lambda prompt: answers.pop(0),
    )
    return answers


def test_the_guides_editor_gets_no_password_until_one_passes_the_validators(db, typed):
    code, username = editors_recipe()
    assert "create_user(" in code and "password" not in code.split("create_user(")[1].split(")")[0]
    call_command("shell", command=code)
    jane = User.objects.get(username=username)
    assert jane.groups.filter(name="Editors").exists()
    assert not jane.has_usable_password()
    typed.extend(["short", "short", "password123", "password123", "12345678901", "12345678901"])
    with pytest.raises(CommandError, match="Aborting password change"):
        call_command("changepassword", username, stdout=None)
    jane.refresh_from_db()
    assert not jane.has_usable_password()
    typed.extend(["violet-harbour-lantern-1987", "violet-harbour-lantern-1987"])
    call_command("changepassword", username)
    jane.refresh_from_db()
    assert jane.check_password("violet-harbour-lantern-1987")
