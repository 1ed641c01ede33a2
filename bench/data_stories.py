"""Which story each request of the benchmark lives: the service and channel it was filed in, the state
it ends in (most closed, a few % open, some paused, awaiting payment or approval, some left open for
years), and the list of workflow actions that leads there (``Script``: (action, who, note)).

Who: "V" the visitor, "O" the request's officer, "H" the office's head, "S" the system (actor None)."""
from dataclasses import dataclass

from requests_app.models import Status

V, O, H, S = "V", "O", "H", "S"
AWAITING_PAYMENT = "awaiting_payment"
REMOTE = ("whatsapp", "livechat", "email", "phone")

FINAL_MIX = ((Status.COMPLETED, 86), (Status.REJECTED, 5), (Status.CANCELLED, 5), (Status.CLOSED_INACTIVE, 4))
OPEN_MIX = {
    "konsultasi": ((Status.SUBMITTED, 20), (Status.IN_PROCESS, 55), (Status.RETURNED, 10),
                   (Status.RESUBMITTED, 5), (Status.DRAFT, 10)),
    "penjualan-produk": ((Status.SUBMITTED, 20), (Status.IN_PROCESS, 35), (AWAITING_PAYMENT, 25),
                         (Status.RETURNED, 8), (Status.RESUBMITTED, 4), (Status.DRAFT, 8)),
    "rekomendasi": ((Status.SUBMITTED, 20), (Status.IN_PROCESS, 30), (Status.AWAITING_APPROVAL, 30),
                    (Status.RETURNED, 10), (Status.RESUBMITTED, 5), (Status.DRAFT, 5)),
}
RECENT_DAYS = 30  # filed within this many days: open with RECENT_OPEN_SHARE
RECENT_OPEN_SHARE = 0.7
STUCK_OPEN_SHARE = 0.03  # older and still open: overdue by months or years


@dataclass
class Plan:
    slug: str
    channel: str
    target: str
    with_visitor: bool
    paid: bool = False
    medium: str = "download"
    returns: int = 0
    messages: int = 0
    meeting: bool = False
    sent_back: bool = False


def channel_for(rng, slug, channels):
    """A channel among the standard's sections (remote ones only where the service records them)."""
    if slug == "konsultasi" and "online" in channels:
        return rng.choices(["online", "walk_in", *REMOTE], [50, 25, 8, 6, 6, 5])[0]
    if "online" in channels and "walk_in" in channels:
        return rng.choices(["online", "walk_in"], [70, 30])[0]
    return channels[0]


def target_for(rng, slug, channel, age_days):
    open_share = RECENT_OPEN_SHARE if age_days < RECENT_DAYS else STUCK_OPEN_SHARE
    if slug == "konsultasi" and channel == "walk_in":
        return Status.COMPLETED  # recorded at the desk, done there
    if rng.random() < open_share:
        mix = [(s, w) for s, w in OPEN_MIX[slug] if s != Status.DRAFT or channel == "online"]
        return rng.choices([s for s, _w in mix], [w for _s, w in mix])[0]
    mix = [(s, w) for s, w in FINAL_MIX if s != Status.CLOSED_INACTIVE or slug == "konsultasi"]
    if channel != "online":  # no visitor account to cancel it: the officer rejects instead
        mix = [(s, w) for s, w in mix if s != Status.CANCELLED]
    return rng.choices([s for s, _w in mix], [w for _s, w in mix])[0]


def make_plan(rng, slug, channel, age_days):
    target = target_for(rng, slug, channel, age_days)
    with_visitor = channel == "online" or (slug != "konsultasi" and channel == "walk_in") \
        or (channel == "walk_in" and rng.random() < 0.4)
    plan = Plan(slug, channel, target, with_visitor)
    plan.returns = rng.choices([0, 1, 2], [80, 15, 5])[0] if slug != "konsultasi" else \
        rng.choices([0, 1], [90, 10])[0]
    if target in (Status.RETURNED, Status.RESUBMITTED):
        plan.returns = max(1, plan.returns)
    if not with_visitor:  # only the visitor answers a return
        plan.returns = 0
        plan.target = Status.IN_PROCESS if target in (Status.RETURNED, Status.RESUBMITTED) else target
    plan.messages = rng.randrange(1, 5) if slug == "konsultasi" else rng.choices([0, 1], [85, 15])[0]
    plan.meeting = slug == "konsultasi" and rng.random() < 0.1
    plan.paid = slug == "penjualan-produk" and (target == AWAITING_PAYMENT or rng.random() < 0.6)
    if slug == "penjualan-produk" and channel == "walk_in":
        plan.medium = rng.choice(["physical", "physical", "download"])
    plan.sent_back = slug == "rekomendasi" and rng.random() < 0.1
    return plan


