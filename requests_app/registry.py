"""Where a service type plugs into the one workflow.

Each service app (``services.consultation``, ``services.product_sales``, ``services.recommendation``,
and any later one) subclasses ``ServiceType`` and registers an instance in its ``AppConfig.ready()``:

- ``slug``: the catalogue's ``ServiceKind.slug`` it serves;
- ``rules``: its own actions, as ``workflow.Rule``s, with ``event_labels`` for its timeline lines and
  ``visitor_messages`` / ``staff_messages`` for its emails (the core's own actions may be worded
  differently through the same dicts);
- ``refusal``: its guards ("may this person do this now?"), on its own rules and the core's;
- ``step``: its one step hook, called by ``workflow.perform`` inside the transaction, the only place
  a step writes the service's own data;
- ``start_filing`` / ``check_page``: its filing entry point and its check-your-answers page;
- ``visitor_panels`` / ``staff_panels`` with ``visitor_context`` / ``staff_context``: what the
  request pages show for it (templates and their context), beside what the core shows.

The core (``requests_app``) never imports a service app: it asks ``service_for(request)``.
"""
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

RETURNED = "returned"  # requests_app.models.Status.RETURNED (not imported: models import this module)


@dataclass(frozen=True)
class DeskLink:
    """A button of the staff workspace to a page of a service's own."""

    label: object
    url_name: str
    style: str = "outline-primary"

    @property
    def url(self):
        return reverse(self.url_name)


