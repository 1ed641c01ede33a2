"""A deployment without the second factor is refused by ``manage.py check --deploy``."""
from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def second_factor_available(app_configs, **kwargs):
    if getattr(settings, "MFA_AVAILABLE", False):
        return []
    return [checks.Error(
        "allauth.mfa is off because fido2 is not installed: heads and administrators would sign in "
        "without their one-time code.",
        hint='Install the dependencies of pyproject.toml ("django-allauth[mfa]").',
        id="accounts.E001",
    )]