def script(plan):
    """The actions from a draft to ``plan.target``: a list of (action, who, note)."""
    steps, target = [], plan.target
    if target == Status.DRAFT:
        return steps
    steps += _filing(plan)
    if target == Status.SUBMITTED:
        return steps
    if plan.slug == "konsultasi" and plan.channel == "walk_in":
        return steps
    builder = {"konsultasi": _consultation, "penjualan-produk": _sale, "rekomendasi": _recommendation}
    return steps + builder[plan.slug](plan)


def _filing(plan):
    if plan.slug == "konsultasi" and plan.channel == "walk_in":
        return [("record_walk_in", O, "Konsultasi di meja layanan: data dijelaskan langsung.")]
    if plan.channel == "walk_in":
        return [("file_at_desk", O, "")]
    if plan.channel in REMOTE:
        return [("record_remote", O, "")]
    return [("submit", V, "")]


def _returns(plan, first_process):
    steps = []
    for round_ in range(plan.returns):
        steps.append(("return", O, f"Mohon lengkapi bagian yang kurang (putaran {round_ + 1})."))
        if plan.target == Status.RETURNED and round_ == plan.returns - 1:
            return steps, True
        steps.append(("resubmit", V if plan.with_visitor else O, "Sudah kami perbaiki sesuai catatan."))
        if plan.target == Status.RESUBMITTED and round_ == plan.returns - 1:
            return steps, True
        if first_process and round_ < plan.returns - 1:
            steps.append((first_process, O, ""))
    return steps, False


def _closing(plan, done):
    target = plan.target
    if target == Status.REJECTED:
        return [("reject", O, "Permintaan tidak dapat dipenuhi: data yang diminta tidak tersedia.")]
    if target == Status.CANCELLED:
        return [("cancel", V, "")]
    if target == Status.CLOSED_INACTIVE:
        return [("close_inactive", S, "")]
    return done


def _consultation(plan):
    steps = [("process", O, "")]
    returns, stop = _returns(plan, "process")
    if plan.returns:
        steps += returns
        if stop:
            return steps
        steps.append(("process", O, ""))
    for n in range(plan.messages):
        if plan.with_visitor:
            steps.append(("message", V, f"Apakah data ini tersedia per kecamatan? (pertanyaan {n + 1})"))
        steps.append(("message", O, f"Data tersedia di tabel dinamis; tautannya kami kirim ({n + 1})."))
    if plan.meeting and plan.with_visitor:
        steps += [("propose_meeting", O, "Pertemuan video untuk menjelaskan metode."),
                  ("accept_meeting", V, "")]
    if plan.target == Status.IN_PROCESS:
        return steps
    return steps + _closing(plan, [("complete", O, "Pertanyaan sudah dijawab lengkap.")])


def _sale(plan):
    steps, stop = _returns(plan, None) if plan.returns else ([], False)
    if stop:
        return steps
    if plan.target == Status.CANCELLED:
        return steps + [("cancel", V, "")]
    steps.append(("confirm_order", O, ""))
    if plan.paid:
        steps.append(("issue_billing", O, ""))
        if plan.target == AWAITING_PAYMENT:
            return steps
        steps += [("submit_payment", V if plan.with_visitor else O, ""), ("verify_payment", O, "")]
    if plan.target == Status.IN_PROCESS:
        return steps
    if plan.target == Status.REJECTED:
        return steps + _closing(plan, [])
    if plan.medium == "physical":
        return steps + [("ready_for_pickup", O, ""), ("hand_over", O, "Media diserahkan di kantor.")]
    return steps + [("prepare_file", O, ""), ("deliver", O, "")]


def _recommendation(plan):
    steps, stop = _returns(plan, None) if plan.returns else ([], False)
    if stop:
        return steps
    if plan.target == Status.CANCELLED:
        return steps + [("cancel", V, "")]
    if plan.target == Status.REJECTED:
        return steps + [("reject", O, "Kegiatan tidak memenuhi kaidah statistik sektoral.")]
    steps.append(("declare_feasible", O, ""))
    if plan.target == Status.IN_PROCESS:
        return steps
    steps += [("draft_letter", O, ""), ("request_approval", O, "")]
    if plan.sent_back:
        steps += [("send_back", H, "Mohon perbaiki tujuan surat."), ("draft_letter", O, ""),
                  ("request_approval", O, "")]
    if plan.target == Status.AWAITING_APPROVAL:
        return steps
    return steps + [("approve", H, "")]