class ServiceType:
    """A service with no rules of its own: the core's generic request (form, documents, steps)."""

    slug = ""
    rules = ()
    event_labels = {}
    visitor_messages = {}  # action -> what the visitor is told by email
    staff_messages = {}  # action -> (roles, intro) of the email to the office's staff
    hints = {}  # action -> one line beside its button on the staff page, where it differs
    needs_head_approval = False
    # Core state actions this service takes through a panel of its own (they carry content the plain
    # buttons of the staff page cannot): the page does not offer them as buttons, nor accepts them.
    panel_actions = frozenset()
    # Templates the request pages include for this service, by place: "main" (below the summary),
    # "requirements" (instead of the core's requirement list), "after_answer" (below the answer form).
    visitor_panels = {}
    staff_panels = {}
    # Pages of the service's own in the staff workspace (the walk-in desk, articles): DeskLink rows.
    desk_links = ()
    # Whether an officer records this service's requests that arrived by WhatsApp, LiveChat, email or
    # phone with the core's one form (requests_app.remote); a service with forms of its own says False.
    records_remote = False
    # The letter its walk-in queue tickets carry before their number (K-007); "" for none of its own.
    ticket_prefix = ""
    # The URL name of its walk-in form for an officer at the desk (None: it has none); the desk opens it
    # with ``?tiket=<ticket id>`` and the form announces the request it made (requests_app.signals).
    walk_in_url = None
    shown_in_panels = ()  # actions its panels show, not repeated on the timeline (a conversation's messages)

    def __init__(self):
        self.rules_by_action = {rule.action: rule for rule in self.rules}

    def rule(self, action):
        return self.rules_by_action.get(action)

    def hint(self, rule):
        return self.hints.get(rule.action, rule.hint)

    def event_label(self, action):
        return self.event_labels.get(action)

    def filing_refusal(self, visitor):
        """A message when this visitor may not file this service at all, else None."""
        return None

    def refusal(self, request, rule, actor, note=""):
        """A message when this service forbids ``rule`` now, else None."""
        if rule.action == "submit" and request.visitor_id:
            return self.filing_refusal(request.visitor)
        if rule.action == "close_inactive" and request.status != RETURNED:
            return _("Hanya permintaan yang menunggu perbaikan yang ditutup karena tidak ada tanggapan.")
        return None

    def clock(self, rule):
        """What ``rule`` does to the clock for this service (the rule's own setting by default)."""
        return rule.clock

    def step(self, request, event, data):
        """The service's data for ``event`` (``data``: what the step carried), written inside
        ``perform``'s transaction: the only place a step writes the service's own data."""

    def filing_elsewhere(self, request, standard):
        """A redirect when this service is filed from pages of its own (before eligibility), else None."""
        return None

    def start_filing(self, request, standard):
        """The response that starts filing this service, or None for the core's request form."""
        return None

    def request_form_class(self):
        """The core's request form, or the service's subclass of it (more fields)."""
        return None

    def request_form_initial(self, draft):
        """What the service's extra fields of a draft held."""
        return {}

    def save_request_details(self, draft, data):
        """Store the service's extra fields of the request form."""

    def check_page(self, request, draft):
        """The service's own check-your-answers page, or None for the core's."""
        return None

    def edit_url(self, draft):
        """Where the visitor goes back to edit a draft (None: the core's check page)."""
        return None

    def answer_return(self, request, actor, data, language=None):
        """Send the visitor's answer to a return: None lets the core send note and files."""
        return None

    def answer_initial(self, service_request):
        """Initial values of the service's own fields of the answer form."""
        return {}

    def answer_form_class(self, service_request):
        """The form the visitor answers a return with (None: the core's)."""
        return None

    # Emails
    mutual_actions = ()  # taken by either side (a message): only the other side is told
    system_messages = {}  # action the system writes -> function(event) giving its email (or None)
    reminder_templates = {}  # Reminder.Kind -> the template base of its email, where not the core's
    reminder_kinds = ()  # its own kinds of reminder: (value, label) choices beside the core's
    visitor_reminder_kinds = ()  # those of its own reminders that go to the visitor
    note_texts = {}  # kind of note -> function(params) giving the line in the current language

    def waiting_for(self, service_request):
        """What the visitor's reminder says they are asked for, when not a returned request's answer."""
        return ""

    def waiting_on_visitor(self, now, earliest):
        """(request, waiting since) of its requests that wait on their visitor since ``earliest`` or
        before, for a reason of the service's own (the core finds the returned and unpaid ones)."""
        return ()

    def note_heading(self, event):
        """What the email calls the event's note, where not "Catatan" (a conversation's message)."""
        return ""

    def visitor_message_values(self, event):
        """Values the service's visitor message of ``event`` is filled with (``%(name)s``)."""
        return {}

    def email_details(self, event, for_staff):
        """(text, attachments) the service adds to the email about ``event`` (e.g. a meeting)."""
        return "", []

    def page_context(self, user, service_request):
        """What both sides' request pages show for this service."""
        return {}

    def visitor_context(self, request, service_request, forms):
        """The visitor page's panels' context; ``forms`` holds bound forms to show again."""
        return {}

    def staff_context(self, request, service_request, forms):
        """The staff page's panels' context; ``forms`` holds bound forms to show again."""
        return {}

    def answer_target(self, service_request):
        """Where a returned request is answered: (button, target) when not the core's answer form."""
        return None

    def visitor_task(self, service_request):
        """The visitor's next step the service asks for (a ``pages.VisitorTask``), or None."""
        return None

    def your_turn(self):
        """A ``Q`` on requests that wait on their visitor for this service's reason, or None."""
        return None

    # Relations the office's lists read for this service (select_related), and the title the head's
    # approval list gives a request (e.g. its letter's subject).
    # Statuses of the service's own beyond the core's ((value, label) pairs; e.g. an order awaiting its
    # payment), which of them are open, and which wait on the visitor with the clock paused.
    statuses = ()
    open_statuses = ()
    waiting_statuses = ()

    @property
    def statuses_values(self):
        return tuple(value for value, _label in self.statuses)

    def pause_reason(self, service_request):
        """Why the clock waits on the visitor, in words for them, when the service knows (else None)."""
        return None

    queue_related = ()
    approval_related = ()
    # Relations its ``refusal`` and ``step`` read (select_related when many system events are written
    # at once: ``workflow.perform_system_many``).
    step_related = ()
    queue_search = ()  # lookups the queue's search also matches (``icontains``): a walk-in guest's name

    def approval_title(self, service_request):
        return ""

    def create_demo(self):
        """The service's demo requests for a development portal (``make run``), created once."""
        return []

    def walk_in_guest(self, service_request):
        """The guest (name, institution, contact) a walk-in request without an account was for."""
        return None


