"""allauth.mfa's adapter (MFA_ADAPTER, loaded only when the second factor is on)."""
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator


class PortalMFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator):
        """Heads and administrators keep their one-time code: they may not switch it off."""
        required = authenticator.user.second_factor_required
        return not (required and authenticator.type == Authenticator.Type.TOTP)
