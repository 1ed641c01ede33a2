from allauth.account.adapter import DefaultAccountAdapter

from .roles import workspace_url


class PortalAccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        return workspace_url(request.user)