_registry = {}  # service slug -> its ServiceType, filled by each service app's ready()
_generic = ServiceType()
_workspace_links = []  # DeskLink rows of apps that are not a service (the walk-in desk), from their ready()
_workspace_panels = []  # (template, context function) of apps that are not a service, from their ready()
_text_helpers = []  # (template, context function) shown beside a text staff write, from apps' ready()


def register(service_type):
    if service_type.slug in _registry:
        raise ValueError(f"Service {service_type.slug!r} is registered twice.")
    _registry[service_type.slug] = service_type


def service_for(request):
    return service_for_slug(request.service_kind.slug)


def service_for_slug(slug):
    return _registry.get(slug, _generic)


def service_types():
    return list(_registry.values())


def remote_service_slugs():
    """The services whose requests an officer records from another channel (``records_remote``)."""
    return [service.slug for service in service_types() if service.records_remote]


def queue_related():
    return sorted({name for service in service_types() for name in service.queue_related})


def step_related():
    return sorted({name for service in service_types() for name in service.step_related})


def queue_search_lookups():
    return sorted({lookup for service in service_types() for lookup in service.queue_search})


def approval_related():
    return sorted({name for service in service_types() for name in service.approval_related})


def register_workspace_link(link):
    """A button of the staff workspace to an app's page that serves every service (the walk-in desk)."""
    if link not in _workspace_links:
        _workspace_links.append(link)


def desk_links():
    """Every service's desk links and the other apps' workspace links, the main ones (outline-primary)
    first."""
    links = [link for service in service_types() for link in service.desk_links] + list(_workspace_links)
    return sorted(links, key=lambda link: link.style != "outline-primary")


def register_workspace_panel(template, context_fn):
    """A panel of the officer's and head's workspace from an app that serves every service (the walk-in
    desk's figures): ``context_fn(user)`` gives the context ``template`` is rendered with."""
    if (template, context_fn) not in _workspace_panels:
        _workspace_panels.append((template, context_fn))


def workspace_panels(user):
    """(template, context) of every registered workspace panel, for ``user``'s workspace."""
    return [(template, context_fn(user)) for template, context_fn in _workspace_panels]


def register_text_helper(template, context_fn):
    """Something an app offers beside a text box that staff write in (a return note, a message, an
    answer), such as reply templates: ``context_fn(user, textarea_id, subject)`` gives the context
    ``template`` is rendered with, or None to show nothing; ``subject`` is what the text is about (a
    request, or another app's object with an office and a code)."""
    if (template, context_fn) not in _text_helpers:
        _text_helpers.append((template, context_fn))


def text_helpers(user, textarea_id, subject):
    """(template, context) of every registered text helper that has something for ``user`` here."""
    found = []
    for template, context_fn in _text_helpers:
        context = context_fn(user, textarea_id, subject)
        if context is not None:
            found.append((template, context))
    return found


_request_panels = []  # (template, context function) of apps that are not a service, from their ready()


def register_request_panel(template, context_fn):
    """A panel of the visitor's request page from an app that serves every service (the rating):
    ``context_fn(user, service_request)`` gives the context ``template`` is rendered with as ``panel``,
    or None where the panel is not shown."""
    if (template, context_fn) not in _request_panels:
        _request_panels.append((template, context_fn))


def request_panels(user, service_request):
    """(template, context) of every registered request panel shown on ``service_request``'s page."""
    shown = ((template, context_fn(user, service_request)) for template, context_fn in _request_panels)
    return [(template, context) for template, context in shown if context is not None]
