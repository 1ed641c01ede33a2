"""What a consultation's request pages show: its conversation and the form to write in it."""
from requests_app import workflow
from requests_app.access import is_staff_of
from services.consultation import conversation as consultation
from services.consultation.forms import MessageForm
from services.consultation.rules import Action


def conversation_context(user, service_request):
    """The conversation of a consultation and its message form, for its page or its htmx partial."""
    staff = is_staff_of(user, service_request)
    return {
        "service_request": service_request,
        "office": service_request.office,
        "zone": service_request.office.zone,
        "conversation": consultation.conversation(service_request),
        "message_form": MessageForm(auto_id="message_%s"),
        # A visitor's reply also reopens a consultation closed for silence.
        "can_write": workflow.may(service_request, Action.MESSAGE, user)
        or workflow.may(service_request, Action.REOPEN, user),
        "is_staff_view": staff,
        "post_url": (service_request.get_staff_url() if staff else service_request.get_absolute_url())
        + "pesan/",
    }
