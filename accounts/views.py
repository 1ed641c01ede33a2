from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from .forms import ContactDetailsForm, ProfileForm
from .roles import workspace_url


@login_required
def landing(request):
    return redirect(workspace_url(request.user))


@login_required
def profile(request):
    form_class = ProfileForm if request.user.is_visitor else ContactDetailsForm
    form = form_class(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Profil Anda tersimpan."))
        next_url = request.POST.get("next") or request.GET.get("next")
        if next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()},
                                                        require_https=request.is_secure()):
            return redirect(next_url)
        return redirect("accounts:profile")
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "missing": request.user.missing_profile_fields()},
    )
